// Shared plumbing of the surrogate-extraction attacks (Knockoff Nets, Jacobian augmentation):
// common parameters, held-out split, evaluation reserve, final fidelity metrics.
import { z } from "zod";
import { Unsupported } from "../../contracts/errors.js";
import type { OutputKind, Prediction, TargetInfo } from "../../contracts/lab.js";
import type { AttackContext, AttackResult, LabExample } from "../attack.js";
import { agreement } from "../metrics.js";
import { createOracle, type Oracle, targetLabels } from "../oracle.js";
import type { Surrogate } from "../surrogate.js";

/** Parameters every surrogate attack accepts. */
export const surrogateParams = {
  /** Hidden-layer widths of the MLP surrogate. */
  hidden: z.array(z.number().int().positive()).max(4).default([256]),
  batchSize: z.number().int().positive().default(32),
  learningRate: z.number().positive().default(0.001),
  /** Held-out inputs for fidelity; their target labels are queried unless supplied, and reserved from the budget. */
  evaluationSize: z.number().int().min(0).default(1000),
};

/** What a surrogate attack works with once the budget is split. */
export interface SurrogateSetup {
  oracle: Oracle;
  /** Inputs the attack may query (held-out ones removed). */
  pool: readonly LabExample[];
  heldOut: readonly LabExample[];
  /** Queries the attack itself may spend (evaluation queries already set aside). */
  attackBudget: number;
  surrogate: Surrogate;
}

type Common = { hidden: number[]; evaluationSize: number };

/** Split held-out data (given, or the last 20 % of the inputs), reserve its queries, build the model. */
export async function setUpSurrogate(ctx: AttackContext<Common>): Promise<SurrogateSetup> {
  // tfjs is loaded only when a surrogate attack actually runs.
  const { createSurrogate, ensureWasmBackend } = await import("../surrogate.js");
  await ensureWasmBackend();
  const p = ctx.params;
  let pool = ctx.inputs;
  let heldOut = ctx.heldOut ?? [];
  if (!ctx.heldOut && ctx.inputs.length >= 10) {
    const cut = Math.floor(ctx.inputs.length * 0.8);
    pool = ctx.inputs.slice(0, cut);
    heldOut = ctx.inputs.slice(cut);
  }
  heldOut = heldOut.slice(0, p.evaluationSize);
  const oracle = createOracle(ctx);
  const reserve = heldOut.filter((e) => e.targetLabel === undefined).length;
  const attackBudget = oracle.remaining() - reserve;
  if (attackBudget < 1) {
    throw new Unsupported(
      `budget ${ctx.budget} leaves no queries for the attack after ${reserve} held-out evaluation queries; ` +
        "raise --budget or lower evaluationSize",
    );
  }
  const info = ctx.target.info;
  const surrogate = createSurrogate({
    hidden: p.hidden,
    numClasses: info.numClasses,
    inputShape: info.inputShape,
    seed: `${ctx.seed}`,
  });
  return { oracle, pool, heldOut, attackBudget, surrogate };
}

/** What a surrogate attack has learnt from the victim so far. */
export interface TrainingSet {
  xs: Float32Array[];
  /** Training targets (see {@link targetDistribution}). */
  ys: Float32Array[];
  /** The victim's label for each input. */
  labels: number[];
}

/** Ask the victim about `inputs` in batches of 100 and append its answers to `set`. */
export async function queryInto(
  oracle: Oracle,
  info: Pick<TargetInfo, "output" | "numClasses">,
  inputs: readonly Float32Array[],
  soft: boolean,
  set: TrainingSet,
  onBatch?: () => void,
): Promise<void> {
  for (let s = 0; s < inputs.length; s += 100) {
    const part = inputs.slice(s, s + 100);
    const preds = await oracle.predict(part);
    preds.forEach((pred, i) => {
      set.xs.push(part[i]!);
      set.labels.push(pred.label);
      set.ys.push(targetDistribution(pred, info.output, info.numClasses, soft));
    });
    onBatch?.();
  }
}

/**
 * Run a surrogate attack: set up the surrogate, let `body` query and train it, then score it on the
 * held-out data and return the surrogate. `body` says how many queries the attack itself spent and
 * which metrics to add; the surrogate is disposed whatever happens.
 */
