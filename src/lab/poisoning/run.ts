// Run one poisoning simulation end to end: validate, split off a clean test set, sweep the poison
// rates with the given trainer and return the evidence record (LabRun) with metrics and the curve.
import { randomUUID } from "node:crypto";
import { Invalid } from "../../contracts/errors.js";
import type { Example, LabRun, TargetInfo } from "../../contracts/lab.js";
import { checkSeed, parseAttackParams } from "../attack.js";
import { type Dataset, splitDataset } from "../datasets.js";
import { inputLayout } from "../layout.js";
import { finiteMetrics } from "../metrics.js";
import { differenceToPngDataUrl, imageToPngDataUrl } from "../png.js";
import { getPoisoningAttack } from "./registry.js";
import { normaliseRates, runSweep, type SweepResult } from "./sweep.js";
import type { PoisoningAttackDefinition, PoisonTrainer, TrainedModel } from "./types.js";

/** Poison rates swept when none are given: 0.5, 1, 2, 5 and 10 %. */
export const DEFAULT_RATES: readonly number[] = [0.005, 0.01, 0.02, 0.05, 0.1];

/** How to run a poisoning simulation. */
export interface PoisoningRunOptions {
  /** The attack's parameters, validated with its schema (defaults filled in). */
  params?: Record<string, unknown>;
  /** The user's clean training data. */
  train: Dataset;
  /** Clean test data; default a seeded `testFraction` split of `train`. */
  test?: Dataset;
  /** Share of `train` held out as the test set when `test` is absent (default 0.2). */
  testFraction?: number;
  /** Poison rates as fractions (default {@link DEFAULT_RATES}). */
  rates?: readonly number[];
  trainer: PoisonTrainer;
  seed: number;
  /** Where the data came from, for the record (file name or demo name; no secrets). */
  dataDescription?: string;
  /** A clean model already trained by `trainer` on the same training split with `seed` (reused, not disposed). */
  baseline?: TrainedModel;
  onProgress?: (fraction: number, message: string) => void;
  signal?: AbortSignal;
  runId?: string;
  clock?: () => Date;
}

/** A finished, failed or cancelled poisoning run. */
export interface PoisoningOutcome {
  run: LabRun;
  /** The full sweep (absent when the run failed). */
  sweep?: SweepResult;
  /** The training and test split actually used. */
  split: { train: Dataset; test: Dataset };
  /** The error that ended a failed or cancelled run. */
  failure?: unknown;
}

/** Metric-name suffix of a rate: 0.005 → "0p5pct", 0.05 → "5pct". */
export function rateKey(rate: number): string {
  return `${Number((rate * 100).toFixed(4))
    .toString()
    .replace(".", "p")}pct`;
}

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
const ratePct = (r: number) => `${Number((r * 100).toFixed(2))}%`;

/** Check that the data can be trained on and that train and test agree. */
function checkData(train: Dataset, test: Dataset): void {
  if (train.x.length < 2) throw new Invalid("the training data needs at least 2 examples");
  if (train.numClasses < 2) throw new Invalid("the training data needs at least 2 classes");
  const d = train.x[0]!.length;
  if (test.x[0] && test.x[0].length !== d) {
    throw new Invalid(`test inputs have ${test.x[0].length} features, training inputs ${d}`, [
      { path: "test", message: `expected ${d} features` },
    ]);
  }
  if (test.numClasses !== train.numClasses) {
    throw new Invalid(`test data has ${test.numClasses} classes, training data ${train.numClasses}`);
  }
}

/**
 * Validate and run poisoning attack `id`. Throws NotFound (unknown attack) and Invalid (bad
 * parameters, rates, seed or data) before training anything; errors during training come back as
 * a failed (or, after an abort, cancelled) run.
 */
