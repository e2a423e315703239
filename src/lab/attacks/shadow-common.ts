// Shadow models for membership inference (Shokri et al.; LiRA's reference models): MLPs trained
// with the lab's tfjs trainer on the attacker's reference data, one at a time, then disposed.
import { z } from "zod";
import { Invalid } from "../../contracts/errors.js";
import type { OutputKind } from "../../contracts/lab.js";
import type { AttackContext, LabExample } from "../attack.js";
import { createRng } from "../rng.js";
import { trueClassStats } from "./membership-common.js";
import { oneHot } from "./surrogate-common.js";

/** Parameters of the shadow models' training recipe; match the target's own recipe when known. */
export const shadowRecipe = {
  /**
   * Records per shadow model's training set: set it to the target's training-set size when known
   * (default: half the reference data, at most 1000).
   */
  shadowTrainSize: z.number().int().positive().optional(),
  hidden: z.array(z.number().int().positive()).max(4).default([128]),
  epochs: z.number().int().positive().default(30),
  batchSize: z.number().int().positive().default(32),
  learningRate: z.number().positive().default(0.001),
};

/** A shadow training recipe (the parsed {@link shadowRecipe} fields). */
export type ShadowRecipe = {
  shadowTrainSize?: number;
  hidden: number[];
  epochs: number;
  batchSize: number;
  learningRate: number;
};

/** A trained shadow model's view, alive only during the callback. */
export interface ShadowModel {
  readonly index: number;
  /** Indices (into the reference data) of the model's training records. */
  readonly trainIndices: readonly number[];
  /** Class probabilities, shaped like the target's answers (top-k outputs keep only the top k). */
  predict(xs: readonly Float32Array[]): Float64Array[];
}

const keyOf = (x: Float32Array) => Buffer.from(x.buffer, x.byteOffset, x.byteLength).toString("base64");

/** The true-class confidence φ = log(p_y / (1 − p_y)) that a shadow model gives each record. */
export function shadowPhi(model: ShadowModel, records: readonly Pick<LabExample, "x" | "y">[]): number[] {
  return model
    .predict(records.map((r) => r.x))
    .map((scores, i) => trueClassStats({ label: 0, scores: Array.from(scores) }, records[i]!.y, "probs").phi);
}

/**
 * The reference data with every record that also appears among the candidates removed: a
 * candidate inside a shadow model's training set would make an "OUT" model an "IN" one.
 */
export function referenceWithout(
  reference: readonly LabExample[],
  candidates: readonly LabExample[],
): LabExample[] {
  const seen = new Set(candidates.map((c) => keyOf(c.x)));
  return reference.filter((r) => !seen.has(keyOf(r.x)));
}

/** Default training-set size of one shadow model. */
export function shadowSize(recipe: ShadowRecipe, referenceSize: number, perModelSets: 1 | 2): number {
  const size = recipe.shadowTrainSize ?? Math.min(1000, Math.floor(referenceSize / 2));
  if (size < 2 || size * perModelSets > referenceSize) {
    throw new Invalid(
      `shadow models need ${perModelSets === 2 ? "twice " : ""}shadowTrainSize (${size}) reference records, ` +
        `there are ${referenceSize}: supply more reference data or lower shadowTrainSize`,
      [{ path: "params.shadowTrainSize", message: `at most ${Math.floor(referenceSize / perModelSets)}` }],
    );
  }
  return size;
}

/** Keep only the top-k scores (others 0), like a top-k API would answer. */
function shapeLike(probs: Float32Array, output: OutputKind, topK: number | undefined): Float64Array {
  const out = Float64Array.from(probs);
  if (output !== "topk") return out;
  const keep = new Set(
    Array.from(out.keys())
      .sort((a, b) => out[b]! - out[a]! || a - b)
      .slice(0, topK ?? 1),
  );
  for (let i = 0; i < out.length; i++) if (!keep.has(i)) out[i] = 0;
  return out;
}

/**
 * Train `count` shadow models one after another on seeded random subsets of `reference` (the first
 * `size` records of a fresh permutation, or the indices `trainSetOf(m)` gives for model m) and hand
 * each to `use` before it is disposed. Progress goes from `from` to `to`.
 */
export async function withShadowModels(
  ctx: AttackContext<unknown>,
  recipe: ShadowRecipe,
  reference: readonly LabExample[],
  count: number,
  size: number,
  use: (model: ShadowModel, permutation: readonly number[]) => void,
  progress: { from: number; to: number },
  trainSetOf?: (m: number) => readonly number[],
): Promise<void> {
  const { createSurrogate, ensureWasmBackend } = await import("../surrogate.js");
  await ensureWasmBackend();
  const info = ctx.target.info;
  const rng = createRng(`${ctx.seed}:shadow-split`);
  for (let m = 0; m < count; m++) {
    ctx.signal.throwIfAborted();
    const permutation = rng.shuffle(reference.map((_, i) => i));
    const train = trainSetOf ? trainSetOf(m) : permutation.slice(0, size);
    const model = createSurrogate({
      hidden: recipe.hidden,
      numClasses: info.numClasses,
      inputShape: info.inputShape,
      seed: `${ctx.seed}:shadow:${m}`,
    });
    try {
      await model.train(
        train.map((i) => reference[i]!.x),
        train.map((i) => oneHot(reference[i]!.y, info.numClasses)),
        {
          epochs: recipe.epochs,
          batchSize: recipe.batchSize,
          learningRate: recipe.learningRate,
          rng: createRng(`${ctx.seed}:shadow-train:${m}`),
          signal: ctx.signal,
        },
      );
      use(
        {
          index: m,
          trainIndices: train,
          predict: (xs) => model.predictProbs(xs).map((p) => shapeLike(p, info.output, info.topK)),
        },
        permutation,
      );
    } finally {
      model.dispose();
    }
    const f = progress.from + ((progress.to - progress.from) * (m + 1)) / count;
    ctx.onProgress(f, `trained shadow model ${m + 1} of ${count}`);
  }
}
