// Shared plumbing of the membership-inference attacks: candidate checks, budget-sized candidate
// sets, the true-class confidence statistics, and the metrics / evidence every one of them reports.
import { Invalid, Unsupported } from "../../contracts/errors.js";
import type { Example, OutputKind, Prediction, TargetInfo } from "../../contracts/lab.js";
import type { AttackContext, AttackResult, LabExample } from "../attack.js";
import { inputLayout } from "../layout.js";
import { imageToPngDataUrl } from "../png.js";
import { balancedAccuracyAt, membershipMetrics, rocChartPoints } from "../roc.js";

/** A candidate whose membership is known (to score the attack, never to run it). */
export type Candidate = LabExample & { readonly member: boolean };

/**
 * The labelled candidates of a run. Every input must carry `member`; at least one member and one
 * non-member are needed to measure anything.
 */
export function candidatesOf(ctx: AttackContext<unknown>, attackName: string): Candidate[] {
  const out: Candidate[] = [];
  ctx.inputs.forEach((e, i) => {
    if (e.member === undefined) {
      throw new Invalid(`${attackName}: input ${i} has no member flag (true = in the training set)`, [
        { path: `inputs.${i}.member`, message: "required" },
      ]);
    }
    out.push({ ...e, member: e.member });
  });
  const members = out.filter((c) => c.member).length;
  if (members === 0 || members === out.length) {
    throw new Invalid(
      `${attackName} needs both members and non-members among the candidates (got ${members} members of ${out.length})`,
      [{ path: "inputs", message: "both classes required" }],
    );
  }
  return out;
}

/**
 * The candidates the budget can afford at `perRecord` queries each: all of them when possible,
 * else a prefix of each class in proportion (at least one of each). Throws Unsupported when the
 * budget cannot cover one member and one non-member.
 */
export function affordableCandidates(
  candidates: readonly Candidate[],
  remaining: number,
  perRecord: number,
  attackName: string,
): Candidate[] {
  const n = Math.floor(remaining / perRecord);
  if (n >= candidates.length) return [...candidates];
  if (n < 2) {
    throw new Unsupported(
      `${attackName}: a budget of ${remaining} queries cannot score one member and one non-member at ${perRecord} queries per record`,
    );
  }
  const members = candidates.filter((c) => c.member);
  const wantMembers = Math.min(
    members.length,
    Math.max(1, Math.round((n * members.length) / candidates.length)),
  );
  const wantOthers = Math.min(candidates.length - members.length, n - wantMembers);
  let m = 0;
  let o = 0;
  return candidates.filter((c) => (c.member ? m++ < wantMembers : o++ < wantOthers));
}

/** The target's probability of the true class and its logit-scaled form φ = log(p / (1 − p)). */
export interface TrueClassStats {
  /** p_y (0 when the target did not reveal the true class's score). */
  p: number;
  /**
   * log p_y − log Σ_{c≠y} p_c: equal to log(p/(1−p)) but computed from the other scores, so it
   * stays precise when p_y is within 1e-16 of 1 (where 1 − p would round to 0).
   */
  phi: number;
}

const TINY = 1e-300;

/**
 * True-class statistics of one prediction (NaN when it carries no scores). With top-k outputs the
 * hidden classes' mass (1 − Σ shown) counts towards 1 − p_y, and p_y is 0 when y is not shown.
 */
export function trueClassStats(pred: Prediction, y: number, output: OutputKind): TrueClassStats {
  const scores = pred.scores;
  if (!scores) return { p: Number.NaN, phi: Number.NaN };
  const p = scores[y] ?? 0;
  let others = 0;
  let shown = 0;
  scores.forEach((v, c) => {
    if (v > 0) shown += v;
    if (c !== y && v > 0) others += v;
  });
  if (output === "topk") others += Math.max(0, 1 - shown);
  return { p, phi: Math.log(Math.max(p, TINY)) - Math.log(Math.max(others, TINY)) };
}

