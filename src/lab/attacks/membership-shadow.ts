// Shadow-model membership inference (Shokri et al., S&P 2017): train shadow models on the attacker's
// own data, learn from their answers on their own members and non-members what membership looks
// like, then apply that attack model to the target's answers.
import { z } from "zod";
import { defineAttack } from "../attack.js";
import { createOracle } from "../oracle.js";
import { createRng } from "../rng.js";
import type { Surrogate } from "../surrogate.js";
import { affordableCandidates, candidatesOf, membershipResult, queryAll } from "./membership-common.js";
import { referenceWithout, shadowRecipe, shadowSize, withShadowModels } from "./shadow-common.js";
import { oneHot } from "./surrogate-common.js";

const Params = z
  .object({
    ...shadowRecipe,
    shadowModels: z.number().int().min(1).max(64).default(4),
    /**
     * `per-class`: one attack model per true class, as in the paper; `global`: one model for all
     * classes on class-independent features (sorted scores plus the true class's score).
     */
    attackModel: z.enum(["per-class", "global"]).default("per-class"),
    attackHidden: z.array(z.number().int().positive()).max(3).default([64]),
    attackEpochs: z.number().int().positive().default(40),
  })
  .strict();

/** Fewer shadow records of a class than this and the class falls back to the global attack model. */
const MIN_CLASS_ROWS = 20;
const FLOOR = 1e-30;

/** Attack-model features of one answer: log-scores (per class), or sorted log-scores + true class. */
function features(scores: ArrayLike<number>, y: number, global: boolean): Float32Array {
  const logs = Array.from(scores, (v) => Math.log(Math.max(v, FLOOR)));
  if (!global) return Float32Array.from(logs);
  return Float32Array.from([...[...logs].sort((a, b) => b - a), logs[y] ?? Math.log(FLOOR)]);
}

interface Row {
  scores: Float64Array;
  y: number;
  member: boolean;
}

