// Model extraction by equation solving (Tramèr et al., USENIX Security 2016) for logistic and
// softmax-linear models that return probabilities: d+1 queries give d+1 linear equations per class.
import { z } from "zod";
import { Unsupported } from "../../contracts/errors.js";
import { defineAttack, type LinearParameters, scoresOf } from "../attack.js";
import { solveLinearSystem } from "../linalg.js";
import { agreement, maxAbsDifference } from "../metrics.js";
import { createOracle, targetLabels } from "../oracle.js";
import { createRng } from "../rng.js";
import { argmax } from "../vec.js";

const Params = z
  .object({
    /** Reference class r: the softmax is identified only up to a shared shift, so we recover θ_j − θ_r. */
    referenceClass: z.number().int().min(0).default(0),
    /**
     * Smallest probability trusted in a log-ratio; rows with a smaller score are re-drawn closer to
     * the centre. Float probabilities keep their relative precision down to tiny values, so the
     * default only rejects underflow to 0; raise it for APIs that round their scores.
     */
    minProbability: z.number().positive().max(0.1).default(1e-300),
    /** How many extra draws a saturated row may take before giving up. */
    maxRedraws: z.number().int().min(0).default(20),
    /** Held-out inputs used for agreement (needs their target labels: given, or queried). */
    evaluationSize: z.number().int().min(0).default(1000),
  })
  .strict();

