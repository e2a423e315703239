// The likelihood-ratio attack LiRA (Carlini et al., S&P 2022). Offline: fit a Gaussian to the
// logit-scaled confidence that reference models which never saw a record give it and test how far
// above it the target's confidence lies. Online: also train models on the candidates and compare the
// IN and OUT Gaussians (membership-lira-online.ts).
import { z } from "zod";
import { type AttackContext, defineAttack, type LabExample } from "../attack.js";
import { createOracle } from "../oracle.js";
import { fitGaussians, gaussianLogRatio, normalCdf, sigmaOf } from "./lira-stats.js";
import {
  affordableCandidates,
  type Candidate,
  candidatesOf,
  membershipResult,
  queryAll,
  trueClassStats,
} from "./membership-common.js";
import { type AttackerRecord, onlineConfidences } from "./membership-lira-online.js";
import { referenceWithout, shadowPhi, shadowRecipe, shadowSize, withShadowModels } from "./shadow-common.js";

const Params = z
  .object({
    ...shadowRecipe,
    shadowModels: z.number().int().min(2).max(256).default(16),
    /**
     * One variance for all records (the paper's advice below ~64 shadow models) instead of one per
     * record (one each for IN and OUT, online). Offline, the ranking then depends only on φ − μ_out.
     */
    fixedVariance: z.boolean().default(true),
    /**
     * `offline`: reference models never train on a candidate (OUT only). `online`: every candidate is
     * also IN for some models, trained on the candidates' own records (Algorithm 1 of the paper);
     * the same number of models, better at low false-positive rates. Needs at least 4 models.
     */
    variant: z.enum(["offline", "online"]).default("offline"),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.variant === "online" && p.shadowModels < 4) {
      ctx.addIssue({
        code: "custom",
        path: ["shadowModels"],
        message: "at least 4 for variant online (every candidate IN for half of the models, at least 2)",
      });
    }
  });
type LiraParams = z.output<typeof Params>;

/** What a variant computes from the attacker's view alone (no membership anywhere). */
interface Scored {
  scores: number[];
  statistic: string;
  metrics: Record<string, number>;
}

export const membershipLira = defineAttack({
  id: "membership-lira",
  family: "inference",
  name: "LiRA membership inference (offline or online)",
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
    "Likelihood-ratio attack. Offline (default): trains OUT reference models on random subsets of the " +
    "attacker's reference data (never on the candidates), fits a Gaussian to each candidate's logit-scaled " +
    "true-class confidence φ = log(p / (1 − p)) under those models, and scores the target's φ with a " +
    "one-sided test against it. Online (variant=online): also trains on the candidates' own records, so " +
    "each candidate is IN for some models and OUT for the rest, and scores the target's φ by the ratio of " +
    "the IN and OUT Gaussians' densities; stronger at the lowest false-positive rates. Calibrating per " +
    "record is what makes LiRA strong there. One query per candidate.",
  async run(ctx) {
    const p = ctx.params;
    const name = `LiRA (${p.variant})`;
    const candidates = affordableCandidates(candidatesOf(ctx, name), ctx.target.remaining, 1, name);
    // The attacker's view: the records without their membership, which only scores the result below.
    const records: AttackerRecord[] = candidates.map(({ x, y }) => ({ x, y }));
    const reference = referenceWithout(ctx.reference ?? [], records);
    const attack =
      p.variant === "online"
        ? await online(ctx, p, records, reference)
        : await offline(ctx, p, records, reference);
    return membershipResult({
      attackName: name,
      statistic: attack.statistic,
      candidates,
      scores: attack.scores,
      metrics: {
        ...attack.metrics,
        ...(p.variant === "offline" ? meanLikelihoods(attack.scores, candidates) : {}),
      },
      info: ctx.target.info,
    });
  },
});

