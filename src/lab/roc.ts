// ROC analysis of membership scores: exact ROC points from sorted scores (ties grouped), AUC,
// balanced accuracy and TPR at a fixed low FPR, plus a thinned curve for charts. Pure functions.

/** One operating point: flag every record whose score is ≥ `threshold`. */
export interface RocPoint {
  readonly threshold: number;
  readonly fpr: number;
  readonly tpr: number;
}

/** The exact ROC of a scored, labelled set. */
export interface Roc {
  /** From (0, 0) at threshold +∞ to (1, 1); one point per distinct score. */
  readonly points: readonly RocPoint[];
  readonly positives: number;
  readonly negatives: number;
}

/**
 * Exact ROC: sort by score (higher = more likely positive) and step through every distinct score.
 * Tied scores move together (one point per distinct value), so ties never inflate any figure.
 * NaN scores are treated as the lowest possible score. Throws RangeError on length mismatch.
 */
export function rocCurve(scores: readonly number[], positive: readonly boolean[]): Roc {
  if (scores.length !== positive.length) {
    throw new RangeError(`rocCurve: ${scores.length} scores for ${positive.length} labels`);
  }
  const key = (s: number) => (Number.isNaN(s) ? Number.NEGATIVE_INFINITY : s);
  const order = scores.map((_, i) => i).sort((a, b) => key(scores[b]!) - key(scores[a]!) || a - b);
  let positives = 0;
  for (const p of positive) if (p) positives++;
  const negatives = positive.length - positives;
  const points: RocPoint[] = [{ threshold: Number.POSITIVE_INFINITY, fpr: 0, tpr: 0 }];
  let tp = 0;
  let fp = 0;
  for (let k = 0; k < order.length; ) {
    const s = key(scores[order[k]!]!);
    while (k < order.length && key(scores[order[k]!]!) === s) {
      if (positive[order[k]!]) tp++;
      else fp++;
      k++;
    }
    points.push({
      threshold: s,
      fpr: negatives > 0 ? fp / negatives : 0,
      tpr: positives > 0 ? tp / positives : 0,
    });
  }
  return { points, positives, negatives };
}

/**
 * Area under the ROC curve by the trapezoid rule over the exact points; equals the probability that
 * a random positive outscores a random negative, ties counting one half (Mann–Whitney U).
 * NaN when either class is empty.
 */
export function rocAuc(roc: Roc): number {
  if (roc.positives === 0 || roc.negatives === 0) return Number.NaN;
  let area = 0;
  for (let i = 1; i < roc.points.length; i++) {
    const a = roc.points[i - 1]!;
    const b = roc.points[i]!;
    area += ((b.fpr - a.fpr) * (a.tpr + b.tpr)) / 2;
  }
  return area;
}

/**
 * TPR at a maximum false-positive rate: the highest TPR of any threshold whose FPR is ≤ `maxFpr`.
 * No interpolation between ROC points (an attacker picking one threshold achieves exactly this;
 * randomising between two thresholds could do marginally better and is not credited). With n
 * negatives the FPR resolution is 1/n: below it, only thresholds with zero false positives count.
 */
export function tprAtFpr(roc: Roc, maxFpr: number): number {
  if (roc.positives === 0 || roc.negatives === 0) return Number.NaN;
  let best = 0;
  for (const p of roc.points) if (p.fpr <= maxFpr + 1e-12 && p.tpr > best) best = p.tpr;
  return best;
}

/** Best balanced accuracy (TPR + TNR) / 2 over all thresholds, with the threshold achieving it. */
export function bestBalancedAccuracy(roc: Roc): { value: number; threshold: number } {
  let best = { value: Number.NaN, threshold: Number.NaN };
  if (roc.positives === 0 || roc.negatives === 0) return best;
  for (const p of roc.points) {
    const v = (p.tpr + 1 - p.fpr) / 2;
    if (!(v <= best.value)) best = { value: v, threshold: p.threshold };
  }
  return best;
}

/** Balanced accuracy of the fixed rule "positive iff score ≥ threshold". */
export function balancedAccuracyAt(
  scores: readonly number[],
  positive: readonly boolean[],
  threshold: number,
): number {
  let tp = 0;
  let tn = 0;
  let p = 0;
  let n = 0;
  scores.forEach((s, i) => {
    const flagged = s >= threshold;
    if (positive[i]) {
      p++;
      if (flagged) tp++;
    } else {
      n++;
      if (!flagged) tn++;
    }
  });
  if (p === 0 || n === 0) return Number.NaN;
  return (tp / p + tn / n) / 2;
}

/**
 * At most `maxPoints` ROC points for a chart with a log-scale FPR axis: the highest-TPR point of each
 * log-spaced FPR bucket, so the low-FPR region keeps as much detail as the rest. The first point
 * with FPR > 0 and the end point (1, 1) are always kept; points at FPR 0 are dropped (a log axis
 * cannot show them; their TPR is `tprAtFpr(roc, 0)`).
 */
export function rocChartPoints(roc: Roc, maxPoints = 120): { fpr: number[]; tpr: number[] } {
  const visible = roc.points.filter((p) => p.fpr > 0);
  const fpr: number[] = [];
  const tpr: number[] = [];
  if (visible.length === 0) return { fpr, tpr };
  const lo = Math.log10(visible[0]!.fpr);
  const span = Math.max(1e-9, -lo);
  const bucketOf = (f: number) => Math.floor(((Math.log10(f) - lo) / span) * (maxPoints - 2));
  visible.forEach((p, i) => {
    const next = visible[i + 1];
    // Points come with non-decreasing FPR and TPR: the last one of a bucket has its highest TPR.
    if (i === 0 || !next || bucketOf(next.fpr) !== bucketOf(p.fpr)) {
      fpr.push(round6(p.fpr));
      tpr.push(round6(p.tpr));
    }
  });
  return { fpr, tpr };
}

function round6(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}

/** The standard membership figures of a scored candidate set (higher score = "member"). */
export interface MembershipMetrics {
  auc: number;
  /** Best balanced accuracy over thresholds (what a perfectly calibrated attacker reaches). */
  bestBalancedAccuracy: number;
  tprAt1PctFpr: number;
  tprAt01PctFpr: number;
  /** Best TPR − FPR over thresholds (membership advantage, Yeom et al.). */
  advantage: number;
  members: number;
  nonMembers: number;
}

/** AUC, best balanced accuracy, TPR at 1 % and 0.1 % FPR and advantage, in one pass. */
export function membershipMetrics(
  scores: readonly number[],
  member: readonly boolean[],
): { metrics: MembershipMetrics; roc: Roc } {
  const roc = rocCurve(scores, member);
  const best = bestBalancedAccuracy(roc);
  return {
    roc,
    metrics: {
      auc: rocAuc(roc),
      bestBalancedAccuracy: best.value,
      tprAt1PctFpr: tprAtFpr(roc, 0.01),
      tprAt01PctFpr: tprAtFpr(roc, 0.001),
      // Balanced accuracy = (1 + TPR − FPR) / 2, so the best advantage is 2·best − 1.
      advantage: Number.isNaN(best.value) ? Number.NaN : 2 * best.value - 1,
      members: roc.positives,
      nonMembers: roc.negatives,
    },
  };
}