export const membershipShadow = defineAttack({
  id: "membership-shadow",
  family: "inference",
  name: "Shadow-model membership inference",
  paper: {
    authors: "Reza Shokri, Marco Stronati, Congzheng Song, Vitaly Shmatikov",
    title: "Membership Inference Attacks Against Machine Learning Models",
    venue: "IEEE Symposium on Security and Privacy (S&P)",
    year: 2017,
    url: "https://arxiv.org/abs/1610.05820",
  },
  requires: { outputs: ["probs", "topk"], inputs: true, reference: true },
  params: Params,
  description:
    "Trains shadow models (mlsa's tfjs trainer) on reference data from the same distribution, each on " +
    "one half of a random sample with the other half as its non-members; an attack model learns to tell " +
    "their members from non-members by the scores, then judges the target's answers (one query per " +
    "candidate). Set the shadow recipe (size, layers, epochs) to the target's when known.",
  async run(ctx) {
    const p = ctx.params;
    const name = "Shadow-model membership inference";
    const info = ctx.target.info;
    const k = info.numClasses;
    const candidates = affordableCandidates(candidatesOf(ctx, name), ctx.target.remaining, 1, name);
    const reference = referenceWithout(ctx.reference ?? [], candidates);
    const size = shadowSize(p, reference.length, 2);

    // 1. Shadow models: their answers on their own members (first half) and non-members (second half).
    const rows: Row[] = [];
    const accuracy = { in: 0, out: 0 };
    await withShadowModels(
      ctx,
      p,
      reference,
      p.shadowModels,
      size,
      (model, permutation) => {
        const inside = permutation.slice(0, size);
        const outside = permutation.slice(size, 2 * size);
        for (const [set, member] of [
          [inside, true],
          [outside, false],
        ] as const) {
          const probs = model.predict(set.map((i) => reference[i]!.x));
          set.forEach((i, j) => {
            const y = reference[i]!.y;
            const s = probs[j]!;
            rows.push({ scores: s, y, member });
            if (argmaxOf(s) === y) accuracy[member ? "in" : "out"]++;
          });
        }
      },
      { from: 0, to: 0.6 },
    );

    // 2. Attack models (per class, with a global fallback for thin classes).
    const { createSurrogate } = await import("../surrogate.js");
    const trained = new Map<number | "global", { model: Surrogate; norm: Norm }>();
    const train = async (key: number | "global", data: Row[]) => {
      const global = key === "global";
      const xs = data.map((r) => features(r.scores, r.y, global));
      const norm = fitNorm(xs);
      const model = createSurrogate({
        hidden: p.attackHidden,
        numClasses: 2,
        inputShape: [xs[0]!.length],
        seed: `${ctx.seed}:attack-model:${key}`,
      });
      await model.train(
        xs.map((x) => applyNorm(x, norm)),
        data.map((r) => oneHot(r.member ? 1 : 0, 2)),
        {
          epochs: p.attackEpochs,
          batchSize: 32,
          learningRate: 0.001,
          rng: createRng(`${ctx.seed}:attack-train:${key}`),
          signal: ctx.signal,
        },
      );
      trained.set(key, { model, norm });
    };
    try {
      const byClass = Array.from({ length: k }, (_, c) => rows.filter((r) => r.y === c));
      const thin = (c: number) => {
        const r = byClass[c]!;
        return r.length < MIN_CLASS_ROWS || r.every((x) => x.member) || r.every((x) => !x.member);
      };
      const classes = Array.from({ length: k }, (_, c) => c);
      const needGlobal =
        p.attackModel === "global" || classes.some((c) => thin(c) && candidates.some((x) => x.y === c));
      if (p.attackModel === "per-class") {
        for (const c of classes) {
          if (!thin(c) && candidates.some((x) => x.y === c)) await train(c, byClass[c]!);
        }
      }
      if (needGlobal) await train("global", rows);
      ctx.onProgress(0.8, "attack models trained");

      // 3. Query the target once per candidate and apply the attack model of its class.
      const oracle = createOracle(ctx);
      const preds = await queryAll(
        candidates.map((c) => c.x),
        (xs) => oracle.predict(xs),
      );
      const scores = candidates.map((c, i) => {
        const pred = preds[i]!;
        const scoresOf = Array.from({ length: k }, (_, j) => pred.scores?.[j] ?? 0);
        const perClass = p.attackModel === "per-class" && trained.has(c.y);
        const entry = trained.get(perClass ? c.y : "global")!;
        const x = applyNorm(features(scoresOf, c.y, !perClass), entry.norm);
        const [p0, p1] = entry.model.predictProbs([x])[0]!;
        // log-odds of "member": the same ranking as P(member), without float saturation near 1.
        return Math.log(Math.max(p1!, FLOOR)) - Math.log(Math.max(p0!, FLOOR));
      });
      const perClassModels = [...trained.keys()].filter((key) => key !== "global").length;
      return membershipResult({
        attackName: name,
        statistic: `${p.attackModel} attack model over ${p.shadowModels} shadow model${p.shadowModels > 1 ? "s" : ""}`,
        candidates,
        scores,
        decisionThreshold: 0,
        metrics: {
          queries: oracle.used(),
          shadowModels: p.shadowModels,
          shadowTrainSize: size,
          attackModels: trained.size,
          perClassAttackModels: perClassModels,
          shadowTrainAccuracy: accuracy.in / (size * p.shadowModels),
          shadowTestAccuracy: accuracy.out / (size * p.shadowModels),
        },
        info,
      });
    } finally {
      for (const { model } of trained.values()) model.dispose();
    }
  },
});

function argmaxOf(v: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < v.length; i++) if (v[i]! > v[best]!) best = i;
  return best;
}

interface Norm {
  mean: Float64Array;
  std: Float64Array;
}

function fitNorm(xs: readonly Float32Array[]): Norm {
  const d = xs[0]?.length ?? 0;
  const mean = new Float64Array(d);
  const std = new Float64Array(d);
  for (const x of xs) for (let j = 0; j < d; j++) mean[j]! += x[j]! / xs.length;
  for (const x of xs) for (let j = 0; j < d; j++) std[j]! += (x[j]! - mean[j]!) ** 2 / xs.length;
  for (let j = 0; j < d; j++) std[j] = Math.sqrt(std[j]!) || 1;
  return { mean, std };
}

function applyNorm(x: Float32Array, n: Norm): Float32Array {
  return Float32Array.from(x, (v, j) => (v - n.mean[j]!) / n.std[j]!);
}
