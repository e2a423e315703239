// Knockoff Nets (Orekondy, Schiele, Fritz, CVPR 2019): query the victim on a transfer pool of
// natural-looking inputs, chosen at random or by the adaptive bandit, and train a surrogate on its answers.
import { z } from "zod";
import { Unsupported } from "../../contracts/errors.js";
import type { AttackContext, LabExample } from "../attack.js";
import { defineAttack } from "../attack.js";
import { type InputLayout, inputLayout } from "../layout.js";
import { createRng, type Rng } from "../rng.js";
import { collectAdaptively, groupPool } from "./knockoff-adaptive.js";
import {
  queryInto,
  runSurrogateAttack,
  type SurrogateSetup,
  surrogateParams,
  type TrainingSet,
} from "./surrogate-common.js";

const Params = z
  .object({
    ...surrogateParams,
    /** Transfer pool: the supplied inputs, or synthetic stroke/blob images (uniform noise for vectors). */
    pool: z.enum(["inputs", "synthetic"]).default("inputs"),
    /** Training queries; default: all the budget left after evaluation. */
    queries: z.number().int().positive().optional(),
    epochs: z.number().int().positive().default(30),
    /** Train on the victim's probabilities (distillation) when it returns them. */
    softLabels: z.boolean().default(true),
    /** "random": sample the pool uniformly; "adaptive": the paper's gradient-bandit policy over groups of the pool. */
    strategy: z.enum(["random", "adaptive"]).default("random"),
    /** Adaptive: the bandit's actions are the pool's own labels or k-means clusters of its inputs. */
    groups: z.enum(["labels", "clusters"]).default("labels"),
    /** Adaptive with `groups: clusters`: number of clusters. */
    clusters: z.number().int().min(2).max(1000).default(10),
    /** Adaptive: queries drawn from one policy before it is updated and the surrogate trained an epoch. */
    roundSize: z.number().int().positive().default(50),
    /** Adaptive: step size of the bandit's preference update. */
    stepSize: z.number().positive().max(10).default(0.1),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.strategy === "adaptive" && p.pool === "synthetic") {
      ctx.addIssue({
        code: "custom",
        path: ["pool"],
        message: "the adaptive strategy samples groups of supplied inputs; use pool: inputs",
      });
    }
  });

type KnockoffParams = z.output<typeof Params>;

export const knockoff = defineAttack({
  id: "knockoff",
  family: "extraction",
  name: "Knockoff Nets",
  paper: {
    authors: "Tribhuvanesh Orekondy, Bernt Schiele, Mario Fritz",
    title: "Knockoff Nets: Stealing Functionality of Black-Box Models",
    venue: "IEEE/CVF Conference on Computer Vision and Pattern Recognition (CVPR)",
    year: 2019,
    url: "https://arxiv.org/abs/1812.02766",
  },
  requires: { outputs: ["label", "topk", "probs"] },
  params: Params,
  description:
    "Functionality stealing: query the victim on a transfer pool, sampled at random or (strategy: adaptive) by " +
    "a bandit that learns which groups of the pool give informative answers, and train a surrogate on the " +
    "answers (probabilities when available). Reports fidelity (agreement with the victim on held-out inputs) " +
    "and the surrogate's own accuracy.",
  async run(ctx) {
    const p = ctx.params;
    const name = `Knockoff Nets (${p.strategy} strategy)`;
    if (p.strategy === "adaptive") return runSurrogateAttack(ctx, name, (setup) => adaptive(ctx, setup));
    return runSurrogateAttack(ctx, name, async (setup) => {
      const { oracle, surrogate } = setup;
      const info = ctx.target.info;
      const rng = createRng(`${ctx.seed}:knockoff`);
      const wanted = Math.min(p.queries ?? setup.attackBudget, setup.attackBudget);
      const transfer =
        p.pool === "inputs" && setup.pool.length > 0
          ? rng
              .shuffle([...setup.pool])
              .slice(0, wanted)
              .map((e: LabExample) => e.x)
          : syntheticPool(wanted, inputLayout(info), info.inputBounds, rng);
      const set: TrainingSet = { xs: [], ys: [], labels: [] };
      await queryInto(oracle, info, transfer, p.softLabels, set, () =>
        ctx.onProgress(
          (0.3 * set.xs.length) / transfer.length,
          `queried ${set.xs.length}/${transfer.length}`,
        ),
      );
      const attackQueries = oracle.used();
      await surrogate.train(set.xs, set.ys, {
        epochs: p.epochs,
        batchSize: p.batchSize,
        learningRate: p.learningRate,
        rng: createRng(`${ctx.seed}:knockoff:train`),
        signal: ctx.signal,
        onEpoch: (e) =>
          ctx.onProgress(0.3 + (0.65 * (e + 1)) / p.epochs, `training epoch ${e + 1}/${p.epochs}`),
      });
      const transferPoolSize = p.pool === "inputs" ? setup.pool.length : transfer.length;
      return { attackQueries, extra: { transferPoolSize } };
    });
  },
});

