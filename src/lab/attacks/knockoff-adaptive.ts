// Knockoff Nets, adaptive strategy (Orekondy et al., CVPR 2019): a gradient-bandit
// policy over groups of the transfer pool decides where to query next; the surrogate trains as it goes.
import type { TargetInfo } from "../../contracts/lab.js";
import type { LabExample } from "../attack.js";
import type { Oracle } from "../oracle.js";
import type { Rng } from "../rng.js";
import type { Surrogate, TrainConfig } from "../surrogate.js";
import { type TrainingSet, targetDistribution } from "./surrogate-common.js";

/** How the pool is split into the bandit's actions. */
export type Grouping = "labels" | "clusters";

/** Settings of the adaptive strategy. */
export interface AdaptiveOptions {
  /** Queries to spend (at most the pool size). */
  queries: number;
  /** Queries sampled from one policy before it is updated and the surrogate trained. */
  roundSize: number;
  /** Step size α of the preference update. */
  stepSize: number;
  softLabels: boolean;
  /** Surrogate training after each round (one epoch over everything collected so far). */
  train: Omit<TrainConfig, "epochs" | "onEpoch">;
  onRound?: (collected: number) => void;
}

/** What the adaptive collection returns besides the training set. */
export interface AdaptiveOutcome {
  set: TrainingSet;
  /** Queries spent on each group. */
  counts: number[];
  /** The policy after the last update, over all groups (exhausted ones included). */
  policy: Float64Array;
}

/**
 * Split the pool into groups (the bandit's actions): by the pool's own labels `y` (the attacker's
 * annotation of its data, as the paper uses the transfer set's labels), or by k-means clusters of
 * the inputs. Returns the pool indices of each non-empty group.
 */
export function groupPool(pool: readonly LabExample[], by: Grouping, clusters: number, rng: Rng): number[][] {
  const keys =
    by === "labels"
      ? pool.map((e) => e.y)
      : kMeans(
          pool.map((e) => e.x),
          clusters,
          rng,
        );
  const groups = new Map<number, number[]>();
  keys.forEach((k, i) => {
    const g = groups.get(k);
    if (g) g.push(i);
    else groups.set(k, [i]);
  });
  return [...groups.entries()].sort((a, b) => a[0] - b[0]).map(([, idx]) => idx);
}

/** k-means (k-means++ seeding, 15 Lloyd iterations); returns each point's cluster. */
export function kMeans(xs: readonly Float32Array[], k: number, rng: Rng): number[] {
  const n = xs.length;
  const dist2 = (a: Float32Array, b: Float32Array) => {
    let s = 0;
    for (let j = 0; j < a.length; j++) s += (a[j]! - b[j]!) ** 2;
    return s;
  };
  const centres: Float32Array[] = n > 0 ? [Float32Array.from(xs[rng.int(n)]!)] : [];
  const nearest = xs.map((x) => (centres[0] ? dist2(x, centres[0]) : 0));
  while (centres.length < Math.min(k, n)) {
    const total = nearest.reduce((a, b) => a + b, 0);
    if (!(total > 0)) break;
    let r = rng.next() * total;
    let pick = 0;
    while (pick < n - 1 && r >= nearest[pick]!) r -= nearest[pick++]!;
    const c = Float32Array.from(xs[pick]!);
    centres.push(c);
    xs.forEach((x, i) => {
      nearest[i] = Math.min(nearest[i]!, dist2(x, c));
    });
  }
  let assign = new Array<number>(n).fill(0);
  for (let it = 0; it < 15; it++) {
    const next = xs.map((x) => {
      let best = 0;
      let bestD = Number.POSITIVE_INFINITY;
      centres.forEach((c, ci) => {
        const d = dist2(x, c);
        if (d < bestD) [best, bestD] = [ci, d];
      });
      return best;
    });
    const changed = next.some((a, i) => a !== assign[i]);
    assign = next;
    centres.forEach((c, ci) => {
      const members = xs.filter((_, i) => assign[i] === ci);
      if (members.length === 0) return;
      c.fill(0);
      for (const m of members) for (let j = 0; j < c.length; j++) c[j]! += m[j]! / members.length;
    });
    if (!changed && it > 0) break;
  }
  return assign;
}

/**
 * Gradient-bandit policy (Sutton & Barto, section 2.8): softmax over preferences H; after reward r
 * for action a, H[a] += α(r − r̄)(1 − π[a]) and H[b] −= α(r − r̄)π[b] for the others, where the
 * baseline r̄ is the mean of the rewards so far. Unavailable actions get probability 0.
 */
