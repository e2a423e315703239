import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  balancedAccuracyAt,
  bestBalancedAccuracy,
  membershipMetrics,
  rocAuc,
  rocChartPoints,
  rocCurve,
  tprAtFpr,
} from "./roc.js";

/** AUC by brute force: P(score of a positive > score of a negative) + ½ P(tie). */
function pairwiseAuc(scores: number[], pos: boolean[]): number {
  let wins = 0;
  let pairs = 0;
  scores.forEach((a, i) => {
    if (!pos[i]) return;
    scores.forEach((b, j) => {
      if (pos[j]) return;
      pairs++;
      wins += a > b ? 1 : a === b ? 0.5 : 0;
    });
  });
  return wins / pairs;
}

describe("rocCurve and rocAuc", () => {
  it("gives AUC 1 for perfectly separated scores and 0 for reversed ones", () => {
    const pos = [true, true, false, false];
    expect(rocAuc(rocCurve([0.9, 0.8, 0.2, 0.1], pos))).toBe(1);
    expect(rocAuc(rocCurve([0.1, 0.2, 0.8, 0.9], pos))).toBe(0);
  });

  it("groups ties: all-equal scores give AUC ½ and a single diagonal step", () => {
    const roc = rocCurve([3, 3, 3, 3], [true, false, true, false]);
    expect(roc.points).toHaveLength(2);
    expect(rocAuc(roc)).toBe(0.5);
  });

  it("equals the Mann–Whitney statistic (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 6 }), fc.boolean()), { minLength: 2, maxLength: 40 }),
        (rows) => {
          const scores = rows.map((r) => r[0]);
          const pos = rows.map((r) => r[1]);
          if (pos.every((p) => p) || pos.every((p) => !p)) return;
          expect(rocAuc(rocCurve(scores, pos))).toBeCloseTo(pairwiseAuc(scores, pos), 12);
        },
      ),
    );
  });

  it("refuses mismatched lengths", () => {
    expect(() => rocCurve([1, 2], [true])).toThrow(RangeError);
  });
});

describe("tprAtFpr", () => {
  it("reads the highest TPR whose FPR stays within the limit, without interpolation", () => {
    // 4 negatives: FPR moves in steps of 0.25.
    const scores = [10, 9, 8, 7, 6, 5, 4, 3];
    const pos = [true, true, false, true, false, true, false, false];
    const roc = rocCurve(scores, pos);
    expect(tprAtFpr(roc, 0)).toBe(0.5);
    expect(tprAtFpr(roc, 0.2)).toBe(0.5);
    expect(tprAtFpr(roc, 0.25)).toBe(0.75);
    expect(tprAtFpr(roc, 1)).toBe(1);
  });

  it("is 0 when the top score is a negative and the limit is below one negative's share", () => {
    const roc = rocCurve([5, 4, 3], [false, true, true]);
    expect(tprAtFpr(roc, 0.001)).toBe(0);
  });
});

describe("balanced accuracy", () => {
  it("finds the best threshold and scores a fixed one", () => {
    const scores = [0.9, 0.7, 0.6, 0.4, 0.3, 0.1];
    const pos = [true, true, false, true, false, false];
    const best = bestBalancedAccuracy(rocCurve(scores, pos));
    expect(best.value).toBeCloseTo(5 / 6, 12);
    expect(balancedAccuracyAt(scores, pos, best.threshold)).toBeCloseTo(best.value, 12);
    expect(balancedAccuracyAt(scores, pos, 0.5)).toBeCloseTo((2 / 3 + 2 / 3) / 2, 12);
  });
});

describe("membershipMetrics and rocChartPoints", () => {
  it("reports all figures and keeps chart points within the limit, monotone, ending at (1, 1)", () => {
    const scores = Array.from({ length: 3000 }, (_, i) => Math.sin(i * 12.9898) * 0.5 + (i < 1000 ? 0.3 : 0));
    const member = scores.map((_, i) => i < 1000);
    const { metrics, roc } = membershipMetrics(scores, member);
    expect(metrics.members).toBe(1000);
    expect(metrics.nonMembers).toBe(2000);
    expect(metrics.auc).toBeGreaterThan(0.6);
    expect(metrics.advantage).toBeCloseTo(2 * metrics.bestBalancedAccuracy - 1, 12);
    expect(metrics.tprAt01PctFpr).toBeLessThanOrEqual(metrics.tprAt1PctFpr);
    const chart = rocChartPoints(roc, 50);
    expect(chart.fpr.length).toBeLessThanOrEqual(50);
    expect(chart.fpr.at(-1)).toBe(1);
    expect(chart.tpr.at(-1)).toBe(1);
    for (let i = 1; i < chart.fpr.length; i++) {
      expect(chart.fpr[i]!).toBeGreaterThanOrEqual(chart.fpr[i - 1]!);
      expect(chart.tpr[i]!).toBeGreaterThanOrEqual(chart.tpr[i - 1]!);
    }
    expect(chart.fpr.every((f) => f > 0)).toBe(true);
  });
});