/** The adaptive strategy: bandit-driven querying with training along the way, then the full training. */
async function adaptive(
  ctx: AttackContext<KnockoffParams>,
  setup: SurrogateSetup,
): Promise<{ attackQueries: number; extra: Record<string, number> }> {
  const p = ctx.params;
  const { oracle, surrogate, pool } = setup;
  if (pool.length === 0) {
    throw new Unsupported(
      "the adaptive strategy needs inputs to sample from (the attacker's own data); none were left after the held-out split",
    );
  }
  const rng = createRng(`${ctx.seed}:knockoff-adaptive`);
  const groups = groupPool(pool, p.groups, p.clusters, rng.fork());
  const wanted = Math.min(p.queries ?? setup.attackBudget, setup.attackBudget, pool.length);
  const train = { batchSize: p.batchSize, learningRate: p.learningRate, signal: ctx.signal };
  const { set, policy } = await collectAdaptively(
    oracle,
    ctx.target.info,
    pool,
    groups,
    surrogate,
    {
      queries: wanted,
      roundSize: p.roundSize,
      stepSize: p.stepSize,
      softLabels: p.softLabels,
      train: { ...train, rng: createRng(`${ctx.seed}:knockoff-adaptive:rounds`) },
      onRound: (n) => ctx.onProgress((0.4 * n) / wanted, `queried ${n}/${wanted} (adaptive)`),
    },
    rng,
  );
  const attackQueries = oracle.used();
  await surrogate.train(set.xs, set.ys, {
    ...train,
    epochs: p.epochs,
    rng: createRng(`${ctx.seed}:knockoff:train`),
    onEpoch: (e) => ctx.onProgress(0.4 + (0.55 * (e + 1)) / p.epochs, `training epoch ${e + 1}/${p.epochs}`),
  });
  return {
    attackQueries,
    extra: {
      transferPoolSize: pool.length,
      actions: groups.length,
      finalPolicyMax: Math.max(...policy),
      finalPolicyMin: Math.min(...policy),
    },
  };
}

/**
 * Synthetic transfer pool when no natural inputs are supplied: for images, a few soft strokes and
 * blobs on a dark background (closer to natural images than uniform noise); for vectors, uniform.
 */
export function syntheticPool(
  n: number,
  layout: InputLayout,
  bounds: { min: number; max: number },
  rng: Rng,
): Float32Array[] {
  const { min, max } = bounds;
  const size = layout.channels * layout.height * layout.width;
  return Array.from({ length: n }, () => {
    const x = new Float32Array(size).fill(min);
    if (layout.kind !== "image") {
      for (let j = 0; j < size; j++) x[j] = min + (max - min) * rng.next();
      return x;
    }
    const strokes = 1 + rng.int(3);
    for (let s = 0; s < strokes; s++) {
      // A quadratic Bézier stroke with a Gaussian pen.
      const pts = [0, 1, 2].map(() => [rng.next() * layout.height, rng.next() * layout.width] as const);
      const pen = 0.8 + rng.next() * 1.5;
      const ink = 0.5 + 0.5 * rng.next();
      for (let t = 0; t <= 1; t += 0.02) {
        const a = (1 - t) * (1 - t);
        const b = 2 * (1 - t) * t;
        const c = t * t;
        const cy = a * pts[0]![0] + b * pts[1]![0] + c * pts[2]![0];
        const cx = a * pts[0]![1] + b * pts[1]![1] + c * pts[2]![1];
        for (let y = Math.max(0, Math.floor(cy - 3 * pen)); y < Math.min(layout.height, cy + 3 * pen); y++) {
          for (
            let xx = Math.max(0, Math.floor(cx - 3 * pen));
            xx < Math.min(layout.width, cx + 3 * pen);
            xx++
          ) {
            const w = ink * Math.exp(-((y - cy) ** 2 + (xx - cx) ** 2) / (2 * pen * pen));
            for (let ch = 0; ch < layout.channels; ch++) {
              const j = layout.index(ch, y, xx);
              x[j] = Math.min(max, Math.max(x[j]!, min + (max - min) * w));
            }
          }
        }
      }
    }
    return x;
  });
}
