// Loss / confidence threshold membership inference (Yeom et al., CSF 2018): a record is called a
// member when the target's loss on it is low; sweeping the threshold gives the ROC.
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

const Params = z
  .object({
    /**
     * `loss`: cross-entropy of the true label (Yeom et al.); `confidence`: the top score, which
     * needs no label (Salem et al.'s variant).
     */
    statistic: z.enum(["loss", "confidence"]).default("loss"),
    /**
     * The attacker's decision threshold, when known: a loss (flag iff loss ≤ threshold; Yeom et al.
     * use the average training loss) or, for `confidence`, a probability (flag iff top score ≥ it).
     */
    threshold: z.number().positive().optional(),
  })
  .strict();

export const membershipThreshold = defineAttack({
  id: "membership-threshold",
  family: "inference",
  name: "Loss-threshold membership inference",
  paper: {
    authors: "Samuel Yeom, Irene Giacomelli, Matt Fredrikson, Somesh Jha",
    title: "Privacy Risk in Machine Learning: Analyzing the Connection to Overfitting",
    venue: "IEEE Computer Security Foundations Symposium (CSF)",
    year: 2018,
    url: "https://arxiv.org/abs/1709.01604",
  },
  requires: { outputs: ["probs", "topk"], inputs: true },
  params: Params,
  description:
    "One query per candidate record: training records tend to get a lower loss (a higher score for their " +
    "true class) than records the model never saw. Sweeping a threshold on the loss gives the ROC curve; " +
    "reports AUC, TPR at 1 % and 0.1 % FPR and balanced accuracy. Needs candidate records labelled " +
    "member / non-member.",
  async run(ctx) {
    const p = ctx.params;
    const name = "Loss-threshold membership inference";
    const candidates = affordableCandidates(candidatesOf(ctx, name), ctx.target.remaining, 1, name);
    const oracle = createOracle(ctx);
    const output = ctx.target.info.output;
    const preds = await queryAll(
      candidates.map((c) => c.x),
      (xs) => oracle.predict(xs),
      (done) => ctx.onProgress(done / candidates.length, `scored ${done} of ${candidates.length} records`),
    );
    // Scores are logit-scaled confidences: a monotone function of the loss (or of the top score),
    // so the ROC is the same, but precision survives confidences within 1e-16 of 1.
    const scores = preds.map((pred, i) =>
      p.statistic === "loss"
        ? trueClassStats(pred, candidates[i]!.y, output).phi
        : trueClassStats(pred, pred.label, output).phi,
    );
    let decisionThreshold: number | undefined;
    if (p.threshold !== undefined) {
      const prob = p.statistic === "loss" ? Math.exp(-p.threshold) : Math.min(p.threshold, 1);
      decisionThreshold = Math.log(prob) - Math.log1p(-prob);
    }
    return membershipResult({
      attackName: name,
      statistic: p.statistic === "loss" ? "low loss on the true label" : "high top score",
      candidates,
      scores,
      decisionThreshold,
      metrics: { queries: oracle.used() },
      info: ctx.target.info,
    });
  },
});
