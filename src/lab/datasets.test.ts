import { describe, expect, it } from "vitest";
import { fitStandardizer, loadDigits, loadIris, splitDataset, standardize } from "./datasets.js";

describe("bundled data sets", () => {
  it("loads the 10 000 MNIST digits in [0, 1] with labels 0–9", () => {
    const d = loadDigits();
    expect(d.x.length).toBe(10_000);
    expect(d.x[0]!.length).toBe(784);
    expect(new Set(d.y).size).toBe(10);
    let min = 1;
    let max = 0;
    for (const row of d.x.slice(0, 500))
      for (const v of row) [min, max] = [Math.min(min, v), Math.max(max, v)];
    expect(min).toBe(0);
    expect(max).toBeLessThanOrEqual(1);
  });

  it("loads iris: 150 rows, 4 features, 3 balanced classes", () => {
    const d = loadIris();
    expect(d.x.length).toBe(150);
    expect(d.featureNames).toHaveLength(4);
    expect([0, 1, 2].map((c) => d.y.filter((y) => y === c).length)).toEqual([50, 50, 50]);
  });

  it("splits deterministically into disjoint parts", () => {
    const d = loadIris();
    const a = splitDataset(d, { train: 100, test: 30 }, 5);
    const b = splitDataset(d, { train: 100, test: 30 }, 5);
    const c = splitDataset(d, { train: 100, test: 30 }, 6);
    expect(a.train.y).toEqual(b.train.y);
    expect(a.train.x).toEqual(b.train.x);
    expect(a.train.x).not.toEqual(c.train.x);
    expect(a.rest.x.length).toBe(20);
    const all = new Set([...a.train.x, ...a.test.x, ...a.rest.x]);
    expect(all.size).toBe(150);
    expect(() => splitDataset(d, { train: 140, test: 30 }, 1)).toThrow(RangeError);
  });

  it("standardizes with statistics of the fitted split", () => {
    const { train } = splitDataset(loadIris(), { train: 120 }, 1);
    const s = fitStandardizer(train);
    const z = standardize(train, s, { min: -4, max: 4 });
    const mean0 = z.x.reduce((acc, row) => acc + row[0]!, 0) / z.x.length;
    const var0 = z.x.reduce((acc, row) => acc + row[0]! ** 2, 0) / z.x.length;
    expect(Math.abs(mean0)).toBeLessThan(1e-5);
    expect(Math.abs(var0 - 1)).toBeLessThan(1e-4);
  });
});
