import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Invalid } from "../contracts/errors.js";
import { compileConstraints } from "./constraints.js";

const DIMS = 8;

/** Random valid specs over 8 features: disjoint one-hot groups, bounds that contain 0 and 1 for them. */
const specArb = fc
  .record({
    perm: fc.shuffledSubarray([0, 1, 2, 3, 4, 5, 6, 7], { minLength: DIMS, maxLength: DIMS }),
    groups: fc.integer({ min: 0, max: 2 }),
    integer: fc.subarray([0, 1, 2, 3, 4, 5, 6, 7]),
    immutable: fc.subarray([0, 1, 2, 3, 4, 5, 6, 7], { maxLength: 3 }),
    bounds: fc.array(
      fc.record({
        lo: fc.double({ min: -50, max: 50, noNaN: true }),
        width: fc.double({ min: 1, max: 100, noNaN: true }),
      }),
      { minLength: DIMS, maxLength: DIMS },
    ),
  })
  .map(({ perm, groups, integer, immutable, bounds }) => {
    const oneHot = Array.from({ length: groups }, (_, g) => perm.slice(g * 3, g * 3 + 3));
    const grouped = new Set(oneHot.flat());
    const b: Record<string, { min: number; max: number }> = {};
    bounds.forEach(({ lo, width }, i) => {
      b[String(i)] = grouped.has(i)
        ? { min: Math.min(0, lo), max: Math.max(1, lo + width) }
        : { min: lo, max: lo + width };
    });
    return { bounds: b, integer, immutable, oneHot };
  });

const vec = fc
  .array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: DIMS, maxLength: DIMS })
  .map((v) => Float32Array.from(v));

describe("feature constraints", () => {
  it("projected points satisfy every constraint (bounds, integer, one-hot, immutable)", () => {
    fc.assert(
      fc.property(specArb, vec, vec, (spec, rawOrigin, x) => {
        const c = compileConstraints(spec, { dims: DIMS, defaultBounds: { min: 0, max: 1 } });
        const origin = c.project(rawOrigin);
        expect(c.violations(origin)).toEqual([]);
        const projected = c.project(x, origin);
        expect(c.violations(projected, origin)).toEqual([]);
        // Idempotent: a feasible point is a fixed point.
        expect(Array.from(c.project(projected, origin))).toEqual(Array.from(projected));
      }),
      { numRuns: 300 },
    );
  });

  it("snaps a one-hot group to its largest member and keeps immutable features", () => {
    const c = compileConstraints(
      {
        oneHot: [["red", "green", "blue"]],
        immutable: ["age"],
        integer: [0],
        bounds: { age: { min: 0, max: 120 } },
      },
      { dims: 5, featureNames: ["count", "red", "green", "blue", "age"], defaultBounds: { min: 0, max: 10 } },
    );
    const origin = Float32Array.of(3, 1, 0, 0, 42);
    const out = c.project(Float32Array.of(2.6, 0.2, 0.7, 0.1, 80), origin);
    expect(Array.from(out)).toEqual([3, 0, 1, 0, 42]);
    expect(c.violations(Float32Array.of(2.5, 1, 1, 0, 42), origin)).toEqual([
      "feature 0=2.5 is not an integer",
      "one-hot group 0 has 2 active features",
    ]);
  });

  it("keeps float32 bounds inside the declared ones", () => {
    const c = compileConstraints(
      { bounds: { "0": { min: 0.1, max: 0.3 } } },
      { dims: 1, defaultBounds: { min: 0, max: 1 } },
    );
    const hi = c.project(Float32Array.of(5))[0]!;
    const lo = c.project(Float32Array.of(-5))[0]!;
    expect(hi).toBeLessThanOrEqual(0.3);
    expect(lo).toBeGreaterThanOrEqual(0.1);
  });

  it("rejects unknown features, overlapping groups and empty integer ranges with Invalid", () => {
    const opts = { dims: 3, featureNames: ["a", "b", "c"], defaultBounds: { min: 0, max: 1 } };
    expect(() => compileConstraints({ immutable: ["zzz"] }, opts)).toThrow(Invalid);
    expect(() => compileConstraints({ immutable: [3] }, opts)).toThrow(/unknown feature/);
    expect(() =>
      compileConstraints(
        {
          oneHot: [
            ["a", "b"],
            ["b", "c"],
          ],
        },
        opts,
      ),
    ).toThrow(/two one-hot groups/);
    expect(() => compileConstraints({ integer: ["a"], bounds: { a: { min: 0.2, max: 0.8 } } }, opts)).toThrow(
      /no integer/,
    );
    expect(() => compileConstraints({ colour: 1 }, opts)).toThrow(Invalid);
  });
});
