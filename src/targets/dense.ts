// Plain-JS inference for dense networks and the shaping of class scores into what a target reveals
// (label only, top-k or full probabilities). Shared by the demo victims, the ONNX target and the server.
import { Invalid } from "../contracts/errors.js";
import type { DenseNet, OutputKind, Prediction } from "../contracts/lab.js";

/** Softmax of one row of logits (float64, max-shifted for stability). */
export function softmax(logits: ArrayLike<number>): Float64Array {
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i]!);
  const out = new Float64Array(logits.length);
  let sum = 0;
  for (let i = 0; i < logits.length; i++) {
    out[i] = Math.exp(logits[i]! - max);
    sum += out[i]!;
  }
  for (let i = 0; i < out.length; i++) out[i]! /= sum;
  return out;
}

/** Forward pass of one input through the network (float64 accumulation). */
export function forwardDense(net: DenseNet, input: ArrayLike<number>): Float64Array {
  let x: ArrayLike<number> = input;
  for (const layer of net.layers) {
    if (x.length !== layer.inputs) {
      throw new Invalid(`layer expects ${layer.inputs} inputs, got ${x.length}`);
    }
    const y = Float64Array.from(layer.bias);
    const w = layer.weights;
    for (let i = 0; i < layer.inputs; i++) {
      const xi = x[i]!;
      if (xi === 0) continue;
      const row = i * layer.outputs;
      for (let j = 0; j < layer.outputs; j++) y[j]! += xi * w[row + j]!;
    }
    if (layer.activation === "relu") for (let j = 0; j < y.length; j++) y[j] = Math.max(0, y[j]!);
    x = layer.activation === "softmax" ? softmax(y) : y;
  }
  return Float64Array.from(x);
}

/** Class probabilities of a network whose last layer is softmax (or linear logits, softmaxed here). */
export function denseProbabilities(net: DenseNet, input: ArrayLike<number>): Float64Array {
  const out = forwardDense(net, input);
  return net.layers[net.layers.length - 1]?.activation === "softmax" ? out : softmax(out);
}

/** Index of the largest score (the first one on ties). */
export function argmax(scores: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < scores.length; i++) if (scores[i]! > scores[best]!) best = i;
  return best;
}

/** Indices of the k largest scores, largest first (stable on ties). */
export function topIndices(scores: ArrayLike<number>, k: number): number[] {
  const idx = Array.from({ length: scores.length }, (_, i) => i);
  idx.sort((a, b) => scores[b]! - scores[a]! || a - b);
  return idx.slice(0, Math.max(1, Math.min(k, scores.length)));
}

/** True when a row looks like probabilities: finite, non-negative and summing to 1 (±1e-3). */
export function looksLikeProbabilities(row: ArrayLike<number>): boolean {
  let sum = 0;
  for (let i = 0; i < row.length; i++) {
    const v = row[i]!;
    if (!Number.isFinite(v) || v < 0) return false;
    sum += v;
  }
  return Math.abs(sum - 1) <= 1e-3;
}

/**
 * Reduce full class probabilities to what a target of the given kind reveals: the label only,
 * the top-k probabilities (other classes 0) or all of them.
 */
export function shapePrediction(probs: ArrayLike<number>, output: OutputKind, topK = 1): Prediction {
  const label = argmax(probs);
  if (output === "label") return { label };
  if (output === "probs") return { label, scores: Array.from(probs) };
  const scores = new Array<number>(probs.length).fill(0);
  for (const i of topIndices(probs, topK)) scores[i] = probs[i]!;
  return { label, scores };
}