export async function runPoisoning(id: string, options: PoisoningRunOptions): Promise<PoisoningOutcome> {
  const attack = getPoisoningAttack(id);
  checkSeed(options.seed);
  const parsed = parseAttackParams(attack, options.params);
  const rates = normaliseRates(options.rates ?? DEFAULT_RATES);
  const split = splitData(options);
  checkData(split.train, split.test);
  const params = attack.resolve(split.train, parsed);

  const clock = options.clock ?? (() => new Date());
  const signal = options.signal ?? new AbortController().signal;
  const startedAt = clock().toISOString();
  const t0 = performance.now();
  let sweep: SweepResult | undefined;
  let failure: unknown;
  let last = 0;
  try {
    sweep = await runSweep({
      attack,
      params,
      train: split.train,
      test: split.test,
      rates,
      trainer: options.trainer,
      seed: options.seed,
      signal,
      baseline: options.baseline,
      onProgress: (f, m) => {
        last = Math.max(last, f);
        options.onProgress?.(last, m);
      },
    });
  } catch (error) {
    failure = error;
  }
  const data = split.train;
  const target: TargetInfo = {
    kind: options.trainer.kind === "hook" ? "onnx" : "demo",
    description: `${options.trainer.description}, trained on ${options.dataDescription ?? "the supplied data"}`,
    output: "label",
    numClasses: data.numClasses,
    inputShape: [...data.inputShape],
    inputBounds: { ...data.bounds },
    ...(data.featureNames ? { featureNames: [...data.featureNames] } : {}),
    ...(data.classNames ? { classNames: [...data.classNames] } : {}),
  };
  const run: LabRun = {
    id: options.runId ?? randomUUID(),
    attack: attack.id,
    family: "poisoning",
    target,
    params: {
      ...(params as Record<string, unknown>),
      rates,
      trainer: { kind: options.trainer.kind, ...options.trainer.settings },
      trainSize: split.train.x.length,
      testSize: split.test.x.length,
    },
    seed: options.seed,
    // No target is queried: the budget counts training runs (baseline + one per rate).
    budget: rates.length + 1,
    state: sweep ? "succeeded" : signal.aborted ? "cancelled" : "failed",
    queriesUsed: 0,
    wallTimeMs: performance.now() - t0,
    metrics: sweep ? finiteMetrics(sweepMetrics(sweep, split)) : {},
    summary: sweep
      ? summarise(attack, params, data, sweep)
      : `${attack.name} ${signal.aborted ? "was cancelled" : "failed"}`,
    examples: sweep ? sweepExamples(sweep, data) : [],
    startedAt,
    finishedAt: clock().toISOString(),
  };
  if (failure !== undefined) run.error = failure instanceof Error ? failure.message : String(failure);
  return { run, sweep, split, failure };
}

function splitData(options: PoisoningRunOptions): { train: Dataset; test: Dataset } {
  if (options.test) return { train: options.train, test: options.test };
  const f = options.testFraction ?? 0.2;
  if (!(f > 0 && f < 1)) {
    throw new Invalid(`testFraction ${f} must be between 0 and 1`, [
      { path: "testFraction", message: "0 < f < 1" },
    ]);
  }
  const n = options.train.x.length;
  const nTest = Math.round(n * f);
  if (nTest < 1 || n - nTest < 2) {
    throw new Invalid(`${n} examples are too few to hold out a test set; supply more data or a test file`);
  }
  const parts = splitDataset(options.train, { test: nTest }, options.seed);
  return { train: parts.rest, test: parts.test };
}

/** Flat metrics: baseline, per-rate figures and headline numbers. */
function sweepMetrics(sweep: SweepResult, split: { train: Dataset; test: Dataset }): Record<string, number> {
  const m: Record<string, number> = {
    trainSize: split.train.x.length,
    testSize: split.test.x.length,
    baselineAccuracy: sweep.baseline.cleanAccuracy,
    maxAccuracyDrop: Math.max(...sweep.points.map((p) => p.accuracyDrop)),
  };
  if (sweep.baseline.attackSuccessRate !== undefined)
    m.baselineAttackSuccessRate = sweep.baseline.attackSuccessRate;
  if (sweep.probe) m.probeSize = sweep.probe.size;
  for (const p of sweep.points) {
    const k = rateKey(p.rate);
    m[`cleanAccuracyAt${k}`] = p.cleanAccuracy;
    m[`accuracyDropAt${k}`] = p.accuracyDrop;
    m[`poisonedAt${k}`] = p.poisoned;
    if (p.attackSuccessRate !== undefined) m[`attackSuccessRateAt${k}`] = p.attackSuccessRate;
  }
  const asr = sweep.points.flatMap((p) => (p.attackSuccessRate === undefined ? [] : [p.attackSuccessRate]));
  if (asr.length > 0) m.maxAttackSuccessRate = Math.max(...asr);
  const first90 = sweep.points.find((p) => (p.attackSuccessRate ?? 0) >= 0.9);
  if (first90) m.lowestRateWithSuccess90 = first90.rate;
  return m;
}

