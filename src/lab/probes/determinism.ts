// Probe: does the API answer the same input the same way twice? Randomised answers (noise added to
// scores, stochastic models) blunt averaging-free attacks; identical ones let an attacker trust
// every digit.
import { z } from "zod";
import { Unsupported } from "../../contracts/errors.js";
import { defineAttack } from "../attack.js";
import { createOracle } from "../oracle.js";
import { PREDICTION_API_PAPER, probeInputs } from "./inspect.js";

const Params = z
  .object({
    /** Distinct inputs, each sent twice (in two separate calls). */
    inputs: z.number().int().min(1).max(500).default(10),
  })
  .strict();

export const probeDeterminism = defineAttack({
  id: "probe-determinism",
  family: "probe",
  name: "Probe: determinism",
  paper: PREDICTION_API_PAPER,
  requires: { outputs: ["label", "topk", "probs"] },
  params: Params,
  description:
    "Sends the same inputs twice, in two separate calls, and compares labels and scores. Reports how " +
    "many answers were identical and the largest score difference: noisy answers are a (weak) defence " +
    "against equation solving and membership inference; deterministic ones are fully exploitable.",
  async run(ctx) {
    const info = ctx.target.info;
    const oracle = createOracle(ctx);
    const n = Math.min(ctx.params.inputs, Math.floor(oracle.remaining() / 2));
    if (n < 1) throw new Unsupported(`a budget of ${ctx.budget} cannot send one input twice`);
    const inputs = probeInputs(info, ctx.inputs, n, ctx.seed);
    const first = await oracle.predict(inputs);
    ctx.onProgress(0.5, "first pass done");
    const second = await oracle.predict(inputs);
    let sameLabel = 0;
    let sameScores = 0;
    let maxDiff = 0;
    first.forEach((a, i) => {
      const b = second[i]!;
      if (a.label === b.label) sameLabel++;
      const sa = a.scores ?? [];
      const sb = b.scores ?? [];
      let d = sa.length === sb.length ? 0 : Number.POSITIVE_INFINITY;
      for (let j = 0; j < Math.min(sa.length, sb.length); j++) d = Math.max(d, Math.abs(sa[j]! - sb[j]!));
      if (d === 0) sameScores++;
      if (Number.isFinite(d)) maxDiff = Math.max(maxDiff, d);
    });
    const deterministic = sameLabel === n && sameScores === n;
    return {
      metrics: {
        queries: oracle.used(),
        inputs: n,
        identicalLabels: sameLabel / n,
        identicalAnswers: sameScores / n,
        maxScoreDifference: maxDiff,
      },
      summary: deterministic
        ? `Determinism probe: all ${n} inputs got exactly the same answer twice; scores carry no noise.`
        : `Determinism probe: ${n - sameScores} of ${n} inputs got a different answer the second time ` +
          `(labels changed for ${n - sameLabel}; largest score difference ${maxDiff.toPrecision(3)}).`,
      examples: [],
    };
  },
});
