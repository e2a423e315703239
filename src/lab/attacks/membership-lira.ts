// The likelihood-ratio attack LiRA, offline variant (Carlini et al., S&P 2022): fit a Gaussian to
// the logit-scaled confidence that reference models which never saw a record give it, then test how
// far above that OUT distribution the target's confidence lies (one-sided).
import { z } from "zod";
import { defineAttack } from "../attack.js";
import { createOracle } from "../oracle.js";
import {
  affordableCandidates,
  candidatesOf,
  membershipResult,
  queryAll,
  trueClassStats,
} from "./membership-common.js";
import { referenceWithout, shadowRecipe, shadowSize, withShadowModels } from "./shadow-common.js";

const Params = z
  .object({
    ...shadowRecipe,
    shadowModels: z.number().int().min(2).max(256).default(16),
    /**
     * One variance for all records (the paper's advice below ~64 shadow models) instead of one per
     * record. With a shared variance the ranking depends only on φ − μ_out, so it cannot be noisy.
     */
    fixedVariance: z.boolean().default(true),
  })
  .strict();

/** Standard normal CDF Φ (Abramowitz–Stegun 7.1.26 via erf; absolute error < 1.5e-7). */
export function normalCdf(z: number): number {
  if (z === Number.POSITIVE_INFINITY) return 1;
  if (z === Number.NEGATIVE_INFINITY) return 0;
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly =
    t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

/** Mean, per-record standard deviation and pooled standard deviation of OUT confidences φ[i][m]. */
export function fitOut(phi: readonly (readonly number[])[]): {
  mean: number[];
  std: number[];
  pooledStd: number;
} {
  let ss = 0;
  let dof = 0;
  const mean: number[] = [];
  const std: number[] = [];
  for (const row of phi) {
    const m = row.reduce((a, b) => a + b, 0) / row.length;
    const s = row.reduce((a, b) => a + (b - m) ** 2, 0);
    mean.push(m);
    std.push(Math.sqrt(s / Math.max(1, row.length - 1)));
    ss += s;
    dof += row.length - 1;
  }
  return { mean, std, pooledStd: Math.sqrt(ss / Math.max(1, dof)) };
}

/** Floor on σ so a record every reference model agrees on cannot get an infinite score. */
const MIN_SIGMA = 1e-3;

export const membershipLira = defineAttack({
  id: "membership-lira",
  family: "inference",
  name: "LiRA membership inference (offline)",
  paper: {
    authors: "Nicholas Carlini, Steve Chien, Milad Nasr, Shuang Song, Andreas Terzis, Florian Tramèr",
    title: "Membership Inference Attacks From First Principles",
    venue: "IEEE Symposium on Security and Privacy (S&P)",
    year: 2022,
    url: "https://arxiv.org/abs/2112.03570",
  },
  requires: { outputs: ["probs"], inputs: true, reference: true },
  params: Params,
  description:
    "Offline likelihood-ratio attack: trains OUT reference models on random subsets of the attacker's " +
    "reference data (never on the candidates), fits a Gaussian to each candidate's logit-scaled true-class " +
    "confidence φ = log(p / (1 − p)) under those models, and scores the target's φ with a one-sided test " +
    "against it. Calibrating per record is what makes it strong at very low false-positive rates. One " +
    "query per candidate.",
  async run(ctx) {
    const p = ctx.params;
    const name = "LiRA (offline)";
    const info = ctx.target.info;
    const candidates = affordableCandidates(candidatesOf(ctx, name), ctx.target.remaining, 1, name);
    const reference = referenceWithout(ctx.reference ?? [], candidates);
    const size = shadowSize(p, reference.length, 1);
    const xs = candidates.map((c) => c.x);

    const phiOut: number[][] = candidates.map(() => []);
    await withShadowModels(
      ctx,
      p,
      reference,
      p.shadowModels,
      size,
      (model) => {
        model.predict(xs).forEach((scores, i) => {
          const pred = { label: 0, scores: Array.from(scores) };
          phiOut[i]!.push(trueClassStats(pred, candidates[i]!.y, "probs").phi);
        });
      },
      { from: 0, to: 0.9 },
    );
    const out = fitOut(phiOut);

    const oracle = createOracle(ctx);
    const preds = await queryAll(xs, (batch) => oracle.predict(batch));
    // z = (φ_target − μ_out) / σ_out; Λ = Φ(z) = 1 − Pr[Z > φ_target]. Ranking by z equals ranking
    // by Λ and keeps the order of records whose Λ rounds to 1.
    const scores = preds.map((pred, i) => {
      const phi = trueClassStats(pred, candidates[i]!.y, "probs").phi;
      const sigma = Math.max(MIN_SIGMA, p.fixedVariance ? out.pooledStd : out.std[i]!);
      return (phi - out.mean[i]!) / sigma;
    });
    const lambdas = scores.map(normalCdf);
    const membersLambda = lambdas.filter((_, i) => candidates[i]!.member);
    const othersLambda = lambdas.filter((_, i) => !candidates[i]!.member);
    const avg = (v: number[]) => v.reduce((a, b) => a + b, 0) / Math.max(1, v.length);
    return membershipResult({
      attackName: name,
      statistic: `one-sided Gaussian test against ${p.shadowModels} OUT models, ${p.fixedVariance ? "shared" : "per-record"} variance`,
      candidates,
      scores,
      metrics: {
        queries: oracle.used(),
        shadowModels: p.shadowModels,
        shadowTrainSize: size,
        fixedVariance: p.fixedVariance ? 1 : 0,
        pooledOutStd: out.pooledStd,
        meanLikelihoodMembers: avg(membersLambda),
        meanLikelihoodNonMembers: avg(othersLambda),
      },
      info,
    });
  },
});
