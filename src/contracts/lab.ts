// Schemas for the attack lab: what a target declares about itself, what it returns, and the record
// of a lab run. Data only; the Target interface and the attacks live in src/lab.
import { z } from "zod";

/** How much a prediction API reveals per query. */
export const OUTPUT_KINDS = ["label", "topk", "probs"] as const;
export const OutputKind = z.enum(OUTPUT_KINDS);
export type OutputKind = z.infer<typeof OutputKind>;

export const TARGET_KINDS = ["http", "onnx", "demo"] as const;
export const TargetKind = z.enum(TARGET_KINDS);
export type TargetKind = z.infer<typeof TargetKind>;

/** What a target declares: never contains secrets (auth headers are read from the environment). */
export const TargetInfo = z.object({
  kind: TargetKind,
  /** Human-readable description safe to store and show (URL without credentials, file name, victim). */
  description: z.string(),
  output: OutputKind,
  /** For top-k outputs: how many classes are returned. */
  topK: z.number().int().positive().optional(),
  numClasses: z.number().int().min(2),
  /** Shape of one input, e.g. [784] or [28, 28, 1] or [4]; inputs are flat Float32Arrays of the product. */
  inputShape: z.array(z.number().int().positive()).min(1),
  /** Valid range of every input feature. */
  inputBounds: z.object({ min: z.number(), max: z.number() }),
  /** Optional feature names (tabular targets). */
  featureNames: z.array(z.string()).optional(),
  /** Optional class names. */
  classNames: z.array(z.string()).optional(),
  /** Largest batch one call accepts (1 for single-input APIs); the guard splits bigger batches. */
  maxBatch: z.number().int().positive().optional(),
});
export type TargetInfo = z.infer<typeof TargetInfo>;

/** One prediction. `scores` holds probabilities for every class (probs) or only the top-k (others 0). */
export const Prediction = z.object({
  label: z.number().int().min(0),
  scores: z.array(z.number()).optional(),
});
export type Prediction = z.infer<typeof Prediction>;

export const ATTACK_FAMILIES = ["evasion", "extraction", "inference", "poisoning", "probe"] as const;
export const AttackFamily = z.enum(ATTACK_FAMILIES);
export type AttackFamily = z.infer<typeof AttackFamily>;

export const Paper = z.object({
  authors: z.string(),
  title: z.string(),
  venue: z.string(),
  year: z.number().int(),
  url: z.string().url(),
});
export type Paper = z.infer<typeof Paper>;

/** An example input pair kept as evidence (images as PNG data URLs). */
export const Example = z.object({
  label: z.string(),
  originalClass: z.number().int().optional(),
  adversarialClass: z.number().int().optional(),
  distance: z.number().optional(),
  images: z.record(z.string(), z.string()).optional(),
  values: z.record(z.string(), z.array(z.number())).optional(),
});
export type Example = z.infer<typeof Example>;

export const RUN_STATES = ["queued", "running", "succeeded", "failed", "cancelled"] as const;
export const RunState = z.enum(RUN_STATES);
export type RunState = z.infer<typeof RunState>;

/** The stored evidence of one lab run. */
export const LabRun = z.object({
  id: z.string(),
  attack: z.string(),
  family: AttackFamily,
  target: TargetInfo,
  params: z.record(z.string(), z.unknown()),
  seed: z.number().int(),
  budget: z.number().int().positive(),
  state: RunState,
  queriesUsed: z.number().int().min(0),
  wallTimeMs: z.number().min(0),
  metrics: z.record(z.string(), z.number()),
  summary: z.string(),
  examples: z.array(Example),
  /** Questionnaire answers the run measured (question id -> option id), e.g. by a probe. */
  suggestedAnswers: z.record(z.string(), z.string()).optional(),
  error: z.string().optional(),
  startedAt: z.string(),
  finishedAt: z.string().optional(),
});
export type LabRun = z.infer<typeof LabRun>;

export const DENSE_ACTIVATIONS = ["linear", "relu", "softmax"] as const;
export const DenseActivation = z.enum(DENSE_ACTIVATIONS);
export type DenseActivation = z.infer<typeof DenseActivation>;

/** One fully connected layer: y = act(x·W + b), W stored row-major as `inputs` rows of `outputs`. */
export const DenseLayer = z
  .object({
    inputs: z.number().int().positive(),
    outputs: z.number().int().positive(),
    weights: z.array(z.number()),
    bias: z.array(z.number()),
    activation: DenseActivation,
  })
  .refine((l) => l.weights.length === l.inputs * l.outputs && l.bias.length === l.outputs, {
    message: "weights must hold inputs×outputs values and bias outputs values",
  });
export type DenseLayer = z.infer<typeof DenseLayer>;

/** A dense feed-forward network (demo victims, surrogates); exportable as ONNX. */
export const DenseNet = z
  .object({ layers: z.array(DenseLayer).min(1) })
  .refine((n) => n.layers.every((l, i) => i === 0 || n.layers[i - 1]?.outputs === l.inputs), {
    message: "each layer's inputs must equal the previous layer's outputs",
  });
export type DenseNet = z.infer<typeof DenseNet>;
