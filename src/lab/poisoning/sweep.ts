// The poison-rate sweep: train an unpoisoned baseline and one model per poison rate (same trainer,
// same seed), and measure clean accuracy, its drop against the baseline, and attack success.
import { Invalid } from "../../contracts/errors.js";
import type { Dataset } from "../datasets.js";
import { createRng } from "../rng.js";
import type { PoisoningAttackDefinition, PoisonTrainer, SuccessProbe, TrainedModel } from "./types.js";

/** What a sweep needs. `params` must already be resolved against `train` (attack.resolve). */
export interface SweepOptions {
  attack: PoisoningAttackDefinition;
  params: unknown;
  /** The clean training data (never modified; each rate poisons its own copy). */
  train: Dataset;
  /** Clean test data, disjoint from `train`. */
  test: Dataset;
  /** Poison rates as fractions in (0, 1), e.g. [0.005, 0.01, 0.02, 0.05, 0.1]. */
  rates: readonly number[];
  trainer: PoisonTrainer;
  seed: number;
  signal: AbortSignal;
  onProgress?: (fraction: number, message: string) => void;
  /**
   * A model already trained by `trainer` on the clean `train` with `seed` (several sweeps on the
   * same data can share it). The caller keeps ownership. Trained here when absent.
   */
  baseline?: TrainedModel;
}

/** Measurements of one trained model. */
export interface ModelScore {
  cleanAccuracy: number;
  /** Share of the success probe classified as the attacker's target (absent without a probe). */
  attackSuccessRate?: number;
}

/** One point of the curve. */
export interface SweepPoint extends ModelScore {
  /** Requested poison rate (share of the training set that is poisoned). */
  rate: number;
  /** Poisoned examples actually used (may fall short of the rate, e.g. a small source class). */
  poisoned: number;
  /** Size of the poisoned training set. */
  trainSize: number;
  /** poisoned / trainSize. */
  effectiveRate: number;
  /** Baseline clean accuracy minus this model's (positive = worse). */
  accuracyDrop: number;
}

/** A finished sweep. */
export interface SweepResult {
  baseline: ModelScore;
  points: SweepPoint[];
  probe?: { size: number; description: string; targetClass: number };
  /** The first probe input, its clean original and what each poisoned model predicted for it. */
  sample?: { input: Float32Array; original: Float32Array; trueLabel: number; predictions: number[] };
}

/** Check and normalise poison rates: finite, in (0, 1), sorted, without duplicates. */
export function normaliseRates(rates: readonly number[]): number[] {
  if (rates.length === 0)
    throw new Invalid("give at least one poison rate", [{ path: "rates", message: "empty" }]);
  rates.forEach((r, i) => {
    if (!Number.isFinite(r) || r <= 0 || r >= 1) {
      throw new Invalid(`poison rate ${r} must be a fraction above 0 and below 1 (e.g. 0.05 for 5 %)`, [
        { path: `rates.${i}`, message: "expected 0 < rate < 1" },
      ]);
    }
  });
  return [...new Set(rates)].sort((a, b) => a - b);
}

async function score(
  model: TrainedModel,
  test: Dataset,
  probe: SuccessProbe | undefined,
  signal: AbortSignal,
) {
  const inputs = probe ? [...test.x, ...probe.inputs] : test.x;
  const predicted = await model.predictLabels(inputs, signal);
  if (predicted.length !== inputs.length) {
    throw new Error(`the trained model returned ${predicted.length} predictions for ${inputs.length} inputs`);
  }
  let correct = 0;
  test.y.forEach((y, i) => {
    if (predicted[i] === y) correct++;
  });
  const probePredictions = predicted.slice(test.x.length);
  const hits = probe ? probePredictions.filter((p) => p === probe.targetClass).length : 0;
  const result: ModelScore = { cleanAccuracy: correct / test.x.length };
  if (probe && probe.inputs.length > 0) result.attackSuccessRate = hits / probe.inputs.length;
  return { score: result, probePredictions };
}

/**
 * Run the sweep. Throws on abort (AbortSignal reason) or when a training run fails; models are
 * disposed either way.
 */
export async function runSweep(options: SweepOptions): Promise<SweepResult> {
  const { attack, params, train, test, trainer, seed, signal } = options;
  const rates = normaliseRates(options.rates);
  if (test.x.length === 0) throw new Invalid("the clean test set is empty");
  const probe = attack.successProbe(test, params);
  const runs = rates.length + (options.baseline ? 0 : 1);
  let done = 0;
  const progress = (inner: number, message: string) =>
    options.onProgress?.(Math.min(1, (done + inner) / runs), message);

  const trainOne = async (data: Dataset, label: string): Promise<TrainedModel> => {
    signal.throwIfAborted();
    const model = await trainer.train(data, {
      seed,
      signal,
      onProgress: (f, m) => progress(0.95 * f, `${label}: ${m}`),
    });
    return model;
  };

  let baselineModel = options.baseline;
  const ownBaseline = !baselineModel;
  try {
    baselineModel ??= await trainOne(train, "baseline (no poison)");
    const base = await score(baselineModel, test, probe, signal);
    if (ownBaseline) done++;
    progress(0, `baseline clean accuracy ${(base.score.cleanAccuracy * 100).toFixed(1)}%`);
    const points: SweepPoint[] = [];
    const samplePredictions: number[] = [];
    for (const rate of rates) {
      // A fresh generator with the same seed at every rate: poison sets are nested across rates.
      const poisoned = attack.poison(train, rate, params, createRng(`${seed}:poison:${attack.id}`));
      const label = `${(rate * 100).toFixed(rate < 0.01 ? 1 : 0)}% poison`;
      const model = await trainOne(poisoned.data, label);
      try {
        const s = await score(model, test, probe, signal);
        const trainSize = poisoned.data.x.length;
        points.push({
          rate,
          poisoned: poisoned.poisoned,
          trainSize,
          effectiveRate: poisoned.poisoned / trainSize,
          ...s.score,
          accuracyDrop: base.score.cleanAccuracy - s.score.cleanAccuracy,
        });
        if (s.probePredictions.length > 0) samplePredictions.push(s.probePredictions[0]!);
      } finally {
        await model.dispose();
      }
      done++;
      const last = points[points.length - 1]!;
      const asr =
        last.attackSuccessRate === undefined
          ? ""
          : `, attack success ${(last.attackSuccessRate * 100).toFixed(1)}%`;
      progress(0, `${label}: clean accuracy ${(last.cleanAccuracy * 100).toFixed(1)}%${asr}`);
    }
    const result: SweepResult = { baseline: base.score, points };
    if (probe) {
      result.probe = {
        size: probe.inputs.length,
        description: probe.description,
        targetClass: probe.targetClass,
      };
      if (probe.inputs.length > 0) {
        result.sample = {
          input: probe.inputs[0]!,
          original: probe.originals[0]!,
          trueLabel: probe.trueLabels[0]!,
          predictions: samplePredictions,
        };
      }
    }
    return result;
  } finally {
    if (ownBaseline) await baselineModel?.dispose();
  }
}
