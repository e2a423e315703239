import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as ort from "onnxruntime-node";
import { afterAll, describe, expect, it } from "vitest";
import type { DenseNet } from "../contracts/lab.js";
import { createRng } from "../lab/rng.js";
import { forwardDense } from "./dense.js";
import { denseToOnnx, encodeMessage, exportDenseOnnx } from "./onnx-export.js";

const dir = await mkdtemp(join(tmpdir(), "mlsa-onnx-export-"));
afterAll(() => rm(dir, { recursive: true, force: true }));

function randomNet(sizes: number[], seed: number, last: "softmax" | "linear" = "softmax"): DenseNet {
  const rng = createRng(seed);
  return {
    layers: sizes.slice(1).map((outputs, l) => {
      const inputs = sizes[l]!;
      return {
        inputs,
        outputs,
        weights: Array.from({ length: inputs * outputs }, () =>
          Math.fround(rng.normal() / Math.sqrt(inputs)),
        ),
        bias: Array.from({ length: outputs }, () => Math.fround(rng.normal() * 0.1)),
        activation: l === sizes.length - 2 ? last : "relu",
      };
    }),
  };
}

async function runOnnx(path: string, inputs: Float32Array[], d: number) {
  const session = await ort.InferenceSession.create(path);
  try {
    const flat = new Float32Array(inputs.length * d);
    inputs.forEach((x, i) => {
      flat.set(x, i * d);
    });
    const out = await session.run({
      [session.inputNames[0]!]: new ort.Tensor("float32", flat, [inputs.length, d]),
    });
    const name = session.outputNames[0]!;
    return { name, data: out[name]!.data as Float32Array, dims: out[name]!.dims };
  } finally {
    await session.release();
  }
}

describe("protobuf encoder", () => {
  it("encodes varints, strings and nested messages in wire format", () => {
    expect(Array.from(encodeMessage([{ n: 1, varint: 300 }]))).toEqual([0x08, 0xac, 0x02]);
    expect(Array.from(encodeMessage([{ n: 2, str: "hi" }]))).toEqual([0x12, 2, 0x68, 0x69]);
    expect(Array.from(encodeMessage([{ n: 3, msg: [{ n: 1, varint: 1 }] }]))).toEqual([0x1a, 2, 0x08, 1]);
    expect(Array.from(encodeMessage([{ n: 20, varint: 2 }]))).toEqual([0xa0, 0x01, 2]);
  });
});

describe("denseToOnnx", () => {
  const rng = createRng(11);
  const inputs = Array.from({ length: 7 }, () => Float32Array.from({ length: 20 }, () => rng.next()));

  for (const op of ["gemm", "matmul"] as const) {
    it(`writes a ${op} model that onnxruntime loads and that matches the JS forward pass to 1e-5`, async () => {
      const net = randomNet([20, 16, 8, 5], 3);
      const path = join(dir, `net-${op}.onnx`);
      await exportDenseOnnx(net, path, { op });
      const out = await runOnnx(path, inputs, 20);
      expect(out.name).toBe("probs");
      expect(out.dims).toEqual([7, 5]);
      inputs.forEach((x, i) => {
        const expected = forwardDense(net, x);
        for (let j = 0; j < 5; j++) expect(Math.abs(out.data[i * 5 + j]! - expected[j]!)).toBeLessThan(1e-5);
      });
    });
  }

  it("can leave out the softmax and export logits", async () => {
    const net = randomNet([20, 5], 4);
    const path = join(dir, "logits.onnx");
    await exportDenseOnnx(net, path, { softmax: false });
    const out = await runOnnx(path, inputs, 20);
    expect(out.name).toBe("logits");
    const linear: DenseNet = { layers: net.layers.map((l) => ({ ...l, activation: "linear" })) };
    inputs.forEach((x, i) => {
      const expected = forwardDense(linear, x);
      for (let j = 0; j < 5; j++) expect(Math.abs(out.data[i * 5 + j]! - expected[j]!)).toBeLessThan(1e-5);
    });
  });

  it("produces stable bytes for the same network", () => {
    const net = randomNet([4, 3], 1);
    expect(denseToOnnx(net)).toEqual(denseToOnnx(net));
  });
});
