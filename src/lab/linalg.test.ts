import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { solveLinearSystem } from "./linalg.js";

describe("solveLinearSystem", () => {
  it("solves random diagonally dominant systems with several right-hand sides to ~1e-12", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }).chain((n) =>
          fc.record({
            a: fc.array(
              fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: n, maxLength: n }),
              { minLength: n, maxLength: n },
            ),
            x: fc.array(
              fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: 2, maxLength: 2 }),
              { minLength: n, maxLength: n },
            ),
          }),
        ),
        ({ a, x }) => {
          const n = a.length;
          const A = a.map((row, i) => row.map((v, j) => (i === j ? v + n + 1 : v)));
          const B = A.map((row) => [0, 1].map((c) => row.reduce((s, v, k) => s + v * x[k]![c]!, 0)));
          const got = solveLinearSystem(A, B);
          got.forEach((row, i) => {
            row.forEach((v, c) => {
              expect(Math.abs(v - x[i]![c]!)).toBeLessThan(1e-9);
            });
          });
        },
      ),
      { numRuns: 200 },
    );
  });

  it("needs pivoting: a zero leading entry is handled", () => {
    const x = solveLinearSystem(
      [
        [0, 1],
        [1, 0],
      ],
      [[2], [3]],
    );
    expect(Array.from(x[0]!)).toEqual([3]);
    expect(Array.from(x[1]!)).toEqual([2]);
  });

  it("rejects singular and non-square systems", () => {
    expect(() =>
      solveLinearSystem(
        [
          [1, 2],
          [2, 4],
        ],
        [[1], [2]],
      ),
    ).toThrow(/singular/);
    expect(() => solveLinearSystem([[1, 2]], [[1]])).toThrow(/square/);
  });
});
