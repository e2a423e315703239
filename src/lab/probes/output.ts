// Probe: what one answer of the API reveals — label only, top-k or all scores, and with how many
// decimal digits — and, over raw HTTP, which numeric fields the answer holds beyond the mapping.
import { z } from "zod";
import { defineAttack } from "../attack.js";
import { createOracle } from "../oracle.js";
import {
  decimalDigits,
  numberTokens,
  numericArrays,
  PREDICTION_API_PAPER,
  probeInputs,
  significantDigits,
} from "./inspect.js";

const Params = z
  .object({
    /** Valid inputs to send (the supplied inputs first, then random ones within the bounds). */
    queries: z.number().int().min(1).max(1000).default(20),
    /** Scores with at most this many decimal digits count as rounded. */
    roundedDigits: z.number().int().min(0).max(8).default(3),
  })
  .strict();

/** Granularity option ids of `surface.inference.output_granularity`. */
export type Granularity = "label_only" | "top_k" | "rounded_scores" | "full_probabilities";

/** The granularity answer for what was observed. */
export function granularityOf(
  output: "label" | "topk" | "probs",
  digits: number,
  roundedDigits: number,
): Granularity {
  if (output === "label") return "label_only";
  if (output === "topk") return "top_k";
  return digits <= roundedDigits ? "rounded_scores" : "full_probabilities";
}

const COARSE: Record<Granularity, "yes" | "partial" | "no"> = {
  label_only: "yes",
  top_k: "partial",
  rounded_scores: "partial",
  full_probabilities: "no",
};

export const probeOutput = defineAttack({
  id: "probe-output",
  family: "probe",
  name: "Probe: output leakage",
  paper: PREDICTION_API_PAPER,
  requires: { outputs: ["label", "topk", "probs"] },
  params: Params,
  description:
    "Sends a few valid inputs and records what comes back: a label only, the top-k classes, or scores for " +
    "every class, and how many decimal digits the scores carry (rounding is a defence; Tramèr et al. show " +
    "full-precision scores make stealing cheap). Over HTTP it also lists every numeric array in the raw " +
    "answer. Fills in the output-granularity and coarse-outputs answers.",
  async run(ctx) {
    const p = ctx.params;
    const info = ctx.target.info;
    const examples: Array<{ label: string }> = [];
    let rawTokens: string[] = [];
    let fields: Array<{ path: string; length: number }> = [];
    const inputs = probeInputs(info, ctx.inputs, p.queries, ctx.seed);
    if (ctx.raw && ctx.raw.remaining() > 1) {
      const ex = await ctx.raw.sendInput(Array.from(inputs[0]!), { signal: ctx.signal });
      if (ex.status >= 200 && ex.status < 300) {
        rawTokens = numberTokens(ex.body);
        try {
          fields = numericArrays(JSON.parse(ex.body));
        } catch {
          fields = [];
        }
        examples.push({ label: `raw answer (HTTP ${ex.status}): ${ex.body.slice(0, 300)}` });
      }
    }
    const oracle = createOracle(ctx);
    const n = Math.min(inputs.length, ctx.raw ? ctx.raw.remaining() : oracle.remaining());
    const preds = await oracle.predict(inputs.slice(0, n));
    const values: Array<number | string> = [
      ...preds.flatMap((pr) => (pr.scores ?? []).filter((v) => v !== 0)),
      ...rawTokens,
    ];
    // Decimal places decide "rounded" (0.12 has 2); significant digits describe the precision.
    const digits = Math.max(0, ...values.map(decimalDigits));
    const significant = Math.max(0, ...values.map(significantDigits));
    const shown = preds.map((pr) => (pr.scores ?? []).filter((v) => v > 0).length);
    const sums = preds.filter((pr) => pr.scores).map((pr) => pr.scores!.reduce((a, b) => a + b, 0));
    // A label-only mapping over an answer that also carries a score per class still leaks scores.
    const wide = fields.filter((f) => f.length === info.numClasses);
    const hiddenScores = info.output === "label" && wide.length > 0;
    const granularity = granularityOf(hiddenScores ? "probs" : info.output, digits, p.roundedDigits);
    const scored = hiddenScores ? info.numClasses : Math.max(0, ...shown);
    const summary =
      `Output probe: ${describe(granularity, info.numClasses, scored)}` +
      (granularity === "label_only"
        ? ""
        : granularity === "rounded_scores"
          ? ` rounded to ${digits} decimal place${digits === 1 ? "" : "s"}`
          : ` with up to ${significant} significant digits`) +
      (hiddenScores ? " (in fields the target mapping does not even read)" : "") +
      (fields.length > 0
        ? `; the raw answer holds ${fields.map((f) => `${f.path || "(body)"} (${f.length} numbers)`).join(", ")}`
        : "") +
      ".";
    return {
      metrics: {
        queries: oracle.used() + (ctx.raw?.used() ?? 0),
        scoredClasses: scored,
        decimalDigits: digits,
        significantDigits: significant,
        scoresSumToOne: sums.length > 0 ? sums.filter((s) => Math.abs(s - 1) < 1e-3).length / sums.length : 0,
        rawNumericArrays: fields.length,
        rawScoreArrays: wide.length,
      },
      summary,
      examples,
      suggestedAnswers: {
        "surface.inference.output_granularity": granularity,
        "security.mitigation.coarse_outputs": COARSE[granularity],
      },
    };
  },
});

function describe(g: Granularity, classes: number, shown: number): string {
  switch (g) {
    case "label_only":
      return "the API returns only a label";
    case "top_k":
      return `the API returns scores for the top ${shown} of ${classes} classes`;
    case "rounded_scores":
      return `the API returns scores for ${shown} of ${classes} classes`;
    case "full_probabilities":
      return `the API returns full-precision scores for ${shown} of ${classes} classes`;
  }
}