function summarise(
  attack: PoisoningAttackDefinition,
  params: unknown,
  data: Dataset,
  sweep: SweepResult,
): string {
  const top = sweep.points[sweep.points.length - 1]!;
  const base = `${attack.name} (${attack.describe(data, params)}) on ${data.x.length} training examples`;
  const drop = (p: { accuracyDrop: number }) => {
    const points = Math.abs(p.accuracyDrop * 100).toFixed(1);
    return `${points === "0.0" ? "±" : p.accuracyDrop > 0 ? "−" : "+"}${points} points`;
  };
  let text =
    `${base}: clean accuracy ${pct(sweep.baseline.cleanAccuracy)} unpoisoned, ${pct(top.cleanAccuracy)} at ` +
    `${ratePct(top.rate)} poison (${drop(top)})`;
  if (top.attackSuccessRate !== undefined) {
    text += `; attack success ${pct(top.attackSuccessRate)} at ${ratePct(top.rate)} (${pct(sweep.baseline.attackSuccessRate ?? 0)} unpoisoned)`;
    const first90 = sweep.points.find((p) => (p.attackSuccessRate ?? 0) >= 0.9);
    text += first90
      ? `; ≥ 90% success from ${ratePct(first90.rate)} poison (clean accuracy ${drop(first90)})`
      : "; success stayed below 90% at every rate";
  }
  return `${text}.`;
}

/**
 * The curve for charts (rate 0 is the unpoisoned baseline) and, when there is a probe, one probe
 * input with the prediction of the most poisoned model.
 */
function sweepExamples(sweep: SweepResult, data: Dataset): Example[] {
  const { baseline, points } = sweep;
  const values: Record<string, number[]> = {
    poisonRate: [0, ...points.map((p) => p.rate)],
    cleanAccuracy: [baseline.cleanAccuracy, ...points.map((p) => p.cleanAccuracy)],
    accuracyDrop: [0, ...points.map((p) => p.accuracyDrop)],
    poisoned: [0, ...points.map((p) => p.poisoned)],
  };
  if (baseline.attackSuccessRate !== undefined && points.every((p) => p.attackSuccessRate !== undefined)) {
    values.attackSuccessRate = [baseline.attackSuccessRate, ...points.map((p) => p.attackSuccessRate!)];
  }
  const examples: Example[] = [{ label: "poison-rate curve", values }];
  const s = sweep.sample;
  if (!s || !sweep.probe) return examples;
  const predicted = s.predictions[s.predictions.length - 1];
  const top = sweep.points[sweep.points.length - 1]!;
  const stamped = s.input.some((v, i) => v !== s.original[i]);
  const example: Example = {
    label: `${stamped ? "triggered" : "clean"} test input, model poisoned at ${ratePct(top.rate)}`,
    originalClass: s.trueLabel,
    ...(predicted !== undefined ? { adversarialClass: predicted } : {}),
  };
  const layout = inputLayout({ inputShape: [...data.inputShape] });
  if (stamped && layout.kind === "image") {
    example.images = {
      original: imageToPngDataUrl(s.original, layout, data.bounds),
      adversarial: imageToPngDataUrl(s.input, layout, data.bounds),
      difference: differenceToPngDataUrl(s.input, s.original, layout),
    };
  } else if (stamped) {
    example.values = { original: Array.from(s.original), adversarial: Array.from(s.input) };
  }
  examples.push(example);
  return examples;
}