export function createGradientBandit(actions: number, stepSize: number) {
  const h = new Float64Array(actions);
  let baseline = 0;
  let steps = 0;
  const policy = (available: readonly boolean[]): Float64Array => {
    let m = Number.NEGATIVE_INFINITY;
    h.forEach((v, a) => {
      if (available[a]) m = Math.max(m, v);
    });
    const p = Float64Array.from(h, (v, a) => (available[a] ? Math.exp(v - m) : 0));
    const s = p.reduce((x, y) => x + y, 0);
    return p.map((v) => v / s);
  };
  return {
    policy,
    sample(available: readonly boolean[], rng: Rng): number {
      const p = policy(available);
      let r = rng.next();
      let last = -1;
      for (let a = 0; a < actions; a++) {
        if (p[a]! <= 0) continue;
        last = a;
        r -= p[a]!;
        if (r < 0) return a;
      }
      return last;
    },
    update(action: number, reward: number, available: readonly boolean[]): void {
      const p = policy(available);
      const advantage = reward - baseline;
      for (let a = 0; a < actions; a++) {
        if (!available[a]) continue;
        h[a]! += stepSize * advantage * ((a === action ? 1 : 0) - p[a]!);
      }
      steps++;
      baseline += (reward - baseline) / steps;
    },
  };
}

/**
 * The paper's three rewards for one answer, each standardised by its running mean and standard
 * deviation (a constant reward contributes 0), averaged: certainty (margin between the victim's two
 * top probabilities), diversity (Σ_k max(0, y_k − ȳ_k), ȳ the running mean of the victim's answers)
 * and loss (the surrogate's cross-entropy against the victim's answer, before training on it).
 */
export function createRewardScorer(numClasses: number) {
  const mean = new Float64Array(numClasses);
  const stats = [0, 1, 2].map(() => ({ n: 0, mean: 0, m2: 0 }));
  let answers = 0;
  return (victim: Float32Array, surrogate: Float32Array): number => {
    const sorted = Array.from(victim).sort((a, b) => b - a);
    const certainty = (sorted[0] ?? 0) - (sorted[1] ?? 0);
    answers++;
    let diversity = 0;
    for (let k = 0; k < numClasses; k++) {
      mean[k]! += ((victim[k] ?? 0) - mean[k]!) / answers;
      diversity += Math.max(0, (victim[k] ?? 0) - mean[k]!);
    }
    let loss = 0;
    for (let k = 0; k < numClasses; k++)
      loss -= (victim[k] ?? 0) * Math.log(Math.max(surrogate[k] ?? 0, 1e-7));
    let total = 0;
    [certainty, diversity, loss].forEach((r, i) => {
      const s = stats[i]!;
      s.n++;
      const delta = r - s.mean;
      s.mean += delta / s.n;
      s.m2 += delta * (r - s.mean);
      const sd = Math.sqrt(s.m2 / s.n);
      total += sd > 1e-9 ? (r - s.mean) / sd : 0;
    });
    return total / 3;
  };
}

/**
 * Collect `queries` answers round by round: sample each query's group from the policy and an unused
 * input from that group, query the round in one batch, reward and update the policy answer by
 * answer, then train the surrogate one epoch on everything collected. Never sends more than
 * `queries` inputs, and never the same input twice.
 */
export async function collectAdaptively(
  oracle: Oracle,
  info: Pick<TargetInfo, "output" | "numClasses">,
  pool: readonly LabExample[],
  groups: readonly number[][],
  surrogate: Surrogate,
  opts: AdaptiveOptions,
  rng: Rng,
): Promise<AdaptiveOutcome> {
  const unused = groups.map((g) => rng.shuffle([...g]));
  const available = () => unused.map((g) => g.length > 0);
  const bandit = createGradientBandit(groups.length, opts.stepSize);
  const reward = createRewardScorer(info.numClasses);
  const counts = groups.map(() => 0);
  const set: TrainingSet = { xs: [], ys: [], labels: [] };
  const wanted = Math.min(opts.queries, pool.length);
  while (set.xs.length < wanted) {
    const round: { action: number; index: number }[] = [];
    while (round.length < Math.min(opts.roundSize, wanted - set.xs.length)) {
      const action = bandit.sample(available(), rng);
      round.push({ action, index: unused[action]!.pop()! });
    }
    const xs = round.map((r) => pool[r.index]!.x);
    const before = surrogate.predictProbs(xs);
    const answers = await oracle.predict(xs);
    round.forEach((r, i) => {
      const pred = answers[i]!;
      set.xs.push(xs[i]!);
      set.labels.push(pred.label);
      set.ys.push(targetDistribution(pred, info.output, info.numClasses, opts.softLabels));
      // Rewards score the victim's fullest answer (probabilities when given), even when the
      // surrogate trains on hard labels.
      const answer = targetDistribution(pred, info.output, info.numClasses, true);
      bandit.update(r.action, reward(answer, before[i]!), available());
      counts[r.action]!++;
    });
    await surrogate.train(set.xs, set.ys, { ...opts.train, epochs: 1 });
    opts.onRound?.(set.xs.length);
  }
  return { set, counts, policy: bandit.policy(groups.map(() => true)) };
}
