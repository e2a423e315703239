// Square Attack (Andriushchenko, Croce, Flammarion, Hein, ECCV 2020): score-based random search
// in L∞ (vertical-stripe init, ±ε squares) and L2 (the paper's paired-window update), margin loss.
import { z } from "zod";
import type { Example } from "../../contracts/lab.js";
import { defineAttack, scoresOf } from "../attack.js";
import { evasionExample } from "../evidence.js";
import { type InputLayout, inputLayout } from "../layout.js";
import { mean, median, rate } from "../metrics.js";
import { createOracle, targetLabels } from "../oracle.js";
import { createRng, type Rng } from "../rng.js";
import { distance, l2Distance, linfDistance } from "../vec.js";
import { l2Init, l2Update, type Window } from "./square-l2.js";

const Params = z
  .object({
    norm: z.enum(["linf", "l2"]).default("linf"),
    /** Perturbation radius in input units; default 0.05·range (L∞) or 0.07·range·√d (L2, ≈2 on MNIST). */
    epsilon: z.number().positive().optional(),
    /** p_init: initial fraction of features changed per square; halved on the paper's schedule. */
    pInit: z.number().gt(0).max(1).optional(),
    /** Query allowance per example (the paper's N, also the horizon of the p schedule). */
    queriesPerExample: z.number().int().positive().optional(),
    count: z.number().int().positive().optional(),
    /**
     * Margin loss p_y − max p_k on `log` probabilities (= the paper's logit margin, since log-softmax
     * shifts every class equally) or on the raw probabilities (`linear`, flat once p_y saturates).
     */
    margin: z.enum(["log", "linear"]).default("log"),
    keepExamples: z.number().int().min(0).default(3),
  })
  .strict();

/** The paper's piecewise-constant schedule of p, rescaled to a horizon of 10 000 iterations. */
export function pSchedule(pInit: number, iteration: number, horizon: number): number {
  const it = Math.floor((iteration / horizon) * 10_000);
  const cuts: Array<[number, number]> = [
    [10, 1],
    [50, 2],
    [200, 4],
    [500, 8],
    [1000, 16],
    [2000, 32],
    [4000, 64],
    [6000, 128],
    [8000, 256],
    [10000, 512],
  ];
  if (it <= 10) return pInit;
  for (let k = 1; k < cuts.length; k++) {
    const [upper, div] = cuts[k]!;
    if (it <= upper) return pInit / div;
  }
  return pInit / 512;
}

/** Per-example search state. */
interface State {
  index: number;
  x: Float32Array;
  y: number;
  rng: Rng;
  best: Float32Array;
  bestLoss: number;
  done: boolean;
  success: boolean;
  adversarialClass: number;
  queries: number;
}

