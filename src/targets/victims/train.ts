// Deterministic training of small dense classifiers with tfjs on the WebAssembly backend: seeded
// initial weights, seeded shuffling and dropout masks, optional L2 and early stopping.

import type { Scalar, Tensor, Tensor2D, Variable } from "@tensorflow/tfjs";
import type { DenseLayer, DenseNet } from "../../contracts/lab.js";
import type { Dataset } from "../../lab/datasets.js";
import { createRng, type Rng } from "../../lab/rng.js";

type Tf = typeof import("@tensorflow/tfjs");

let tfPromise: Promise<Tf> | undefined;

/** tfjs with the wasm backend selected (loaded once, on first use only). */
export function loadTf(): Promise<Tf> {
  tfPromise ??= (async () => {
    const tf = await import("@tensorflow/tfjs");
    await import("@tensorflow/tfjs-backend-wasm");
    if (!(await tf.setBackend("wasm"))) throw new Error("tfjs wasm backend failed to initialise");
    await tf.ready();
    return tf;
  })();
  return tfPromise;
}

/** Hyper-parameters of one training run. */
export interface TrainOptions {
  /** Sizes of the hidden ReLU layers; empty for softmax (multinomial logistic) regression. */
  hidden: readonly number[];
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** L2 penalty λ·Σw² on weights (not biases). */
  l2?: number;
  /** Dropout rate on hidden activations during training. */
  dropout?: number;
  /** Stop when validation loss has not improved for `patience` epochs; keeps the best weights. */
  earlyStopping?: { patience: number };
  seed: number;
  onEpoch?: (p: { epoch: number; epochs: number; loss: number; valLoss?: number }) => void;
  signal?: AbortSignal;
}

/** What a training run produced. */
export interface TrainResult {
  net: DenseNet;
  epochsRun: number;
  /** Epoch whose weights were kept (the last one unless early stopping kept an earlier one). */
  keptEpoch: number;
}

interface Params {
  w: Variable[];
  b: Variable[];
  sizes: number[];
}

function initParams(tf: Tf, sizes: number[], rng: Rng): Params {
  const w: Params["w"] = [];
  const b: Params["b"] = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    const fanIn = sizes[l]!;
    const fanOut = sizes[l + 1]!;
    // Glorot-uniform from our own seeded stream, so weights never depend on tfjs' global RNG.
    const limit = Math.sqrt(6 / (fanIn + fanOut));
    const values = new Float32Array(fanIn * fanOut);
    for (let i = 0; i < values.length; i++) values[i] = rng.uniform(-limit, limit);
    w.push(tf.variable(tf.tensor2d(values, [fanIn, fanOut])));
    b.push(tf.variable(tf.zeros([fanOut])));
  }
  return { w, b, sizes };
}

function stack(tf: Tf, data: Dataset) {
  const d = data.x[0]?.length ?? 0;
  const flat = new Float32Array(data.x.length * d);
  data.x.forEach((row, i) => {
    flat.set(row, i * d);
  });
  const x = tf.tensor2d(flat, [data.x.length, d]);
  const y = tf.oneHot(tf.tensor1d(Int32Array.from(data.y), "int32"), data.numClasses).toFloat();
  return { x, y };
}

function snapshot(p: Params): DenseNet {
  const layers: DenseLayer[] = p.w.map((w, l) => ({
    inputs: p.sizes[l]!,
    outputs: p.sizes[l + 1]!,
    weights: Array.from(w.dataSync()),
    bias: Array.from(p.b[l]!.dataSync()),
    activation: l === p.w.length - 1 ? "softmax" : "relu",
  }));
  return { layers };
}

/**
 * Train a dense softmax classifier on `train` (validation data only for early stopping).
 * Same data, options and seed give the same weights.
 */
export async function trainDenseClassifier(
  train: Dataset,
  val: Dataset | undefined,
  options: TrainOptions,
): Promise<TrainResult> {
  const tf = await loadTf();
  const rng = createRng(options.seed);
  const inputSize = train.x[0]?.length ?? 0;
  const sizes = [inputSize, ...options.hidden, train.numClasses];
  const params = initParams(tf, sizes, rng);
  const vars = [...params.w, ...params.b];
  const optimizer = tf.train.adam(options.learningRate);
  const all = stack(tf, train);
  const valData = val ? stack(tf, val) : undefined;
  const dropout = options.dropout ?? 0;
  const l2 = options.l2 ?? 0;

  const logits = (x: Tensor2D, masks?: Tensor[]) => {
    let h: Tensor2D = x;
    params.w.forEach((w, l) => {
      h = tf.add(tf.matMul(h, w), params.b[l]!);
      if (l < params.w.length - 1) {
        h = tf.relu(h);
        const mask = masks?.[l];
        if (mask) h = tf.mul(h, mask);
      }
    });
    return h;
  };
  const lossOf = (x: Tensor2D, y: Tensor, masks?: Tensor[]) => {
    const ce = tf.losses.softmaxCrossEntropy(y, logits(x, masks)) as Scalar;
    if (l2 <= 0) return ce;
    return tf.add(ce, tf.mul(l2, tf.addN(params.w.map((w) => tf.sum(tf.square(w)))))) as Scalar;
  };

  let best = { loss: Number.POSITIVE_INFINITY, epoch: 0, net: undefined as DenseNet | undefined };
  let epochsRun = 0;
  const n = train.x.length;
  try {
    for (let epoch = 1; epoch <= options.epochs; epoch++) {
      options.signal?.throwIfAborted();
      const order = rng.shuffle(Array.from({ length: n }, (_, i) => i));
      let lossSum = 0;
      let batches = 0;
      for (let start = 0; start < n; start += options.batchSize) {
        const idx = Int32Array.from(order.slice(start, start + options.batchSize));
        const masks =
          dropout > 0
            ? options.hidden.map((size) => {
                const m = new Float32Array(idx.length * size);
                for (let i = 0; i < m.length; i++) m[i] = rng.next() < dropout ? 0 : 1 / (1 - dropout);
                return tf.tensor2d(m, [idx.length, size]);
              })
            : undefined;
        const ids = tf.tensor1d(idx, "int32");
        const xb = tf.gather(all.x, ids) as Tensor2D;
        const yb = tf.gather(all.y, ids);
        const loss = optimizer.minimize(() => lossOf(xb, yb, masks), true, vars);
        lossSum += loss ? (await loss.data())[0]! : 0;
        for (const t of [loss, ids, xb, yb]) t?.dispose();
        for (const m of masks ?? []) m.dispose();
        batches++;
      }
      epochsRun = epoch;
      let valLoss: number | undefined;
      if (valData && options.earlyStopping) {
        const v = tf.tidy(() => lossOf(valData.x as Tensor2D, valData.y));
        valLoss = (await v.data())[0]!;
        v.dispose();
        if (valLoss < best.loss) best = { loss: valLoss, epoch, net: snapshot(params) };
        else if (epoch - best.epoch >= options.earlyStopping.patience) {
          options.onEpoch?.({ epoch, epochs: options.epochs, loss: lossSum / batches, valLoss });
          break;
        }
      }
      options.onEpoch?.({ epoch, epochs: options.epochs, loss: lossSum / batches, valLoss });
      await new Promise((r) => setImmediate(r));
    }
    if (best.net) return { net: best.net, epochsRun, keptEpoch: best.epoch };
    return { net: snapshot(params), epochsRun, keptEpoch: epochsRun };
  } finally {
    for (const v of vars) v.dispose();
    all.x.dispose();
    all.y.dispose();
    valData?.x.dispose();
    valData?.y.dispose();
    optimizer.dispose();
  }
}
