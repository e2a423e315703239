// The shapes of train-time poisoning: a poisoning attack (how to corrupt a training set and how to
// measure success at test time) and a trainer (mlsa's own, or the user's hook) that turns data into a model.
import type { z } from "zod";
import type { Paper } from "../../contracts/lab.js";
import type { Dataset } from "../datasets.js";
import type { Rng } from "../rng.js";

/** A training set after poisoning, with what was changed. */
export interface PoisonedSet {
  readonly data: Dataset;
  /** Number of poisoned examples in `data` (relabelled, triggered or added). */
  readonly poisoned: number;
  /** Indices in `data` of the poisoned examples. */
  readonly indices: readonly number[];
}

/** How attack success is measured on a clean test set: which inputs to present, what counts as a hit. */
export interface SuccessProbe {
  /** Inputs presented to the trained model (e.g. triggered copies of test inputs). */
  readonly inputs: readonly Float32Array[];
  /** The clean originals of `inputs` (the same inputs when nothing is stamped on them). */
  readonly originals: readonly Float32Array[];
  /** True labels of the clean originals (for evidence). */
  readonly trueLabels: readonly number[];
  /** The class the attacker wants; a prediction equal to it is a success. */
  readonly targetClass: number;
  /** Plain-language description of the probe set, for summaries and docs. */
  readonly description: string;
}

/**
 * One poisoning attack. `poison` must be deterministic in (data, rate, params, rng state) and, for a
 * fixed rng seed, poison nested sets as the rate grows (the examples poisoned at 1 % are among
 * those poisoned at 2 %), so a sweep's curve reflects the rate and not a new random draw.
 */
export interface PoisoningAttackDefinition<S extends z.ZodType = z.ZodType> {
  readonly id: string;
  readonly family: "poisoning";
  readonly name: string;
  readonly paper: Paper;
  /** Schema of the attack's own parameters (trainer settings and rates are separate). */
  readonly params: S;
  /** One paragraph for listings and docs. */
  readonly description: string;
  /**
   * Check the parameters against the training data (class indices in range, image layout…) and
   * fill in data-dependent defaults (e.g. a tabular trigger), so the stored parameters say exactly
   * what was done. Throws Invalid.
   */
  resolve(data: Dataset, params: z.output<S>): z.output<S>;
  /** Poison a copy of `data` at `rate` ∈ (0, 1); never mutates `data`. */
  poison(data: Dataset, rate: number, params: z.output<S>, rng: Rng): PoisonedSet;
  /** The test-time success measurement, or undefined when only clean accuracy matters (random flips). */
  successProbe(test: Dataset, params: z.output<S>): SuccessProbe | undefined;
  /** A one-line description of the configured attack, e.g. "4×4 patch, bottom-right, → class 7". */
  describe(data: Dataset, params: z.output<S>): string;
}

/** Declare a poisoning attack (identity at run time; exists for type inference). */
export function definePoisoning<S extends z.ZodType>(
  definition: PoisoningAttackDefinition<S>,
): PoisoningAttackDefinition<S> {
  return definition;
}

/** A model produced by a trainer. Call `dispose` when done. */
export interface TrainedModel {
  /** Predicted class of each input. */
  predictLabels(xs: readonly Float32Array[], signal?: AbortSignal): Promise<number[]>;
  dispose(): Promise<void>;
}

/** Progress and cancellation of one training run. */
export interface TrainRunOptions {
  /** Seed of the run (initial weights, shuffling); the same for every poison rate of a sweep. */
  readonly seed: number;
  readonly signal: AbortSignal;
  /** Fraction of this training run done (0–1) and a short message. */
  onProgress?(fraction: number, message: string): void;
}

/**
 * Something that trains a classifier on a data set: mlsa's own tfjs trainer, or an adapter that
 * runs the user's training command (src/targets/training-hook.ts) and loads the model it writes.
 */
export interface PoisonTrainer {
  /** "mlsa" for the built-in trainer, "hook" for the user's training command. */
  readonly kind: "mlsa" | "hook";
  /** Safe to store and show (no secrets): e.g. "mlsa MLP [128], 5 epochs". */
  readonly description: string;
  /** Settings worth recording with the run (JSON-serialisable). */
  readonly settings: Readonly<Record<string, unknown>>;
  train(data: Dataset, options: TrainRunOptions): Promise<TrainedModel>;
}
