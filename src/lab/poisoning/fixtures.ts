// Small data sets for poisoning tests, docs and quick experiments: a seeded subset of the bundled
// digits and seeded Gaussian blobs (tabular). Pure; no files.
import { type Dataset, loadDigits, splitDataset } from "../datasets.js";
import { createRng } from "../rng.js";

/** Disjoint seeded train/test subsets of the bundled MNIST digits (28×28×1, values in [0, 1]). */
export function digitsSubset(nTrain: number, nTest: number, seed: number): { train: Dataset; test: Dataset } {
  const parts = splitDataset(loadDigits(), { train: nTrain, test: nTest }, seed);
  return { train: parts.train, test: parts.test };
}

/**
 * `n` points in `k` Gaussian blobs in `d` dimensions (unit variance, centres `spread` apart on
 * average), with feature names f0, f1, … and class names c0, c1, …
 */
export function blobs(n: number, d: number, k: number, seed: number, spread = 4): Dataset {
  const rng = createRng(`${seed}:blobs`);
  const centres = Array.from({ length: k }, () =>
    Array.from({ length: d }, () => rng.uniform(-spread, spread)),
  );
  const x: Float32Array[] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % k;
    x.push(Float32Array.from(centres[c]!, (m) => m + rng.normal()));
    y.push(c);
  }
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const row of x) for (const v of row) [min, max] = [Math.min(min, v), Math.max(max, v)];
  return {
    x,
    y,
    numClasses: k,
    inputShape: [d],
    bounds: { min, max },
    featureNames: Array.from({ length: d }, (_, j) => `f${j}`),
    classNames: Array.from({ length: k }, (_, c) => `c${c}`),
  };
}
