// HopSkipJumpAttack (Chen, Jordan, Wainwright, IEEE S&P 2020): decision-based, label-only,
// untargeted evasion in L2 or L∞, following the paper's Algorithm 2 and its reference code.
import { z } from "zod";
import type { Example } from "../../contracts/lab.js";
import { defineAttack, type LabExample } from "../attack.js";
import type { FeatureConstraints } from "../constraints.js";
import { evasionExample } from "../evidence.js";
import { inputLayout } from "../layout.js";
import { mean, median, rate } from "../metrics.js";
import { createOracle, type Oracle, targetLabels } from "../oracle.js";
import { createRng, type Rng } from "../rng.js";
import { blend, distance, l2Distance, linfDistance } from "../vec.js";

const Params = z
  .object({
    norm: z.enum(["l2", "linf"]).default("l2"),
    /** Query allowance per attacked example; default: the run budget split evenly. */
    queriesPerExample: z.number().int().positive().optional(),
    /** Attack only the first `count` inputs. */
    count: z.number().int().positive().optional(),
    maxIterations: z.number().int().positive().default(10_000),
    /** B0: gradient-estimation samples at iteration 1; iteration t uses B0·√t (capped). */
    initialEvals: z.number().int().positive().default(100),
    maxEvals: z.number().int().positive().default(10_000),
    /** γ: sets θ = γ/(d√d) (L2) or γ/d² (L∞), the binary-search tolerance and δ scale. */
    gamma: z.number().positive().default(1),
    /** Random-noise draws allowed to find a first adversarial point. */
    initTrials: z.number().int().positive().default(1000),
    /** Optional perturbation size for `successRateAtEpsilon` (same norm as the attack). */
    epsilon: z.number().positive().optional(),
    keepExamples: z.number().int().min(0).default(3),
  })
  .strict();
type Params = z.output<typeof Params>;

/** One example's outcome. */
interface Outcome {
  adversarial?: Float32Array;
  adversarialClass?: number;
  queries: number;
}

export const hopSkipJump = defineAttack({
  id: "hop-skip-jump",
  family: "evasion",
  name: "HopSkipJumpAttack",
  paper: {
    authors: "Jianbo Chen, Michael I. Jordan, Martin J. Wainwright",
    title: "HopSkipJumpAttack: A Query-Efficient Decision-Based Attack",
    venue: "IEEE Symposium on Security and Privacy",
    year: 2020,
    url: "https://arxiv.org/abs/1904.02144",
  },
  requires: { outputs: ["label", "topk", "probs"], inputs: true },
  params: Params,
  description:
    "Decision-based evasion that needs only the predicted label. Starts from a misclassified random point, " +
    "walks to the decision boundary, estimates the boundary's normal from label flips of random probes, " +
    "steps along it and searches back to the boundary; the perturbation shrinks as queries are spent.",
  async run(ctx) {
    const p = ctx.params;
    const oracle = createOracle(ctx);
    const info = ctx.target.info;
    const layout = inputLayout(info);
    const all = p.count ? ctx.inputs.slice(0, p.count) : ctx.inputs;
    const clean = await targetLabels(oracle, all);
    const attacked = all.flatMap((e, i) => (clean[i] === e.y ? [i] : []));
    const perExample = p.queriesPerExample ?? Math.floor(oracle.remaining() / Math.max(1, attacked.length));

    const outcomes: Outcome[] = [];
    const examples: Example[] = [];
    for (const [k, i] of attacked.entries()) {
      const ex = all[i]!;
      const rng = createRng(`${ctx.seed}:hop-skip-jump:${i}`);
      const report = (frac: number, msg: string) =>
        ctx.onProgress(
          (k + Math.min(1, frac)) / attacked.length,
          `example ${k + 1}/${attacked.length}: ${msg}`,
        );
      const q = oracle.quota(perExample);
      const outcome = await attackOne(ex, q, p, rng, info.inputBounds, ctx.constraints, ctx.signal, report);
      outcomes.push(outcome);
      if (outcome.adversarial && examples.length < p.keepExamples) {
        examples.push(
          evasionExample({
            label: `input ${i}`,
            original: ex.x,
            adversarial: outcome.adversarial,
            originalClass: ex.y,
            adversarialClass: outcome.adversarialClass ?? -1,
            distance: distance(p.norm, outcome.adversarial, ex.x),
            layout,
            bounds: info.inputBounds,
          }),
        );
      }
    }
    ctx.onProgress(1, "done");

    const found = outcomes.flatMap((o, k) =>
      o.adversarial ? [{ adv: o.adversarial, x: all[attacked[k]!]!.x }] : [],
    );
    const l2s = found.map((f) => l2Distance(f.adv, f.x));
    const linfs = found.map((f) => linfDistance(f.adv, f.x));
    const dists = p.norm === "l2" ? l2s : linfs;
    const metrics: Record<string, number> = {
      examples: all.length,
      attacked: attacked.length,
      cleanAccuracy: rate(all.map((e, i) => clean[i] === e.y)),
      successRate: rate(outcomes.map((o) => o.adversarial !== undefined)),
      medianL2: median(l2s),
      medianLinf: median(linfs),
      meanQueriesPerExample: mean(outcomes.map((o) => o.queries)),
      queriesPerExampleAllowed: perExample,
    };
    if (p.epsilon !== undefined) {
      const eps = p.epsilon;
      metrics.successRateAtEpsilon = rate(
        outcomes.map((_, k) => (dists[k] ?? Number.POSITIVE_INFINITY) <= eps),
      );
    }
    const pct = (v: number | undefined) =>
      v === undefined || Number.isNaN(v) ? "n/a" : `${(v * 100).toFixed(1)}%`;
    const summary =
      `HopSkipJump (${p.norm}) on ${attacked.length} correctly classified inputs: ` +
      (found.length === 0
        ? `no adversarial found with up to ${perExample} queries each.`
        : `adversarial found for ${pct(metrics.successRate)}, median ${p.norm === "l2" ? "L2" : "L∞"} ` +
          `${median(dists).toPrecision(4)} with up to ${perExample} queries each.`) +
      (p.epsilon !== undefined ? ` ${pct(metrics.successRateAtEpsilon)} within ε = ${p.epsilon}.` : "");
    return { metrics, summary, examples };
  },
});

