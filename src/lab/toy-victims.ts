// Pure-JS victims for tests, docs and quick experiments: softmax-linear, binary logistic and a
// tiny ReLU MLP, computed in float64. Real victims (tfjs, ONNX, HTTP) live in src/targets.
import type { OutputKind, Prediction, TargetInfo } from "../contracts/lab.js";
import type { LabExample, LinearParameters } from "./attack.js";
import { createRng } from "./rng.js";
import type { Target } from "./target.js";
import { argmax } from "./vec.js";

/** Shared options of the toy victims. */
export interface ToyOptions {
  output?: OutputKind;
  topK?: number;
  inputShape?: number[];
  bounds?: { min: number; max: number };
  description?: string;
}

/** A toy target plus the function it computes (for labelling data without queries). */
export interface ToyVictim extends Target {
  /** Class probabilities in float64. */
  probabilities(x: Float32Array): Float64Array;
  /** Number of `predict` calls so far. */
  calls: number;
  /** Inputs received so far (counted by the victim itself, independently of the guard). */
  inputsSeen: number;
  /** When set, every input received is appended here (tests inspect what an attack sent). */
  sent?: Float32Array[];
  /** Called at the start of every `predict` with the call number (1-based); tests use it to abort. */
  onCall?: (call: number) => void;
}

function softmax(z: Float64Array): Float64Array {
  let m = Number.NEGATIVE_INFINITY;
  for (const v of z) m = Math.max(m, v);
  let s = 0;
  const out = new Float64Array(z.length);
  for (let i = 0; i < z.length; i++) {
    out[i] = Math.exp(z[i]! - m);
    s += out[i]!;
  }
  for (let i = 0; i < z.length; i++) out[i]! /= s;
  return out;
}

function toyTarget(
  probabilities: (x: Float32Array) => Float64Array,
  numClasses: number,
  dims: number,
  o: ToyOptions,
): ToyVictim {
  const output = o.output ?? "probs";
  const info: TargetInfo = {
    kind: "demo",
    description: o.description ?? "toy victim",
    output,
    numClasses,
    inputShape: o.inputShape ?? [dims],
    inputBounds: o.bounds ?? { min: 0, max: 1 },
    ...(output === "topk" ? { topK: o.topK ?? 2 } : {}),
  };
  const victim: ToyVictim = {
    info,
    calls: 0,
    inputsSeen: 0,
    probabilities,
    async predict(inputs: readonly Float32Array[], signal?: AbortSignal): Promise<Prediction[]> {
      signal?.throwIfAborted();
      victim.calls++;
      victim.inputsSeen += inputs.length;
      victim.sent?.push(...inputs);
      victim.onCall?.(victim.calls);
      await Promise.resolve();
      return inputs.map((x) => {
        const p = probabilities(x);
        const label = argmax(p);
        if (output === "label") return { label };
        if (output === "probs") return { label, scores: Array.from(p) };
        const keep = new Set(
          Array.from(p.keys())
            .sort((a, b) => p[b]! - p[a]!)
            .slice(0, info.topK),
        );
        return { label, scores: Array.from(p, (v, i) => (keep.has(i) ? v : 0)) };
      });
    },
  };
  return victim;
}

/** Softmax-linear (k ≥ 2 rows) or binary logistic (1 row: P(class 1) = σ(w·x + b)) victim. */
export function linearVictim(
  params: LinearParameters,
  o: ToyOptions = {},
): ToyVictim & { parameters: LinearParameters } {
  const rows = params.weights;
  const d = rows[0]!.length;
  const binary = rows.length === 1;
  const probabilities = (x: Float32Array) => {
    const z = Float64Array.from(rows, (w, c) => {
      let s = params.bias[c]!;
      for (let j = 0; j < d; j++) s += w[j]! * x[j]!;
      return s;
    });
    if (!binary) return softmax(z);
    const p1 = 1 / (1 + Math.exp(-z[0]!));
    const p0 = 1 / (1 + Math.exp(z[0]!));
    return Float64Array.of(p0, p1);
  };
  return Object.assign(toyTarget(probabilities, binary ? 2 : rows.length, d, o), { parameters: params });
}

/** Random linear parameters (weights ~ N(0, scale²)). */
export function randomLinear(seed: number, d: number, rows: number, scale = 1): LinearParameters {
  const rng = createRng(`toy-linear:${seed}`);
  return {
    weights: Array.from({ length: rows }, () => Array.from({ length: d }, () => scale * rng.normal())),
    bias: Array.from({ length: rows }, () => 0.5 * scale * rng.normal()),
  };
}

/** A one-hidden-layer ReLU network with random weights: a non-linear decision function. */
export function mlpVictim(seed: number, d: number, hidden: number, k: number, o: ToyOptions = {}): ToyVictim {
  const rng = createRng(`toy-mlp:${seed}`);
  const w1 = Array.from({ length: hidden }, () =>
    Float64Array.from({ length: d }, () => rng.normal() * Math.sqrt(2 / d)),
  );
  const b1 = Float64Array.from({ length: hidden }, () => 0.1 * rng.normal());
  const w2 = Array.from({ length: k }, () =>
    Float64Array.from({ length: hidden }, () => rng.normal() * Math.sqrt(2 / hidden)),
  );
  const probabilities = (x: Float32Array) => {
    const h = w1.map((w, i) => {
      let s = b1[i]!;
      for (let j = 0; j < d; j++) s += w[j]! * (x[j]! - 0.5);
      return Math.max(0, s);
    });
    return softmax(Float64Array.from(w2, (w) => w.reduce((s, v, i) => s + v * h[i]!, 0) * 4));
  };
  return toyTarget(probabilities, k, d, o);
}

/** `n` uniform random inputs labelled by the victim itself (so every one is correctly classified). */
export function toyInputs(victim: ToyVictim, n: number, seed: number): LabExample[] {
  const rng = createRng(`toy-inputs:${seed}`);
  const d = victim.info.inputShape.reduce((a, b) => a * b, 1);
  const { min, max } = victim.info.inputBounds;
  return Array.from({ length: n }, () => {
    const x = Float32Array.from({ length: d }, () => rng.uniform(min, max));
    return { x, y: argmax(victim.probabilities(x)) };
  });
}
