// Surrogate models for extraction attacks: a ReLU MLP trained with tfjs on the wasm backend, written
// with raw ops so training is deterministic from a seed and the weights export cleanly. (The wasm
// backend has no convolution gradients, so surrogates are MLPs.)
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import type { DenseNet } from "../contracts/lab.js";
import { createRng, type Rng } from "./rng.js";

let backend: Promise<void> | undefined;

/** Select the wasm backend once per process (the victims use it too). */
export function ensureWasmBackend(): Promise<void> {
  backend ??= (async () => {
    if (tf.getBackend() !== "wasm") await tf.setBackend("wasm");
    await tf.ready();
  })();
  return backend;
}

/** Shape of the surrogate. */
export interface SurrogateOptions {
  /** Units of each hidden layer, e.g. [256]. */
  hidden: readonly number[];
  numClasses: number;
  inputShape: readonly number[];
  seed: number | string;
}

/** A trainable surrogate: forward pass, training, input gradients, export. Call `dispose` when done. */
export interface Surrogate {
  readonly options: SurrogateOptions;
  /** Train for `epochs` on (inputs, target distributions), shuffling with a seeded generator. */
  train(xs: readonly Float32Array[], targets: readonly Float32Array[], config: TrainConfig): Promise<void>;
  /** Class probabilities for each input. */
  predictProbs(xs: readonly Float32Array[]): Float32Array[];
  /** Predicted classes. */
  predictLabels(xs: readonly Float32Array[]): number[];
  /** sign(∂ p_class(x) / ∂x) for each input and its class (Papernot's Jacobian step direction). */
  jacobianSign(xs: readonly Float32Array[], classes: readonly number[]): Float32Array[];
  /** The trained weights as a dense network (ReLU hidden layers, softmax output). */
  exportModel(): DenseNet;
  dispose(): void;
}

/** Optimiser settings (Adam, softmax cross-entropy against the target distributions). */
export interface TrainConfig {
  epochs: number;
  batchSize: number;
  learningRate: number;
  rng: Rng;
  signal: AbortSignal;
  onEpoch?: (epoch: number) => void;
}

interface Layer {
  kernel: tf.Variable;
  bias: tf.Variable;
  shape: [number, number];
}

/** Build a freshly initialised surrogate (Glorot-uniform weights from the seed, zero biases). */
export function createSurrogate(options: SurrogateOptions): Surrogate {
  const rng = createRng(`${options.seed}:surrogate-init`);
  const d = options.inputShape.reduce((a, b) => a * b, 1);
  const sizes = [d, ...options.hidden, options.numClasses];
  const layers: Layer[] = sizes.slice(1).map((out, i) => {
    const fanIn = sizes[i]!;
    const limit = Math.sqrt(6 / (fanIn + out));
    const values = Float32Array.from({ length: fanIn * out }, () => (2 * rng.next() - 1) * limit);
    return {
      kernel: tf.variable(tf.tensor2d(values, [fanIn, out]), true),
      bias: tf.variable(tf.zeros([out]), true),
      shape: [fanIn, out],
    };
  });
  const vars = layers.flatMap((l) => [l.kernel, l.bias]);

  const logits = (x: tf.Tensor2D): tf.Tensor2D => {
    let h = x;
    layers.forEach((l, i) => {
      const z = tf.add(tf.matMul(h, l.kernel as tf.Tensor2D), l.bias) as tf.Tensor2D;
      h = i < layers.length - 1 ? tf.relu(z) : z;
    });
    return h;
  };
  const stack = (xs: readonly Float32Array[], width = d) => {
    const buf = new Float32Array(xs.length * width);
    xs.forEach((x, i) => {
      buf.set(x, i * width);
    });
    return tf.tensor2d(buf, [xs.length, width]);
  };
  const rows = (t: tf.Tensor2D): Float32Array[] => {
    const data = t.dataSync() as Float32Array;
    const [n, m] = t.shape;
    return Array.from({ length: n }, (_, i) => data.slice(i * m, (i + 1) * m));
  };
  const chunked = <T>(xs: readonly Float32Array[], f: (t: tf.Tensor2D) => T[]): T[] => {
    const out: T[] = [];
    for (let s = 0; s < xs.length; s += 1024) {
      tf.engine().startScope();
      try {
        out.push(...f(stack(xs.slice(s, s + 1024))));
      } finally {
        tf.engine().endScope();
      }
    }
    return out;
  };

  return {
    options,
    async train(xs, targets, config) {
      const optimizer = tf.train.adam(config.learningRate);
      const order = xs.map((_, i) => i);
      try {
        for (let epoch = 0; epoch < config.epochs; epoch++) {
          config.signal.throwIfAborted();
          config.rng.shuffle(order);
          for (let s = 0; s < order.length; s += config.batchSize) {
            const idx = order.slice(s, s + config.batchSize);
            tf.tidy(() => {
              const bx = stack(idx.map((i) => xs[i]!));
              const by = stack(
                idx.map((i) => targets[i]!),
                options.numClasses,
              );
              optimizer.minimize(
                () => tf.losses.softmaxCrossEntropy(by, logits(bx)) as tf.Scalar,
                false,
                vars,
              );
            });
          }
          config.onEpoch?.(epoch);
          // Yield so an abort (or a progress bar) gets a turn between epochs.
          await new Promise((r) => setImmediate(r));
        }
      } finally {
        optimizer.dispose();
      }
    },
    predictProbs: (xs) => chunked(xs, (t) => rows(tf.softmax(logits(t)))),
    predictLabels: (xs) => chunked(xs, (t) => Array.from(logits(t).argMax(1).dataSync())),
    jacobianSign(xs, classes) {
      return tf.tidy(() => {
        const mask = tf.oneHot(tf.tensor1d(Array.from(classes), "int32"), options.numClasses);
        const grad = tf.grad((inp: tf.Tensor) =>
          tf.sum(tf.mul(tf.softmax(logits(inp as tf.Tensor2D)), mask)),
        );
        return rows(tf.sign(grad(stack(xs))) as tf.Tensor2D);
      });
    },
    exportModel() {
      return {
        layers: layers.map((l, i) => ({
          inputs: l.shape[0],
          outputs: l.shape[1],
          weights: Array.from(l.kernel.dataSync()),
          bias: Array.from(l.bias.dataSync()),
          activation: i < layers.length - 1 ? "relu" : "softmax",
        })),
      };
    },
    dispose() {
      for (const v of vars) v.dispose();
    },
  };
}
