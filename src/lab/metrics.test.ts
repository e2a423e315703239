import { describe, expect, it } from "vitest";
import { agreement, finiteMetrics, maxAbsDifference, mean, median, quantile, rate } from "./metrics.js";

describe("metrics", () => {
  it("computes medians, quantiles, means and rates", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(quantile([0, 10], 0.25)).toBe(2.5);
    expect(Number.isNaN(median([]))).toBe(true);
    expect(mean([1, 2, 3, 6])).toBe(3);
    expect(rate([true, false, true, true])).toBe(0.75);
  });

  it("measures agreement and parameter error", () => {
    expect(agreement([1, 2, 3, 4], [1, 2, 0, 4])).toBe(0.75);
    expect(() => agreement([1], [1, 2])).toThrow(RangeError);
    expect(maxAbsDifference([1, -2, 3], [1.5, -2, 1])).toBe(2);
  });

  it("drops non-finite metrics so records stay JSON-safe", () => {
    expect(finiteMetrics({ a: 1, b: Number.NaN, c: Number.POSITIVE_INFINITY })).toEqual({ a: 1 });
  });
});