/** Offline: OUT reference models on the reference data only; z = (φ − μ_out) / σ_out. */
async function offline(
  ctx: AttackContext<unknown>,
  p: LiraParams,
  records: readonly AttackerRecord[],
  reference: readonly LabExample[],
): Promise<Scored> {
  const size = shadowSize(p, reference.length, 1);
  const phiOut: number[][] = records.map(() => []);
  await withShadowModels(
    ctx,
    p,
    reference,
    p.shadowModels,
    size,
    (model) => {
      shadowPhi(model, records).forEach((phi, i) => {
        phiOut[i]!.push(phi);
      });
    },
    { from: 0, to: 0.9 },
  );
  const out = fitGaussians(phiOut);
  const target = await targetPhi(ctx, records);
  // Λ = Φ(z) = 1 − Pr[Z > φ_target]. Ranking by z equals ranking by Λ and keeps the order of
  // records whose Λ rounds to 1.
  const scores = target.phi.map((phi, i) => (phi - out.mean[i]!) / sigmaOf(out, i, p.fixedVariance));
  return {
    scores,
    statistic: `one-sided Gaussian test against ${p.shadowModels} OUT models, ${p.fixedVariance ? "shared" : "per-record"} variance`,
    metrics: {
      queries: target.queries,
      shadowModels: p.shadowModels,
      shadowTrainSize: size,
      fixedVariance: p.fixedVariance ? 1 : 0,
      pooledOutStd: out.pooledStd,
    },
  };
}

/** Online: IN and OUT models per candidate; the score is log Λ = log p(φ | IN) − log p(φ | OUT). */
async function online(
  ctx: AttackContext<unknown>,
  p: LiraParams,
  records: readonly AttackerRecord[],
  reference: readonly LabExample[],
): Promise<Scored> {
  const shadows = await onlineConfidences(ctx, p, records, reference);
  const fitIn = fitGaussians(shadows.phiIn);
  const fitOut = fitGaussians(shadows.phiOut);
  const target = await targetPhi(ctx, records);
  const scores = target.phi.map((phi, i) =>
    gaussianLogRatio(
      phi,
      { mean: fitIn.mean[i]!, sigma: sigmaOf(fitIn, i, p.fixedVariance) },
      { mean: fitOut.mean[i]!, sigma: sigmaOf(fitOut, i, p.fixedVariance) },
    ),
  );
  return {
    scores,
    statistic:
      `likelihood ratio of IN and OUT Gaussians over ${p.shadowModels} shadow models, each candidate IN ` +
      `for ${shadows.inModels}, ${p.fixedVariance ? "shared" : "per-record"} variance`,
    metrics: {
      queries: target.queries,
      shadowModels: p.shadowModels,
      shadowTrainSize: shadows.size,
      inModelsPerCandidate: shadows.inModels,
      fixedVariance: p.fixedVariance ? 1 : 0,
      pooledInStd: fitIn.pooledStd,
      pooledOutStd: fitOut.pooledStd,
    },
  };
}

/** The target's true-class confidence φ for each record, one query each (after the shadow models). */
async function targetPhi(
  ctx: AttackContext<unknown>,
  records: readonly AttackerRecord[],
): Promise<{ phi: number[]; queries: number }> {
  const oracle = createOracle(ctx);
  const preds = await queryAll(
    records.map((r) => r.x),
    (batch) => oracle.predict(batch),
  );
  const phi = preds.map((pred, i) => trueClassStats(pred, records[i]!.y, "probs").phi);
  return { phi, queries: oracle.used() };
}

/** Offline's average Λ = Φ(z) of members and of non-members (evaluation only). */
function meanLikelihoods(
  scores: readonly number[],
  candidates: readonly Candidate[],
): Record<string, number> {
  const avg = (member: boolean) => {
    const v = scores.filter((_, i) => candidates[i]!.member === member).map(normalCdf);
    return v.reduce((a, b) => a + b, 0) / Math.max(1, v.length);
  };
  return { meanLikelihoodMembers: avg(true), meanLikelihoodNonMembers: avg(false) };
}