/** What a finished membership attack hands to {@link membershipResult}. */
export interface ScoredCandidates {
  attackName: string;
  /** What a high score means, for the summary ("a low loss", "many perturbations keep the label"). */
  statistic: string;
  candidates: readonly Candidate[];
  /** One score per candidate; higher = more likely a member. */
  scores: readonly number[];
  /** The attack's own decision rule (flag iff score ≥ threshold), when it has one. */
  decisionThreshold?: number;
  /** Extra figures specific to the attack. */
  metrics?: Record<string, number>;
  info: TargetInfo;
}

/** Metrics, ROC points (log-FPR chart), the most exposed records and a one-line summary. */
export function membershipResult(s: ScoredCandidates): AttackResult {
  const member = s.candidates.map((c) => c.member);
  const { metrics: m, roc } = membershipMetrics(s.scores, member);
  const metrics: Record<string, number> = { ...m, ...s.metrics, candidates: s.candidates.length };
  if (s.decisionThreshold !== undefined) {
    metrics.balancedAccuracy = balancedAccuracyAt(s.scores, member, s.decisionThreshold);
  }
  const chart = rocChartPoints(roc);
  const examples: Example[] = [
    {
      label: `ROC curve of ${s.attackName} (${m.members} members, ${m.nonMembers} non-members; FPR axis is log-scale, resolution ${fmtPct(1 / m.nonMembers)})`,
      values: { fpr: chart.fpr, tpr: chart.tpr },
    },
    ...mostExposed(s, 4),
  ];
  const resolution =
    m.nonMembers < 1000
      ? ` With ${m.nonMembers} non-members, 0.1 % FPR cannot be resolved: that figure is the TPR at ${m.nonMembers < 100 ? "zero false positives" : "the lowest FPR measured"}.`
      : "";
  const summary =
    `${s.attackName} (${s.statistic}): AUC ${m.auc.toFixed(3)}, TPR ${fmtPct(m.tprAt1PctFpr)} at 1 % FPR and ` +
    `${fmtPct(m.tprAt01PctFpr)} at 0.1 % FPR over ${m.members} members and ${m.nonMembers} non-members ` +
    `(best balanced accuracy ${fmtPct(m.bestBalancedAccuracy)}${
      metrics.balancedAccuracy !== undefined
        ? `, ${fmtPct(metrics.balancedAccuracy)} with the attack's own threshold`
        : ""
    }).${resolution}`;
  return { metrics, summary, examples };
}

/** The top-scored candidates as evidence (image or feature values), with their true membership. */
function mostExposed(s: ScoredCandidates, count: number): Example[] {
  const order = s.scores
    .map((v, i) => [v, i] as const)
    .sort((a, b) => (b[0] > a[0] ? 1 : b[0] < a[0] ? -1 : a[1] - b[1]))
    .slice(0, count);
  const layout = inputLayout(s.info);
  return order.map(([score, i], rank) => {
    const c = s.candidates[i]!;
    const base: Example = {
      label: `#${rank + 1} most likely member (score ${score.toPrecision(4)}): ${c.member ? "a real member" : "in fact a non-member"}`,
      originalClass: c.y,
    };
    return layout.kind === "image"
      ? { ...base, images: { record: imageToPngDataUrl(c.x, layout, s.info.inputBounds) } }
      : { ...base, values: { record: Array.from(c.x) } };
  });
}

function fmtPct(v: number): string {
  if (!Number.isFinite(v)) return "n/a";
  const pct = v * 100;
  return `${pct < 1 && pct > 0 ? pct.toPrecision(2) : pct.toFixed(1)} %`;
}

/** Split `xs` into batches the oracle sends, reporting progress between them. */
export async function queryAll(
  xs: readonly Float32Array[],
  predict: (batch: readonly Float32Array[]) => Promise<Prediction[]>,
  onBatch?: (done: number) => void,
  batchSize = 500,
): Promise<Prediction[]> {
  const out: Prediction[] = [];
  for (let i = 0; i < xs.length; i += batchSize) {
    out.push(...(await predict(xs.slice(i, i + batchSize))));
    onBatch?.(out.length);
  }
  return out;
}