/** Run Algorithm 2 on one example until its quota or the iteration cap is spent. */
async function attackOne(
  ex: LabExample,
  q: Oracle,
  p: Params,
  rng: Rng,
  bounds: { min: number; max: number },
  constraints: FeatureConstraints | undefined,
  signal: AbortSignal,
  report: (fraction: number, message: string) => void,
): Promise<Outcome> {
  const x0 = ex.x;
  const d = x0.length;
  const lower = constraints?.lower ?? new Float64Array(d).fill(bounds.min);
  const upper = constraints?.upper ?? new Float64Array(d).fill(bounds.max);
  const lo = (j: number) => lower[j]!;
  const hi = (j: number) => upper[j]!;
  const feasible = (x: Float32Array): Float32Array => {
    for (let j = 0; j < d; j++) {
      const v = x[j]!;
      if (v < lower[j]!) x[j] = lower[j]!;
      else if (v > upper[j]!) x[j] = upper[j]!;
    }
    return constraints ? constraints.project(x, x0) : x;
  };
  let lastClass = -1;
  const adversarial = async (xs: Float32Array[]): Promise<boolean[]> => {
    const labels = await q.labels(xs);
    return labels.map((l) => {
      if (l !== ex.y) lastClass = l;
      return l !== ex.y;
    });
  };
  const isAdv = async (x: Float32Array) => (await adversarial([x]))[0]!;
  const theta = p.norm === "l2" ? p.gamma / (Math.sqrt(d) * d) : p.gamma / (d * d);
  const quota = q.remaining();

  // 1. A first adversarial point: uniform noise, then a blend search towards the original.
  let noise: Float32Array | undefined;
  let noiseClass = -1;
  for (let t = 0; t < p.initTrials && q.remaining() > 0; t++) {
    const r = new Float32Array(d);
    for (let j = 0; j < d; j++) r[j] = lo(j) + (hi(j) - lo(j)) * rng.next();
    const candidate = feasible(r);
    if (await isAdv(candidate)) {
      noise = candidate;
      noiseClass = lastClass;
      break;
    }
  }
  if (!noise) return { queries: q.used() };
  let advClass = noiseClass;
  let low = 0;
  let high = 1;
  while (high - low > 0.001 && q.remaining() > 0) {
    const mid = (high + low) / 2;
    if (await isAdv(feasible(blend(x0, noise, mid)))) {
      high = mid;
      advClass = lastClass;
    } else low = mid;
  }
  let perturbed = high === 1 ? noise : feasible(blend(x0, noise, high));

  // Binary search between x0 and an adversarial point, back to the boundary (adversarial side).
  const towards = (x: Float32Array, alpha: number): Float32Array => {
    if (p.norm === "l2") return feasible(blend(x0, x, alpha));
    const out = new Float32Array(d);
    for (let j = 0; j < d; j++) out[j] = Math.min(x0[j]! + alpha, Math.max(x0[j]! - alpha, x[j]!));
    return feasible(out);
  };
  const toBoundary = async (x: Float32Array) => {
    const distPost = distance(p.norm, x, x0);
    let h = p.norm === "l2" ? 1 : distPost;
    const threshold = p.norm === "l2" ? theta : Math.min(distPost * theta, theta);
    let l = 0;
    const start = h;
    while ((h - l) / threshold > 1 && q.remaining() > 0) {
      const mid = (h + l) / 2;
      if (await isAdv(towards(x, mid))) {
        h = mid;
        advClass = lastClass;
      } else l = mid;
    }
    return { point: h === start ? x : towards(x, h), distPost };
  };

  let { point, distPost } = await toBoundary(perturbed);
  perturbed = point;
  let dist = distance(p.norm, perturbed, x0);

  // 2. Iterate: estimate the gradient direction, geometric step, back to the boundary.
  for (let t = 1; t <= p.maxIterations && q.remaining() > 0; t++) {
    signal.throwIfAborted();
    const delta =
      t === 1 ? 0.1 * (bounds.max - bounds.min) : (p.norm === "l2" ? Math.sqrt(d) : d) * theta * distPost;
    const evals = Math.min(Math.floor(p.initialEvals * Math.sqrt(t)), p.maxEvals, q.remaining());
    const grad = await estimateGradient(perturbed, evals, delta, p.norm, rng, feasible, adversarial);
    const update = p.norm === "linf" ? grad.map(Math.sign) : grad;

    let eps = dist / Math.sqrt(t);
    let next: Float32Array | undefined;
    for (let halvings = 0; halvings < 60 && q.remaining() > 0; halvings++) {
      const candidate = new Float32Array(d);
      for (let j = 0; j < d; j++) candidate[j] = perturbed[j]! + eps * update[j]!;
      const c = feasible(candidate);
      if (await isAdv(c)) {
        next = c;
        advClass = lastClass;
        break;
      }
      eps /= 2;
    }
    if (!next) break;
    ({ point, distPost } = await toBoundary(next));
    perturbed = point;
    dist = distance(p.norm, perturbed, x0);
    report(q.used() / quota, `iteration ${t}, ${p.norm === "l2" ? "L2" : "L∞"} ${dist.toPrecision(4)}`);
  }
  return { adversarial: perturbed, adversarialClass: advClass, queries: q.used() };
}

