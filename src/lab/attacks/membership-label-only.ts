// Label-only membership inference (Choquette-Choo et al., ICML 2021): training records sit farther
// from the decision boundary, so more of their perturbed copies keep the true label. Labels only.
import { z } from "zod";
import { Unsupported } from "../../contracts/errors.js";
import { defineAttack } from "../attack.js";
import { type InputLayout, inputLayout } from "../layout.js";
import { createOracle } from "../oracle.js";
import { createRng, type Rng } from "../rng.js";
import { balancedAccuracyAt } from "../roc.js";
import { affordableCandidates, candidatesOf, membershipResult, queryAll } from "./membership-common.js";

const Params = z
  .object({
    /**
     * `translate`: every shift of the image by (dy, dx) with 0 < |dy| + |dx| ≤ maxShift (the paper's
     * augmentation attack); `noise`: `samples` copies with Gaussian noise (its noise-robustness
     * attack); `auto`: translate for images, noise for feature vectors.
     */
    perturbation: z.enum(["auto", "translate", "noise"]).default("auto"),
    maxShift: z.number().int().min(1).max(4).default(1),
    samples: z.number().int().min(1).max(200).default(20),
    /** Noise standard deviation as a fraction of the input range. */
    sigma: z.number().positive().max(1).default(0.1),
  })
  .strict();

/** The shifts (dy, dx) with 0 < |dy| + |dx| ≤ d. */
export function shifts(d: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let dy = -d; dy <= d; dy++)
    for (let dx = -d; dx <= d; dx++)
      if ((dy !== 0 || dx !== 0) && Math.abs(dy) + Math.abs(dx) <= d) out.push([dy, dx]);
  return out;
}

/** Shift an image by (dy, dx), filling uncovered pixels with `fill`. */
export function translate(
  x: Float32Array,
  layout: InputLayout,
  dy: number,
  dx: number,
  fill: number,
): Float32Array {
  const out = new Float32Array(x.length).fill(fill);
  for (let c = 0; c < layout.channels; c++)
    for (let yy = 0; yy < layout.height; yy++) {
      const sy = yy - dy;
      if (sy < 0 || sy >= layout.height) continue;
      for (let xx = 0; xx < layout.width; xx++) {
        const sx = xx - dx;
        if (sx >= 0 && sx < layout.width) out[layout.index(c, yy, xx)] = x[layout.index(c, sy, sx)]!;
      }
    }
  return out;
}

function noisy(x: Float32Array, sd: number, bounds: { min: number; max: number }, rng: Rng): Float32Array {
  return Float32Array.from(x, (v) => Math.min(bounds.max, Math.max(bounds.min, v + sd * rng.normal())));
}

export const membershipLabelOnly = defineAttack({
  id: "membership-label-only",
  family: "inference",
  name: "Label-only membership inference (perturbation robustness)",
  paper: {
    authors: "Christopher A. Choquette-Choo, Florian Tramèr, Nicholas Carlini, Nicolas Papernot",
    title: "Label-Only Membership Inference Attacks",
    venue: "International Conference on Machine Learning (ICML)",
    year: 2021,
    url: "https://arxiv.org/abs/2007.14321",
  },
  requires: { outputs: ["label", "topk", "probs"], inputs: true },
  params: Params,
  description:
    "Works when the API returns only a label: query each candidate and perturbed copies of it (image " +
    "shifts or Gaussian noise) and count how many keep the true label. Members are more robust, so the " +
    'count is the membership score. Also reports the gap attack ("correctly classified ⇒ member").',
  async run(ctx) {
    const p = ctx.params;
    const name = "Label-only membership inference";
    const info = ctx.target.info;
    const layout = inputLayout(info);
    const kind =
      p.perturbation === "auto" ? (layout.kind === "image" ? "translate" : "noise") : p.perturbation;
    if (kind === "translate" && layout.kind !== "image") {
      throw new Unsupported(
        `${name}: translation needs image inputs, ${info.description} takes a feature vector`,
      );
    }
    const moves = kind === "translate" ? shifts(p.maxShift) : [];
    const perRecord = 1 + (kind === "translate" ? moves.length : p.samples);
    const candidates = affordableCandidates(candidatesOf(ctx, name), ctx.target.remaining, perRecord, name);
    const rng = createRng(`${ctx.seed}:label-only`);
    const sd = p.sigma * (info.inputBounds.max - info.inputBounds.min);
    const oracle = createOracle(ctx);
    const queries: Float32Array[] = [];
    for (const c of candidates) {
      queries.push(c.x);
      if (kind === "translate")
        for (const [dy, dx] of moves) queries.push(translate(c.x, layout, dy, dx, info.inputBounds.min));
      else for (let k = 0; k < p.samples; k++) queries.push(noisy(c.x, sd, info.inputBounds, rng));
    }
    const labels = (
      await queryAll(
        queries,
        (xs) => oracle.predict(xs),
        (done) => ctx.onProgress(done / queries.length, `${done} of ${queries.length} queries`),
      )
    ).map((pr) => pr.label);
    const scores = candidates.map((c, i) => {
      let kept = 0;
      for (let k = 0; k < perRecord; k++) if (labels[i * perRecord + k] === c.y) kept++;
      return kept;
    });
    const correct = candidates.map((c, i) => (labels[i * perRecord] === c.y ? 1 : 0));
    const member = candidates.map((c) => c.member);
    return membershipResult({
      attackName: name,
      statistic:
        kind === "translate"
          ? `true label kept under ${moves.length} shifts of up to ${p.maxShift} pixel${p.maxShift > 1 ? "s" : ""}`
          : `true label kept under ${p.samples} noisy copies (σ = ${p.sigma} of the range)`,
      candidates,
      scores,
      metrics: {
        queries: oracle.used(),
        queriesPerRecord: perRecord,
        gapAttackBalancedAccuracy: balancedAccuracyAt(correct, member, 1),
      },
      info,
    });
  },
});