export const square = defineAttack({
  id: "square",
  family: "evasion",
  name: "Square Attack",
  paper: {
    authors: "Maksym Andriushchenko, Francesco Croce, Nicolas Flammarion, Matthias Hein",
    title: "Square Attack: a query-efficient black-box adversarial attack via random search",
    venue: "European Conference on Computer Vision (ECCV)",
    year: 2020,
    url: "https://arxiv.org/abs/1912.00049",
  },
  requires: { outputs: ["probs"], inputs: true },
  params: Params,
  description:
    "Score-based evasion by random search: keeps a perturbation on the ε-ball surface and tries random " +
    "square-shaped changes, accepting one only when the margin between the true class probability and the " +
    "best other class drops. Stops per input as soon as the label flips.",
  async run(ctx) {
    const p = ctx.params;
    const oracle = createOracle(ctx);
    const info = ctx.target.info;
    const layout = inputLayout(info);
    const { min, max } = info.inputBounds;
    const d = ctx.inputs[0]?.x.length ?? 0;
    const eps = p.epsilon ?? (p.norm === "linf" ? 0.05 * (max - min) : 0.07 * (max - min) * Math.sqrt(d));
    const pInit = p.pInit ?? (p.norm === "linf" ? 0.05 : 0.1);
    const all = p.count ? ctx.inputs.slice(0, p.count) : ctx.inputs;
    const clean = await targetLabels(oracle, all);
    const attacked = all.flatMap((e, i) => (clean[i] === e.y ? [i] : []));
    const horizon = p.queriesPerExample ?? Math.floor(oracle.remaining() / Math.max(1, attacked.length));
    const k = info.numClasses;
    const lo = (j: number) => ctx.constraints?.lower[j] ?? min;
    const hi = (j: number) => ctx.constraints?.upper[j] ?? max;
    const feasible = (x: Float32Array, x0: Float32Array): Float32Array => {
      for (let j = 0; j < x.length; j++) {
        const v = Math.min(x0[j]! + (p.norm === "linf" ? eps : Number.POSITIVE_INFINITY), x[j]!);
        x[j] = Math.min(
          hi(j),
          Math.max(lo(j), Math.max(x0[j]! - (p.norm === "linf" ? eps : Number.POSITIVE_INFINITY), v)),
        );
      }
      return ctx.constraints ? ctx.constraints.project(x, x0) : x;
    };

    const states: State[] = attacked.map((i) => {
      const e = all[i]!;
      const rng = createRng(`${ctx.seed}:square:${i}`);
      const init = p.norm === "linf" ? linfInit(e.x, eps, layout, rng) : l2Init(e.x, eps, layout, rng);
      return {
        index: i,
        x: e.x,
        y: e.y,
        rng,
        best: feasible(init, e.x),
        bestLoss: Number.POSITIVE_INFINITY,
        done: false,
        success: false,
        adversarialClass: -1,
        queries: 0,
      };
    });

    // Query a candidate per active example in one batch; accept improvements; stop on success.
    const evaluate = async (active: State[], candidates: Float32Array[]) => {
      const preds = await oracle.predict(candidates);
      preds.forEach((pred, b) => {
        const s = active[b]!;
        s.queries++;
        const scores = scoresOf(pred, k);
        const f = p.margin === "log" ? (v: number) => Math.log(Math.max(v, 1e-300)) : (v: number) => v;
        let other = Number.NEGATIVE_INFINITY;
        for (let c = 0; c < k; c++) if (c !== s.y) other = Math.max(other, f(scores[c]!));
        const loss = f(scores[s.y]!) - other;
        if (loss < s.bestLoss) {
          s.bestLoss = loss;
          s.best = candidates[b]!;
        }
        if (pred.label !== s.y) {
          s.best = candidates[b]!;
          s.success = true;
          s.adversarialClass = pred.label;
          s.done = true;
        } else if (s.queries >= horizon) s.done = true;
      });
    };

    const take = (active: State[]) => active.slice(0, Math.max(0, oracle.remaining()));
    let batch = take(states);
    await evaluate(
      batch,
      batch.map((s) => s.best),
    );
    for (let iter = 1; ; iter++) {
      const active = take(states.filter((s) => !s.done));
      if (active.length === 0) break;
      ctx.signal.throwIfAborted();
      const pr = pSchedule(pInit, iter - 1, horizon);
      const candidates = active.map((s) => {
        const next =
          p.norm === "linf"
            ? linfUpdate(s.x, s.best, eps, pr, layout, s.rng, min, max)
            : l2Update(s.x, s.best, eps, pr, layout, s.rng);
        return feasible(next, s.x);
      });
      batch = active;
      await evaluate(batch, candidates);
      const finished = states.filter((s) => s.done).length;
      ctx.onProgress(
        Math.max(finished / states.length, Math.min(1, iter / horizon)),
        `iteration ${iter}: ${states.filter((s) => s.success).length}/${states.length} fooled`,
      );
      if (oracle.remaining() === 0) break;
    }
    ctx.onProgress(1, "done");

    const examples: Example[] = states
      .filter((s) => s.success)
      .slice(0, p.keepExamples)
      .map((s) =>
        evasionExample({
          label: `input ${s.index}`,
          original: s.x,
          adversarial: s.best,
          originalClass: s.y,
          adversarialClass: s.adversarialClass,
          distance: distance(p.norm, s.best, s.x),
          layout,
          bounds: info.inputBounds,
        }),
      );
    const won = states.filter((s) => s.success);
    const metrics: Record<string, number> = {
      examples: all.length,
      attacked: states.length,
      cleanAccuracy: rate(all.map((e, i) => clean[i] === e.y)),
      epsilon: eps,
      successRate: rate(states.map((s) => s.success)),
      medianQueries: median(won.map((s) => s.queries)),
      meanQueries: mean(won.map((s) => s.queries)),
      medianL2: median(won.map((s) => l2Distance(s.best, s.x))),
      medianLinf: median(won.map((s) => linfDistance(s.best, s.x))),
      queriesPerExampleAllowed: horizon,
    };
    const outcome =
      states.length === 0
        ? "nothing to attack"
        : won.length === 0
          ? `none fooled within the allowance of ${horizon} queries each`
          : `${((won.length / states.length) * 100).toFixed(1)}% fooled, median ${metrics.medianQueries} queries per success ` +
            `(allowance ${horizon})`;
    const summary = `Square Attack (${p.norm}, ε = ${eps.toPrecision(3)}) on ${states.length} correctly classified inputs: ${outcome}.`;
    return { metrics, summary, examples };
  },
});

