// The one interface every attack talks to: a model that predicts a batch of flat inputs.
// Adapters (HTTP API, ONNX file, demo victims) implement it in src/targets.
import type { Prediction, TargetInfo } from "../contracts/lab.js";

/** A model the lab can query. Inputs are flat Float32Arrays of the product of `info.inputShape`. */
export interface Target {
  readonly info: TargetInfo;
  /** Predict a batch. Must return exactly one prediction per input, in order. */
  predict(inputs: readonly Float32Array[], signal?: AbortSignal): Promise<Prediction[]>;
  /** Release resources (sessions, sockets). */
  close?(): Promise<void>;
}
