// Properties of the poison building blocks: nested choice, relabelling, patch geometry, counts.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Invalid } from "../../contracts/errors.js";
import type { Dataset } from "../datasets.js";
import { createRng } from "../rng.js";
import { applyTrigger, patchCells, pickNested, poisonCount, relabel, stampAndRelabel } from "./poisons.js";

const toy = (n: number, d = 4, k = 3): Dataset => ({
  x: Array.from({ length: n }, (_, i) => Float32Array.from({ length: d }, (_, j) => (i * d + j) % 7)),
  y: Array.from({ length: n }, (_, i) => i % k),
  numClasses: k,
  inputShape: [d],
  bounds: { min: 0, max: 6 },
});

describe("pickNested", () => {
  it("returns nested, duplicate-free subsets for the same seed", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 200 }),
        fc.nat(200),
        fc.nat(200),
        fc.integer(),
        (n, a, b, seed) => {
          const candidates = Array.from({ length: n }, (_, i) => i * 3);
          const small = pickNested(candidates, Math.min(a, b), createRng(seed));
          const large = pickNested(candidates, Math.max(a, b), createRng(seed));
          expect(large.slice(0, small.length)).toEqual(small);
          expect(new Set(large).size).toBe(large.length);
          expect(large.length).toBe(Math.min(Math.max(a, b), n));
          for (const i of large) expect(candidates).toContain(i);
        },
      ),
    );
  });
});

describe("relabel and stampAndRelabel", () => {
  it("changes only the chosen labels and never the original data", () => {
    const data = toy(10);
    const before = [...data.y];
    const out = relabel(
      data,
      new Map([
        [2, 0],
        [5, 1],
      ]),
    );
    expect(out.poisoned).toBe(2);
    expect(out.data.y.filter((y, i) => y !== before[i]).length).toBe(2);
    expect(data.y).toEqual(before);
  });

  it("adds triggered copies (add) or replaces examples in place (replace)", () => {
    const data = toy(10);
    const cells = [[0, 9] as const, [3, 9] as const];
    const added = stampAndRelabel(data, [1, 4], cells, 2, "add");
    expect(added.data.x).toHaveLength(12);
    expect(added.indices).toEqual([10, 11]);
    expect(Array.from(added.data.x[11]!)).toEqual([9, ...Array.from(data.x[4]!.slice(1, 3)), 9]);
    expect(added.data.y.slice(10)).toEqual([2, 2]);
    const replaced = stampAndRelabel(data, [1, 4], cells, 2, "replace");
    expect(replaced.data.x).toHaveLength(10);
    expect(replaced.data.x[4]![0]).toBe(9);
    expect(replaced.data.y[4]).toBe(2);
    expect(data.x[4]![0]).not.toBe(9);
  });

  it("counts poison so that it is `rate` of the final training set", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 100, max: 100_000 }),
        fc.double({ min: 0.001, max: 0.5, noNaN: true }),
        (n, rate) => {
          const add = poisonCount(n, rate, "add");
          expect(Math.abs(add / (n + add) - rate)).toBeLessThan(1.5 / n);
          expect(poisonCount(n, rate, "replace")).toBe(Math.round(rate * n));
        },
      ),
    );
  });
});

describe("patchCells", () => {
  it("puts a 3×3 patch one pixel from the bottom-right corner of a 28×28 image", () => {
    const cells = patchCells([28, 28, 1], { size: 3, corner: "bottom-right", margin: 1, value: 1 });
    const rows = new Set(cells.map(([i]) => Math.floor(i / 28)));
    const cols = new Set(cells.map(([i]) => i % 28));
    expect(cells).toHaveLength(9);
    expect([...rows].sort()).toEqual([24, 25, 26]);
    expect([...cols].sort()).toEqual([24, 25, 26]);
    const x = applyTrigger(new Float32Array(784), cells);
    expect(x.reduce((a, b) => a + b, 0)).toBe(9);
  });

  it("covers every channel of an RGB image, in the top-left corner", () => {
    const cells = patchCells([8, 8, 3], { size: 2, corner: "top-left", margin: 0, value: 0.5 });
    expect(cells.map(([i]) => i).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 24, 25, 26, 27, 28, 29]);
  });

  it("refuses tabular data and patches that do not fit", () => {
    expect(() => patchCells([784], { size: 3, corner: "bottom-right", margin: 1, value: 1 })).toThrow(
      Invalid,
    );
    expect(() => patchCells([8, 8, 1], { size: 8, corner: "bottom-right", margin: 1, value: 1 })).toThrow(
      /does not fit/,
    );
  });
});