/** Vertical stripes: one random ±ε per (channel, column), the paper's L∞ initialisation. */
function linfInit(x: Float32Array, eps: number, layout: InputLayout, rng: Rng): Float32Array {
  const out = Float32Array.from(x);
  for (let c = 0; c < layout.channels; c++) {
    for (let col = 0; col < layout.width; col++) {
      const v = rng.next() < 0.5 ? -eps : eps;
      for (let row = 0; row < layout.height; row++) {
        const j = layout.index(c, row, col);
        out[j] = x[j]! + v;
      }
    }
  }
  return out;
}

/** Pick a random window of side s (1×s for vectors) fully inside the input. */
export function randomWindow(layout: InputLayout, s: number, rng: Rng): Window {
  const sh = Math.min(s, layout.height);
  const sw = Math.min(s, layout.width);
  return {
    top: rng.int(layout.height - sh + 1),
    left: rng.int(layout.width - sw + 1),
    height: sh,
    width: sw,
  };
}

/**
 * L∞ step: a square of side s = round(√(p·n/c)) gets a fresh ±ε per channel; redrawn while it
 * would not change the current best point (the reference code does the same).
 */
function linfUpdate(
  x: Float32Array,
  best: Float32Array,
  eps: number,
  p: number,
  layout: InputLayout,
  rng: Rng,
  min: number,
  max: number,
): Float32Array {
  const n = x.length;
  const c = layout.channels;
  const side =
    layout.kind === "image"
      ? Math.min(Math.max(Math.round(Math.sqrt((p * n) / c)), 1), layout.height - 1)
      : Math.min(Math.max(Math.round(p * n), 1), layout.width);
  const w = randomWindow(layout, side, rng);
  const out = Float32Array.from(best);
  for (let attempt = 0; attempt < 100; attempt++) {
    let changed = false;
    for (let ch = 0; ch < c; ch++) {
      const v = rng.next() < 0.5 ? -eps : eps;
      for (let r = w.top; r < w.top + w.height; r++) {
        for (let col = w.left; col < w.left + w.width; col++) {
          const j = layout.index(ch, r, col);
          const nv = Math.min(max, Math.max(min, x[j]! + v));
          if (Math.abs(nv - best[j]!) >= 1e-7) changed = true;
          out[j] = nv;
        }
      }
    }
    if (changed) break;
  }
  return out;
}
