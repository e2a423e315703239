// Probe: what the API does with inputs outside its schema — out of range, NaN, null, strings, wrong
// shape, oversized — and whether its error answers leak stack traces or framework names.
import { z } from "zod";
import { Unsupported } from "../../contracts/errors.js";
import type { Prediction } from "../../contracts/lab.js";
import { defineAttack } from "../attack.js";
import { internalsLeaked, probeInputs } from "./inspect.js";
import type { NonFiniteEncoding, RawExchange } from "./raw.js";

const Params = z
  .object({
    /** Values in the oversized input (about 4 bytes each in the body). */
    oversizedValues: z.number().int().min(1000).max(4_000_000).default(262_144),
  })
  .strict();

/** How one case came back. */
export type Outcome = "accepted" | "rejected" | "server_error" | "unmapped" | "no_answer";

export function outcomeOf(ex: RawExchange): Outcome {
  if (ex.status === 0) return "no_answer";
  if (ex.status >= 500) return "server_error";
  if (ex.status >= 400) return "rejected";
  if (ex.status >= 200 && ex.status < 300) return ex.prediction ? "accepted" : "unmapped";
  return "rejected";
}

interface Case {
  name: string;
  what: string;
  input: unknown;
  nonFinite?: NonFiniteEncoding;
  /** Counts towards "does the API validate its inputs". */
  invalid: boolean;
}

/** The cases sent, in order; `base` is a valid input. */
export function inputCases(
  base: Float32Array,
  bounds: { min: number; max: number },
  oversized: number,
): Case[] {
  const range = bounds.max - bounds.min || 1;
  const b = Array.from(base);
  const withFirst = (v: unknown) => [v, ...b.slice(1)];
  return [
    { name: "valid", what: "a valid input", input: b, invalid: false },
    {
      name: "above_range",
      what: `every feature at max + 10 × range (${bounds.max + 10 * range})`,
      input: b.map(() => bounds.max + 10 * range),
      invalid: true,
    },
    {
      name: "below_range",
      what: `every feature at min − 10 × range (${bounds.min - 10 * range})`,
      input: b.map(() => bounds.min - 10 * range),
      invalid: true,
    },
    {
      name: "nan_literal",
      what: "first feature NaN (bare literal, as Python writes it)",
      input: withFirst(Number.NaN),
      nonFinite: "literal",
      invalid: true,
    },
    { name: "null_value", what: "first feature null", input: withFirst(null), invalid: true },
    { name: "string_value", what: 'first feature the string "1"', input: withFirst("1"), invalid: true },
    {
      name: "too_short",
      what: `${Math.max(0, b.length - 1)} values instead of ${b.length}`,
      input: b.slice(0, -1),
      invalid: true,
    },
    {
      name: "too_long",
      what: `${b.length + 1} values instead of ${b.length}`,
      input: [...b, b[0] ?? 0],
      invalid: true,
    },
    {
      name: "oversized",
      what: `${oversized} values (about ${Math.round((oversized * 4) / 1024)} KiB)`,
      input: new Array<number>(oversized).fill(Number(((bounds.min + bounds.max) / 2).toPrecision(3))),
      invalid: true,
    },
  ];
}

function sameAnswer(a: Prediction, b: Prediction): boolean | undefined {
  if (!a.scores || !b.scores) return a.label === b.label ? undefined : false;
  return a.scores.length === b.scores.length && a.scores.every((v, i) => Math.abs(v - b.scores![i]!) <= 1e-9);
}

