// Local ONNX model target through onnxruntime-node: runs a batch, turns the model's class scores
// (probabilities or logits, detected or configured) into label / top-k / probability predictions.
import { basename } from "node:path";
import * as ort from "onnxruntime-node";
import { z } from "zod";
import { Invalid } from "../contracts/errors.js";
import { OutputKind, type Prediction, type TargetInfo } from "../contracts/lab.js";
import { TargetCallError } from "../lab/guard.js";
import type { Target } from "../lab/target.js";
import { looksLikeProbabilities, shapePrediction, softmax } from "./dense.js";

/** Configuration of an ONNX target. Shapes and class count default to what the model declares. */
export const OnnxTargetConfig = z.object({
  path: z.string().min(1),
  output: OutputKind,
  topK: z.number().int().positive().optional(),
  /**
   * What the model's output holds: "probabilities", "logits" (softmax is applied) or "auto"
   * (default: rows that are non-negative and sum to 1 are probabilities, others get a softmax).
   */
  scores: z.enum(["auto", "probabilities", "logits"]).default("auto"),
  /** Shape of one input as the lab sees it (its product must match the model's input size). */
  inputShape: z.array(z.number().int().positive()).min(1).optional(),
  inputBounds: z.object({ min: z.number(), max: z.number() }).default({ min: 0, max: 1 }),
  numClasses: z.number().int().min(2).optional(),
  /** Which model input / output to use (default: the first of each). */
  inputName: z.string().optional(),
  outputName: z.string().optional(),
  featureNames: z.array(z.string()).optional(),
  classNames: z.array(z.string()).optional(),
  description: z.string().optional(),
});
export type OnnxTargetConfig = z.input<typeof OnnxTargetConfig>;

type TensorMeta = { name: string; isTensor: boolean; shape?: ReadonlyArray<number | string> };

function metaOf(list: readonly TensorMeta[], name: string): TensorMeta | undefined {
  return list.find((m) => m.name === name);
}

/** Open an ONNX model file as a lab target. Call `close()` to release the session. */
export async function createOnnxTarget(raw: OnnxTargetConfig | unknown): Promise<Target> {
  const parsed = OnnxTargetConfig.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
    throw new Invalid(
      `invalid ONNX target config: ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`,
      issues,
    );
  }
  const c = parsed.data;
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(c.path);
  } catch (error) {
    throw new Invalid(`cannot load ONNX model ${c.path}: ${(error as Error).message}`);
  }
  const inputName = c.inputName ?? session.inputNames[0];
  const outputName = c.outputName ?? session.outputNames[0];
  if (!inputName || !session.inputNames.includes(inputName)) {
    throw new Invalid(`ONNX model has no input "${inputName}" (inputs: ${session.inputNames.join(", ")})`);
  }
  if (!outputName || !session.outputNames.includes(outputName)) {
    throw new Invalid(
      `ONNX model has no output "${outputName}" (outputs: ${session.outputNames.join(", ")})`,
    );
  }
  const inMeta = metaOf(session.inputMetadata as readonly TensorMeta[], inputName);
  const outMeta = metaOf(session.outputMetadata as readonly TensorMeta[], outputName);
  // First dimension is the batch; the rest must be fixed numbers (or given by inputShape).
  const modelDims = (inMeta?.shape ?? []).slice(1);
  const fixedDims = modelDims.every((d): d is number => typeof d === "number" && d > 0);
  const modelSize = fixedDims ? (modelDims as number[]).reduce((a, b) => a * b, 1) : undefined;
  const inputShape =
    c.inputShape ?? (fixedDims && modelDims.length > 0 ? (modelDims as number[]) : undefined);
  if (!inputShape) throw new Invalid(`ONNX input "${inputName}" has no fixed shape: set inputShape`);
  const size = inputShape.reduce((a, b) => a * b, 1);
  if (modelSize !== undefined && modelSize !== size) {
    throw new Invalid(`inputShape [${inputShape}] has ${size} values, the model expects ${modelSize}`);
  }
  const feedDims = fixedDims && modelDims.length > 0 ? (modelDims as number[]) : inputShape;
  const lastOut = outMeta?.shape?.[outMeta.shape.length - 1];
  const declaredClasses = c.numClasses ?? (typeof lastOut === "number" ? lastOut : undefined);
  if (!declaredClasses) {
    throw new Invalid(`ONNX output "${outputName}" has no fixed class dimension: set numClasses`);
  }
  const numClasses = declaredClasses;
  const batchDim = inMeta?.shape?.[0];
  const maxBatch = typeof batchDim === "number" && batchDim > 0 ? batchDim : undefined;

  const info: TargetInfo = {
    kind: "onnx",
    description: c.description ?? `ONNX model ${basename(c.path)}`,
    output: c.output,
    ...(c.output === "topk" ? { topK: c.topK ?? 1 } : {}),
    numClasses,
    inputShape,
    inputBounds: c.inputBounds,
    ...(c.featureNames ? { featureNames: c.featureNames } : {}),
    ...(c.classNames ? { classNames: c.classNames } : {}),
    ...(maxBatch ? { maxBatch } : {}),
  };

  const toProbs = (row: Float32Array): ArrayLike<number> => {
    if (c.scores === "probabilities") return row;
    if (c.scores === "logits") return softmax(row);
    return looksLikeProbabilities(row) ? row : softmax(row);
  };

  async function run(inputs: readonly Float32Array[]): Promise<Prediction[]> {
    const flat = new Float32Array(inputs.length * size);
    inputs.forEach((x, i) => {
      if (x.length !== size) throw new Invalid(`input ${i} has ${x.length} values, expected ${size}`);
      flat.set(x, i * size);
    });
    const result = await session.run(
      { [inputName!]: new ort.Tensor("float32", flat, [inputs.length, ...feedDims]) },
      [outputName!],
    );
    const out = result[outputName!];
    if (!out || !(out.data instanceof Float32Array) || out.data.length !== inputs.length * numClasses) {
      throw new TargetCallError(
        `ONNX output "${outputName}" has ${out?.data.length ?? 0} values, expected ${inputs.length}×${numClasses} floats`,
        false,
      );
    }
    const data = out.data;
    return inputs.map((_, i) => {
      const row = data.subarray(i * numClasses, (i + 1) * numClasses);
      if (!row.every(Number.isFinite)) throw new TargetCallError(`ONNX output row ${i} is not finite`, false);
      return shapePrediction(toProbs(row), c.output, info.topK);
    });
  }

  return {
    info,
    async predict(inputs, signal) {
      signal?.throwIfAborted();
      if (inputs.length === 0) return [];
      if (!maxBatch) return run(inputs);
      const out: Prediction[] = [];
      for (let i = 0; i < inputs.length; i += maxBatch)
        out.push(...(await run(inputs.slice(i, i + maxBatch))));
      return out;
    },
    close: () => session.release(),
  };
}