export async function runSurrogateAttack(
  ctx: AttackContext<Common>,
  name: string,
  body: (setup: SurrogateSetup) => Promise<{ attackQueries: number; extra: Record<string, number> }>,
): Promise<AttackResult> {
  const setup = await setUpSurrogate(ctx);
  try {
    const { attackQueries, extra } = await body(setup);
    const metrics = { ...(await surrogateMetrics(setup, attackQueries)), ...extra };
    ctx.onProgress(1, "done");
    return {
      metrics,
      summary: surrogateSummary(name, metrics),
      examples: [],
      artifacts: { surrogate: setup.surrogate.exportModel() },
    };
  } finally {
    setup.surrogate.dispose();
  }
}

/** Query the held-out labels (reserved earlier) and score the surrogate. */
export async function surrogateMetrics(
  setup: SurrogateSetup,
  attackQueries: number,
): Promise<Record<string, number>> {
  const metrics: Record<string, number> = { queries: attackQueries };
  if (setup.heldOut.length > 0) {
    const labels = await targetLabels(setup.oracle, setup.heldOut);
    const score = scoreSurrogate(setup.surrogate, setup.heldOut, labels);
    metrics.agreement = score.agreement;
    metrics.accuracy = score.accuracy;
    metrics.targetAccuracy = score.targetAccuracy;
    metrics.evaluated = score.evaluated;
    metrics.evaluationQueries = setup.oracle.used() - attackQueries;
  }
  return metrics;
}

/** One-line summary shared by the surrogate attacks. */
export function surrogateSummary(name: string, metrics: Record<string, number>): string {
  const pct = (v: number | undefined) => (v === undefined ? "n/a" : `${(v * 100).toFixed(1)}%`);
  return (
    `${name}: surrogate trained on ${metrics.queries} target answers agrees with the target on ` +
    `${pct(metrics.agreement)} of ${metrics.evaluated ?? 0} held-out inputs (accuracy ${pct(metrics.accuracy)}, ` +
    `target accuracy ${pct(metrics.targetAccuracy)}).`
  );
}

/** One-hot target distribution (label-only or top-k outputs). */
export function oneHot(label: number, numClasses: number): Float32Array {
  const t = new Float32Array(numClasses);
  if (label >= 0 && label < numClasses) t[label] = 1;
  return t;
}

/**
 * Training target for one answer of the victim: its probabilities when it gives them (renormalised
 * top-k scores for top-k outputs) unless `soft` is off, else a one-hot of its label.
 */
export function targetDistribution(
  pred: Prediction,
  output: OutputKind,
  numClasses: number,
  soft: boolean,
): Float32Array {
  if (!soft || output === "label" || !pred.scores) return oneHot(pred.label, numClasses);
  const t = new Float32Array(numClasses);
  let sum = 0;
  pred.scores.forEach((v, i) => {
    if (i < numClasses && v > 0) {
      t[i] = v;
      sum += v;
    }
  });
  if (!(sum > 0)) return oneHot(pred.label, numClasses);
  for (let i = 0; i < numClasses; i++) t[i]! /= sum;
  return t;
}

/** Fidelity (agreement with the target's labels) and accuracy (against true labels) on held-out data. */
export function scoreSurrogate(
  surrogate: Surrogate,
  heldOut: readonly LabExample[],
  targetLabels: readonly number[],
): { agreement: number; accuracy: number; targetAccuracy: number; evaluated: number } {
  const known = heldOut.flatMap((_, i) => (targetLabels[i]! >= 0 ? [i] : []));
  const predicted = surrogate.predictLabels(known.map((i) => heldOut[i]!.x));
  return {
    agreement: agreement(
      predicted,
      known.map((i) => targetLabels[i]!),
    ),
    accuracy: agreement(
      predicted,
      known.map((i) => heldOut[i]!.y),
    ),
    targetAccuracy: agreement(
      known.map((i) => targetLabels[i]!),
      known.map((i) => heldOut[i]!.y),
    ),
    evaluated: known.length,
  };
}
