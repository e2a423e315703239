// mlsa's own trainer for poisoning simulations: a ReLU MLP (or softmax regression) trained with
// tfjs on the wasm backend, deterministic from a seed (seeded initial weights and shuffling).
import { z } from "zod";
import { Invalid } from "../../contracts/errors.js";
import type { Dataset } from "../datasets.js";
import { inputLayout } from "../layout.js";
import { createRng } from "../rng.js";
import type { PoisonTrainer, TrainedModel } from "./types.js";

/** Settings of the built-in trainer; defaults suit MNIST-sized data on two cores. */
export const TrainerSettings = z
  .object({
    /** Hidden ReLU layer widths; [] trains a softmax (multinomial logistic) regression. */
    hidden: z.array(z.number().int().positive()).max(4).default([128]),
    epochs: z.number().int().positive().max(500).default(5),
    batchSize: z.number().int().positive().default(64),
    learningRate: z.number().positive().default(0.001),
    /**
     * Standardise features with the training set's mean and deviation: "auto" does it for tabular
     * data (images keep their pixel scale), as a typical pipeline would.
     */
    standardize: z.enum(["auto", "on", "off"]).default("auto"),
  })
  .strict();
export type TrainerSettings = z.output<typeof TrainerSettings>;

/** Per-feature shift and scale fitted on the (poisoned) training data. */
function fitScaler(data: Dataset): { mean: Float32Array; scale: Float32Array } {
  const d = data.x[0]?.length ?? 0;
  const n = data.x.length;
  const mean = new Float64Array(d);
  const sq = new Float64Array(d);
  for (const row of data.x) for (let j = 0; j < d; j++) mean[j]! += row[j]! / n;
  for (const row of data.x) for (let j = 0; j < d; j++) sq[j]! += (row[j]! - mean[j]!) ** 2 / n;
  return {
    mean: Float32Array.from(mean),
    scale: Float32Array.from(sq, (v) => (v > 1e-12 ? 1 / Math.sqrt(v) : 1)),
  };
}

/** The built-in trainer. Training the same data with the same seed gives the same model. */
export function createMlsaTrainer(raw: Partial<TrainerSettings> = {}): PoisonTrainer {
  const parsed = TrainerSettings.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({
      path: ["trainer", ...i.path].join("."),
      message: i.message,
    }));
    throw new Invalid(
      `invalid trainer settings: ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`,
      issues,
    );
  }
  const settings = parsed.data;
  const arch = settings.hidden.length > 0 ? `MLP [${settings.hidden.join(", ")}]` : "softmax regression";
  return {
    kind: "mlsa",
    description: `mlsa trainer (tfjs-wasm ${arch}, ${settings.epochs} epochs)`,
    settings,
    async train(data, options): Promise<TrainedModel> {
      // tfjs loads only when a simulation actually trains.
      const { createSurrogate, ensureWasmBackend } = await import("../surrogate.js");
      await ensureWasmBackend();
      options.signal.throwIfAborted();
      const scaled =
        settings.standardize === "on" ||
        (settings.standardize === "auto" &&
          inputLayout({ inputShape: [...data.inputShape] }).kind === "vector");
      const scaler = scaled ? fitScaler(data) : undefined;
      const prepare = (xs: readonly Float32Array[]): Float32Array[] =>
        scaler
          ? xs.map((x) => x.map((v, j) => (v - scaler.mean[j]!) * scaler.scale[j]!))
          : (xs as Float32Array[]);
      const model = createSurrogate({
        hidden: settings.hidden,
        numClasses: data.numClasses,
        inputShape: data.inputShape,
        seed: options.seed,
      });
      try {
        const targets = data.y.map((y) => {
          const t = new Float32Array(data.numClasses);
          t[y] = 1;
          return t;
        });
        await model.train(prepare(data.x), targets, {
          epochs: settings.epochs,
          batchSize: settings.batchSize,
          learningRate: settings.learningRate,
          rng: createRng(`${options.seed}:poison-trainer:shuffle`),
          signal: options.signal,
          onEpoch: (e) =>
            options.onProgress?.((e + 1) / settings.epochs, `epoch ${e + 1}/${settings.epochs}`),
        });
      } catch (error) {
        model.dispose();
        throw error;
      }
      return {
        async predictLabels(xs, signal) {
          signal?.throwIfAborted();
          return model.predictLabels(prepare(xs));
        },
        async dispose() {
          model.dispose();
        },
      };
    },
  };
}
