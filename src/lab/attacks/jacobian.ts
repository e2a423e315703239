// Jacobian-based dataset augmentation (Papernot et al., AsiaCCS 2017): train a substitute on a small
// labelled seed set, grow it with x + λ·sign(∂F_{Õ(x)}/∂x), label the new points, repeat.
import { z } from "zod";
import { defineAttack } from "../attack.js";
import { createRng } from "../rng.js";
import { queryInto, runSurrogateAttack, surrogateParams, type TrainingSet } from "./surrogate-common.js";

const Params = z
  .object({
    ...surrogateParams,
    /** Initial substitute training set drawn from the inputs (the paper used 150 MNIST test images). */
    seedSize: z.number().int().positive().default(150),
    /** σ: substitute training rounds; the set doubles between rounds until the budget stops it. */
    rounds: z.number().int().positive().default(6),
    /** λ as a fraction of the input range. */
    lambda: z.number().positive().default(0.1),
    /** τ: flip the sign of λ every τ rounds (periodic step size); off by default. */
    tau: z.number().int().positive().optional(),
    epochsPerRound: z.number().int().positive().default(10),
    /** The paper uses labels only; turn on to distil probabilities when the target gives them. */
    softLabels: z.boolean().default(false),
  })
  .strict();

export const jacobianAugmentation = defineAttack({
  id: "jacobian-augmentation",
  family: "extraction",
  name: "Jacobian-based dataset augmentation",
  paper: {
    authors:
      "Nicolas Papernot, Patrick McDaniel, Ian Goodfellow, Somesh Jha, Z. Berkay Celik, Ananthram Swami",
    title: "Practical Black-Box Attacks against Machine Learning",
    venue: "ACM Asia Conference on Computer and Communications Security (AsiaCCS)",
    year: 2017,
    url: "https://arxiv.org/abs/1602.02697",
  },
  requires: { outputs: ["label", "topk", "probs"], inputs: true },
  params: Params,
  description:
    "Substitute training from few labelled seeds: each round trains the substitute, then adds, for every known " +
    "point, a copy moved by λ in the sign of the substitute's gradient for the victim's label, which explores " +
    "where the victim's decision changes. When the budget cannot label a full doubling, a random subset is " +
    "augmented (reservoir sampling).",
  async run(ctx) {
    const p = ctx.params;
    return runSurrogateAttack(ctx, "Jacobian-based augmentation", async (setup) => {
      const { oracle, surrogate } = setup;
      const info = ctx.target.info;
      const { min, max } = info.inputBounds;
      const rng = createRng(`${ctx.seed}:jacobian`);
      const budgetLeft = () => Math.min(setup.attackBudget - oracle.used(), oracle.remaining());
      const seeds = rng
        .shuffle([...setup.pool])
        .slice(0, Math.min(p.seedSize, setup.attackBudget))
        .map((e) => e.x);
      const set: TrainingSet = { xs: [], ys: [], labels: [] };
      const { xs, ys, labels } = set;
      const known = new Set(seeds.map(keyOf));
      await queryInto(oracle, info, seeds, p.softLabels, set);
      let rounds = 0;
      for (let rho = 0; rho < p.rounds; rho++) {
        rounds++;
        await surrogate.train(xs, ys, {
          epochs: p.epochsPerRound,
          batchSize: p.batchSize,
          learningRate: p.learningRate,
          rng: createRng(`${ctx.seed}:jacobian:train:${rho}`),
          signal: ctx.signal,
          onEpoch: (e) =>
            ctx.onProgress(
              (rho + (e + 1) / p.epochsPerRound) / p.rounds,
              `round ${rho + 1}/${p.rounds}, ${xs.length} points`,
            ),
        });
        const room = budgetLeft();
        if (rho === p.rounds - 1 || room <= 0) break;
        const step = p.lambda * (max - min) * (p.tau && Math.floor(rho / p.tau) % 2 === 1 ? -1 : 1);
        let chosen = xs.map((_, i) => i);
        if (chosen.length > room) chosen = rng.shuffle(chosen).slice(0, room);
        const fresh: Float32Array[] = [];
        for (let s = 0; s < chosen.length; s += 256) {
          const part = chosen.slice(s, s + 256);
          const signs = surrogate.jacobianSign(
            part.map((i) => xs[i]!),
            part.map((i) => labels[i]!),
          );
          part.forEach((i, k) => {
            const x = xs[i]!;
            const g = signs[k]!;
            const raw = new Float32Array(x.length);
            for (let j = 0; j < x.length; j++) raw[j] = Math.min(max, Math.max(min, x[j]! + step * g[j]!));
            const next = ctx.constraints ? ctx.constraints.project(raw, x) : raw;
            // A vanished gradient (saturated softmax), clipping, or a step back to a parent can give
            // a point the victim already labelled: asking again would waste a query.
            const key = keyOf(next);
            if (!known.has(key)) {
              known.add(key);
              fresh.push(next);
            }
          });
        }
        await queryInto(oracle, info, fresh, p.softLabels, set);
      }
      return { attackQueries: oracle.used(), extra: { rounds, trainingSetSize: xs.length } };
    });
  },
});

/** Exact identity of an input (its float32 bytes). */
function keyOf(x: Float32Array): string {
  return Buffer.from(x.buffer, x.byteOffset, x.byteLength).toString("base64");
}