export const probeInputHandling = defineAttack({
  id: "probe-input-handling",
  family: "probe",
  name: "Probe: input handling",
  paper: {
    authors: "Nicolas Papernot, Patrick McDaniel, Arunesh Sinha, Michael P. Wellman",
    title: "SoK: Security and Privacy in Machine Learning",
    venue: "IEEE European Symposium on Security and Privacy (EuroS&P)",
    year: 2018,
    url: "https://doi.org/10.1109/EuroSP.2018.00035",
  },
  requires: { outputs: ["label", "topk", "probs"], raw: true },
  params: Params,
  description:
    "About ten raw requests: a valid input, then inputs far out of range, NaN, null, a string, one value " +
    "too few or too many, and an oversized input. Reports which were accepted or rejected, whether an " +
    "out-of-range input was clipped (its answer equals the clipped input's) or scored as sent, and whether " +
    "error answers leak stack traces, file paths or framework names. Fills in the input-validation answer.",
  async run(ctx) {
    const raw = ctx.raw!;
    const info = ctx.target.info;
    const base = probeInputs(info, ctx.inputs, 1, ctx.seed)[0]!;
    const cases = inputCases(base, info.inputBounds, ctx.params.oversizedValues);
    if (raw.remaining() < cases.length + 1) {
      throw new Unsupported(
        `the input-handling probe needs ${cases.length + 1} requests, the budget leaves ${raw.remaining()}`,
      );
    }
    const results: Array<{ c: Case; ex: RawExchange; outcome: Outcome; leaks: string[] }> = [];
    for (const [i, c] of cases.entries()) {
      const ex = await raw.sendInput(c.input, { nonFinite: c.nonFinite ?? "null", signal: ctx.signal });
      const outcome = outcomeOf(ex);
      const leaks = outcome === "accepted" ? [] : internalsLeaked(ex.body, ex.headers);
      results.push({ c, ex, outcome, leaks });
      ctx.onProgress((i + 1) / (cases.length + 1), `${c.name}: HTTP ${ex.status}`);
    }
    const byName = (n: string) => results.find((r) => r.c.name === n)!;
    // Coercion test: is the out-of-range answer the answer for the same input clipped into range?
    let clippedSame: boolean | undefined;
    const above = byName("above_range");
    if (above.outcome === "accepted") {
      const twin = await raw.sendInput(base.length > 0 ? Array.from(base, () => info.inputBounds.max) : [], {
        signal: ctx.signal,
      });
      if (twin.prediction && above.ex.prediction)
        clippedSame = sameAnswer(above.ex.prediction, twin.prediction);
    }
    const invalid = results.filter((r) => r.c.invalid);
    const accepted = invalid.filter((r) => r.outcome === "accepted");
    const rejected = invalid.filter((r) => r.outcome === "rejected");
    const crashed = invalid.filter((r) => r.outcome === "server_error");
    const leaky = results.filter((r) => r.leaks.length > 0);
    const valid = byName("valid");

    let answer: "rejected" | "coerced" | "scored_as_sent" | undefined;
    let why: string;
    if (valid.outcome !== "accepted") {
      why = `a valid input was not accepted (HTTP ${valid.ex.status}), so nothing can be concluded`;
    } else if (rejected.length === invalid.length) {
      answer = "rejected";
      why = `all ${invalid.length} malformed inputs were rejected`;
    } else if (above.outcome === "accepted" && clippedSame === false) {
      answer = "scored_as_sent";
      why = "an input far out of range was scored, and differently from the same input clipped into range";
    } else if (above.outcome === "accepted" && clippedSame === true) {
      answer = "coerced";
      why = "an input far out of range got exactly the answer of the same input clipped into range";
    } else if (crashed.length > 0) {
      answer = "scored_as_sent";
      why = `${crashed.map((r) => r.c.name).join(", ")} caused server errors: the input reached code that did not check it`;
    } else {
      why = `validation is partial (accepted: ${accepted.map((r) => r.c.name).join(", ")}); no single answer fits`;
    }
    const leakText =
      leaky.length > 0
        ? ` Error answers leak internals: ${leaky.map((r) => `${r.c.name} → ${r.leaks.join("; ")}`).join(" | ")}.`
        : " No error answer leaked stack traces, paths or framework names.";
    return {
      metrics: {
        queries: raw.used(),
        cases: invalid.length,
        accepted: accepted.length,
        rejected: rejected.length,
        serverErrors: crashed.length,
        leakingAnswers: leaky.length,
        ...(clippedSame !== undefined ? { outOfRangeClipped: clippedSame ? 1 : 0 } : {}),
      },
      summary: `Input-handling probe: ${why}.${leakText}`,
      examples: results.map((r) => ({
        label:
          `${r.c.name} (${r.c.what}): HTTP ${r.ex.status}, ${r.outcome.replace("_", " ")}` +
          (r.leaks.length > 0 ? ` — leaks ${r.leaks.join("; ")}` : "") +
          (r.outcome !== "accepted" && r.ex.body ? ` — body: ${r.ex.body.slice(0, 160)}` : ""),
      })),
      ...(answer ? { suggestedAnswers: { "surface.inference.input_validation": answer } } : {}),
    };
  },
});