export const equationSolving = defineAttack({
  id: "equation-solving",
  family: "extraction",
  name: "Equation-solving extraction",
  paper: {
    authors: "Florian Tramèr, Fan Zhang, Ari Juels, Michael K. Reiter, Thomas Ristenpart",
    title: "Stealing Machine Learning Models via Prediction APIs",
    venue: "USENIX Security Symposium",
    year: 2016,
    url: "https://www.usenix.org/conference/usenixsecurity16/technical-sessions/presentation/tramer",
  },
  requires: { outputs: ["probs"] },
  params: Params,
  description:
    "Recovers the weights of a logistic-regression or softmax-linear model from probability outputs: " +
    "ln(p_j/p_r) = (w_j − w_r)·x + (b_j − b_r) is linear in x, so d+1 random queries give a square system " +
    "solved exactly (Gaussian elimination with partial pivoting, float64). Softmax parameters are recovered " +
    "relative to the reference class, which is all the outputs determine.",
  async run(ctx) {
    const p = ctx.params;
    const info = ctx.target.info;
    const k = info.numClasses;
    const r = p.referenceClass;
    if (r >= k) throw new Unsupported(`referenceClass ${r} is not a class of this ${k}-class target`);
    const d = info.inputShape.reduce((a, b) => a * b, 1);
    const oracle = createOracle(ctx);
    if (oracle.remaining() < d + 1) {
      throw new Unsupported(
        `equation solving needs at least d+1 = ${d + 1} queries; the budget allows ${oracle.remaining()}`,
      );
    }
    const rng = createRng(`${ctx.seed}:equation-solving`);
    const { min, max } = info.inputBounds;
    const lo = (j: number) => ctx.constraints?.lower[j] ?? min;
    const hi = (j: number) => ctx.constraints?.upper[j] ?? max;
    const draw = (spread: number): Float32Array => {
      const x = new Float32Array(d);
      for (let j = 0; j < d; j++) {
        const mid = (lo(j) + hi(j)) / 2;
        x[j] = mid + (rng.next() - 0.5) * spread * (hi(j) - lo(j));
      }
      return x;
    };

    // One row per query: [x, 1] and the log-ratios against the reference class.
    const rows: Float32Array[] = Array.from({ length: d + 1 }, () => draw(1));
    const logits: (Float64Array | undefined)[] = new Array(d + 1).fill(undefined);
    const spread = new Array<number>(d + 1).fill(1);
    let redraws = 0;
    for (;;) {
      const todo = rows.flatMap((_, i) => (logits[i] ? [] : [i]));
      if (todo.length === 0) break;
      if (todo.length > oracle.remaining())
        throw new Unsupported("budget spent before every equation had usable probabilities");
      ctx.onProgress((d + 1 - todo.length) / (d + 1), `querying ${todo.length} points`);
      const preds = await oracle.predict(todo.map((i) => rows[i]!));
      preds.forEach((pred, t) => {
        const i = todo[t]!;
        const s = scoresOf(pred, k);
        if (s.every((v) => v >= p.minProbability)) {
          logits[i] = Float64Array.from({ length: k }, (_, j) => Math.log(s[j]!) - Math.log(s[r]!));
          return;
        }
        // Saturated output: the log-ratio is not measurable here; try a point nearer the centre.
        spread[i] = spread[i]! / 2;
        rows[i] = draw(spread[i]!);
        redraws++;
      });
      if (redraws > p.maxRedraws * (d + 1))
        throw new Unsupported("outputs stay saturated (probabilities rounded to 0/1)");
    }
    ctx.signal.throwIfAborted();
    const attackQueries = oracle.used();
    const A = rows.map((x) => [...Array.from(x), 1]);
    let solution: Float64Array[];
    try {
      solution = solveLinearSystem(A, logits as Float64Array[]);
    } catch (e) {
      throw new Unsupported(
        `the query points gave a singular system (${(e as Error).message}); try another seed`,
      );
    }
    // solution[j][c] for j < d is weight j of class c minus the reference; solution[d][c] the bias.
    const weights = Array.from({ length: k }, (_, c) =>
      Array.from({ length: d }, (_, j) => solution[j]![c]!),
    );
    const bias = Array.from({ length: k }, (_, c) => solution[d]![c]!);
    const recovered: LinearParameters = { weights, bias };

    const metrics: Record<string, number> = { queries: attackQueries, dimensions: d, classes: k, redraws };
    const truth = ctx.groundTruth?.linear;
    if (truth) {
      const rel = relativeTruth(truth, k, r);
      if (rel) {
        const err = Math.max(
          ...weights.map((w, c) => maxAbsDifference(w, rel.weights[c]!)),
          maxAbsDifference(bias, rel.bias),
        );
        let scale = 0;
        for (const w of rel.weights) for (const v of w) scale = Math.max(scale, Math.abs(v));
        for (const v of rel.bias) scale = Math.max(scale, Math.abs(v));
        metrics.maxParameterError = err;
        metrics.maxRelativeParameterError = scale > 0 ? err / scale : err;
      }
    }

    const held = (ctx.heldOut ?? []).slice(0, p.evaluationSize);
    if (held.length > 0) {
      ctx.onProgress(0.9, "measuring agreement on held-out inputs");
      const labels = await targetLabels(oracle, held);
      const known = held.flatMap((_, i) => (labels[i]! >= 0 ? [i] : []));
      const predicted = known.map((i) => predictLinear(recovered, held[i]!.x));
      metrics.agreement = agreement(
        predicted,
        known.map((i) => labels[i]!),
      );
      metrics.accuracy = agreement(
        predicted,
        known.map((i) => held[i]!.y),
      );
      metrics.evaluationQueries = oracle.used() - attackQueries;
      metrics.evaluated = known.length;
    }
    ctx.onProgress(1, "done");
    const fmt = (v: number | undefined) => (v === undefined ? "n/a" : v.toExponential(2));
    const summary =
      `Recovered a ${k}-class linear model over ${d} features from ${attackQueries} queries` +
      (metrics.maxParameterError !== undefined
        ? `; max parameter error ${fmt(metrics.maxParameterError)}`
        : "") +
      (metrics.agreement !== undefined
        ? `; agrees with the target on ${(metrics.agreement * 100).toFixed(2)}% of ${metrics.evaluated} held-out inputs`
        : "") +
      ". Parameters are relative to class " +
      `${r}.`;
    return { metrics, summary, examples: [], artifacts: { linear: recovered } };
  },
});

/** Class of the recovered model (logits relative to the reference class; argmax is unchanged). */
export function predictLinear(model: LinearParameters, x: Float32Array): number {
  const scores = model.weights.map((w, c) => {
    let s = model.bias[c]!;
    for (let j = 0; j < w.length; j++) s += w[j]! * x[j]!;
    return s;
  });
  return argmax(scores);
}

/** Express known parameters relative to the reference class; a 1-row logistic model is σ(w·x+b) for class 1. */
function relativeTruth(truth: LinearParameters, k: number, r: number): LinearParameters | undefined {
  if (truth.weights.length === 1 && k === 2) {
    const w = truth.weights[0]!;
    const b = truth.bias[0]!;
    const sign = r === 0 ? 1 : -1;
    const cls = (c: number) => (c === r ? 0 : sign);
    return {
      weights: [0, 1].map((c) => w.map((v) => cls(c) * v)),
      bias: [0, 1].map((c) => cls(c) * b),
    };
  }
  if (truth.weights.length !== k) return undefined;
  const ref = truth.weights[r]!;
  return {
    weights: truth.weights.map((w) => w.map((v, j) => v - ref[j]!)),
    bias: truth.bias.map((b) => b - truth.bias[r]!),
  };
}
