// k-suppression: no returned figure describes fewer than k systems, and the hidden remainder cannot
// be recovered as "total minus what is shown".
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { effectiveK, MIN_K, suppress } from "./suppress.js";

describe("effectiveK", () => {
  it("only ever raises k", () => {
    expect(effectiveK()).toBe(MIN_K);
    expect(effectiveK(2)).toBe(MIN_K);
    expect(effectiveK(0)).toBe(MIN_K);
    expect(effectiveK(Number.NaN)).toBe(MIN_K);
    expect(effectiveK(5.5)).toBe(MIN_K);
    expect(effectiveK(12)).toBe(12);
  });
});

describe("suppress", () => {
  it("hides a group smaller than k entirely", () => {
    expect(suppress([{ key: "a", count: 4 }], 4, 5)).toEqual({ total: null, shown: [], other: null });
  });

  it("folds small buckets, and enough large ones that the fold reaches k", () => {
    const s = suppress(
      [
        { key: "a", count: 20 },
        { key: "b", count: 2 },
        { key: "c", count: 6 },
      ],
      28,
      5,
    );
    expect(s).toEqual({ total: 28, shown: [{ key: "a", count: 20 }], other: 8 });
  });

  it("shows everything when every bucket reaches k, in the given order", () => {
    const s = suppress(
      [
        { key: "x", count: 9 },
        { key: "y", count: 5 },
      ],
      14,
      5,
    );
    expect(s).toEqual({
      total: 14,
      shown: [
        { key: "x", count: 9 },
        { key: "y", count: 5 },
      ],
      other: null,
    });
  });

  it("folds the same bucket whatever order the buckets come in (ties broken by key)", () => {
    const buckets = [
      { key: "b", count: 5 },
      { key: "a", count: 5 },
      { key: "c", count: 2 },
    ];
    const expected = { total: 12, shown: [{ key: "b", count: 5 }], other: 7 };
    expect(suppress(buckets, 12, 5)).toEqual(expected);
    fc.assert(
      fc.property(fc.shuffledSubarray(buckets, { minLength: 3, maxLength: 3 }), (order) => {
        expect(suppress(order, 12, 5)).toEqual(expected);
      }),
    );
  });

  it("never returns a count under k, nor a remainder under k (single choice, property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat({ max: 30 }), { maxLength: 12 }),
        fc.integer({ min: 5, max: 12 }),
        (counts, k) => {
          const buckets = counts.map((count, i) => ({ key: `o${i}`, count }));
          const total = counts.reduce((a, b) => a + b, 0);
          const s = suppress(buckets, total, k);
          for (const b of s.shown) expect(b.count).toBeGreaterThanOrEqual(k);
          if (s.total !== null) {
            expect(s.total).toBeGreaterThanOrEqual(k);
            const remainder = s.total - s.shown.reduce((a, b) => a + b.count, 0);
            expect(remainder === 0 || remainder >= k).toBe(true);
            expect(s.other ?? 0).toBe(remainder);
          } else {
            expect(s.shown).toEqual([]);
          }
          if (s.other !== null) expect(s.other).toBeGreaterThanOrEqual(k);
        },
      ),
    );
  });
});