/**
 * Monte-Carlo estimate of the boundary normal at `x` with the baseline-subtracted estimator
 * (paper eq. 16): mean of (φ(x + δu_b) − mean φ)·u_b over unit random directions u_b.
 */
async function estimateGradient(
  x: Float32Array,
  evals: number,
  delta: number,
  norm: "l2" | "linf",
  rng: Rng,
  feasible: (x: Float32Array) => Float32Array,
  adversarial: (xs: Float32Array[]) => Promise<boolean[]>,
): Promise<Float64Array> {
  const d = x.length;
  const sumU = new Float64Array(d);
  const sumFU = new Float64Array(d);
  let sumF = 0;
  const chunk = 500;
  const u = new Float64Array(d);
  const inv = 1 / delta;
  for (let start = 0; start < evals; start += chunk) {
    const n = Math.min(chunk, evals - start);
    const probes: Float32Array[] = [];
    for (let b = 0; b < n; b++) {
      let s = 0;
      for (let j = 0; j < d; j++) {
        const v = norm === "l2" ? rng.normal() : 2 * rng.next() - 1;
        u[j] = v;
        s += v * v;
      }
      const step = delta / Math.sqrt(s);
      const probe = new Float32Array(d);
      for (let j = 0; j < d; j++) probe[j] = x[j]! + step * u[j]!;
      probes.push(feasible(probe));
    }
    const decisions = await adversarial(probes);
    decisions.forEach((adv, b) => {
      const f = adv ? 1 : -1;
      sumF += f;
      // The direction actually taken after clipping/projection: (probe − x)/δ.
      const fp = probes[b]!;
      for (let j = 0; j < d; j++) {
        const uj = (fp[j]! - x[j]!) * inv;
        sumU[j]! += uj;
        sumFU[j]! += f * uj;
      }
    });
  }
  const fMean = sumF / evals;
  const grad = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    grad[j] =
      Math.abs(fMean) === 1 ? (fMean * sumU[j]!) / evals : sumFU[j]! / evals - (fMean * sumU[j]!) / evals;
  }
  let norm2 = 0;
  for (let j = 0; j < d; j++) norm2 += grad[j]! * grad[j]!;
  const unit = norm2 > 0 ? 1 / Math.sqrt(norm2) : 0;
  for (let j = 0; j < d; j++) grad[j]! *= unit;
  return grad;
}
