// Writes a dense network as a real ONNX model (ModelProto, IR version 8, opset 13) with a minimal
// hand-written protobuf encoder: Gemm (or MatMul + Add), Relu and Softmax nodes, float32 weights.
import { writeFile } from "node:fs/promises";
import type { DenseNet } from "../contracts/lab.js";

/** How to write the graph. */
export interface OnnxExportOptions {
  /** "gemm" writes one Gemm per layer; "matmul" writes MatMul followed by Add (default "gemm"). */
  op?: "gemm" | "matmul";
  /** Keep a final softmax (output "probs"); false writes raw logits (output "logits"). Default true. */
  softmax?: boolean;
  /** Name of the graph input (default "input"). */
  inputName?: string;
  producerVersion?: string;
}

// --- protobuf wire format -------------------------------------------------------------------
// A message is a list of fields; nested messages are encoded first and written length-delimited.
type Field =
  | { n: number; varint: number }
  | { n: number; str: string }
  | { n: number; bytes: Uint8Array }
  | { n: number; msg: Field[] }
  | { n: number; f32: number };

function varint(value: number): number[] {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`cannot encode ${value} as varint`);
  const out: number[] = [];
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
  return out;
}

const utf8 = new TextEncoder();

/** Encode a message (exported for tests). */
export function encodeMessage(fields: readonly Field[]): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const f of fields) {
    if ("varint" in f) parts.push(Uint8Array.from([...varint(f.n << 3), ...varint(f.varint)]));
    else if ("f32" in f) {
      const b = new Uint8Array(5);
      b[0] = (f.n << 3) | 5;
      new DataView(b.buffer).setFloat32(1, f.f32, true);
      parts.push(b);
    } else {
      const payload = "str" in f ? utf8.encode(f.str) : "bytes" in f ? f.bytes : encodeMessage(f.msg);
      parts.push(Uint8Array.from([...varint((f.n << 3) | 2), ...varint(payload.length)]), payload);
    }
  }
  const total = parts.reduce((s, p) => s + p.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

// --- ONNX messages (field numbers from onnx.proto) --------------------------------------------
const FLOAT = 1; // TensorProto.DataType.FLOAT
const ATTR_INT = 2; // AttributeProto.AttributeType.INT

function tensor(name: string, dims: number[], values: readonly number[]): Field[] {
  const raw = new Uint8Array(values.length * 4);
  const view = new DataView(raw.buffer);
  values.forEach((v, i) => {
    view.setFloat32(i * 4, v, true);
  });
  return [
    ...dims.map((d) => ({ n: 1, varint: d })),
    { n: 2, varint: FLOAT },
    { n: 8, str: name },
    { n: 9, bytes: raw },
  ];
}

function valueInfo(name: string, dims: Array<number | string>): Field[] {
  const dim = dims.map(
    (d): Field => ({ n: 1, msg: [typeof d === "number" ? { n: 1, varint: d } : { n: 2, str: d }] }),
  );
  const tensorType: Field[] = [
    { n: 1, varint: FLOAT },
    { n: 2, msg: dim },
  ];
  return [
    { n: 1, str: name },
    { n: 2, msg: [{ n: 1, msg: tensorType }] },
  ];
}

function node(
  op: string,
  name: string,
  inputs: string[],
  outputs: string[],
  intAttrs: Record<string, number> = {},
): Field[] {
  return [
    ...inputs.map((s) => ({ n: 1, str: s })),
    ...outputs.map((s) => ({ n: 2, str: s })),
    { n: 3, str: name },
    { n: 4, str: op },
    ...Object.entries(intAttrs).map(
      ([k, v]): Field => ({
        n: 5,
        msg: [
          { n: 1, str: k },
          { n: 3, varint: v },
          { n: 20, varint: ATTR_INT },
        ],
      }),
    ),
  ];
}

/**
 * Encode a dense network as ONNX bytes. The graph input is float32 `[batch, inputs]`; the output
 * is "probs" (`[batch, classes]`, softmax applied) or "logits" when `softmax: false` or when the
 * last layer is linear.
 */
export function denseToOnnx(net: DenseNet, options: OnnxExportOptions = {}): Uint8Array {
  const op = options.op ?? "gemm";
  const inputName = options.inputName ?? "input";
  const nodes: Field[][] = [];
  const inits: Field[][] = [];
  let current = inputName;
  const last = net.layers.length - 1;
  let outputName = "logits";
  net.layers.forEach((layer, l) => {
    const w = `W${l}`;
    const b = `B${l}`;
    inits.push(
      tensor(w, [layer.inputs, layer.outputs], layer.weights),
      tensor(b, [layer.outputs], layer.bias),
    );
    const z =
      l === last &&
      (layer.activation === "linear" || (layer.activation === "softmax" && options.softmax === false))
        ? "logits"
        : `z${l}`;
    if (op === "gemm") nodes.push(node("Gemm", `gemm${l}`, [current, w, b], [z]));
    else {
      nodes.push(node("MatMul", `matmul${l}`, [current, w], [`m${l}`]));
      nodes.push(node("Add", `add${l}`, [`m${l}`, b], [z]));
    }
    current = z;
    if (layer.activation === "relu") {
      current = `h${l}`;
      nodes.push(node("Relu", `relu${l}`, [z], [current]));
    } else if (layer.activation === "softmax" && options.softmax !== false) {
      current = "probs";
      nodes.push(node("Softmax", `softmax${l}`, [z], [current], { axis: 1 }));
    }
    if (l === last) outputName = current;
  });
  if (outputName !== "probs" && outputName !== "logits") {
    // A last ReLU layer: name the output plainly through an Identity node.
    nodes.push(node("Identity", "output", [outputName], ["logits"]));
    outputName = "logits";
  }
  const inputs = net.layers[0]!.inputs;
  const classes = net.layers[last]!.outputs;
  const graph: Field[] = [
    ...nodes.map((msg): Field => ({ n: 1, msg })),
    { n: 2, str: "mlsa_dense" },
    ...inits.map((msg): Field => ({ n: 5, msg })),
    { n: 11, msg: valueInfo(inputName, ["batch", inputs]) },
    { n: 12, msg: valueInfo(outputName, ["batch", classes]) },
  ];
  return encodeMessage([
    { n: 1, varint: 8 }, // ir_version
    { n: 2, str: "mlsa" },
    { n: 3, str: options.producerVersion ?? "0.1.0" },
    { n: 7, msg: graph },
    {
      n: 8,
      msg: [
        { n: 1, str: "" },
        { n: 2, varint: 13 },
      ],
    }, // opset_import: default domain, 13
  ]);
}

/** Write a dense network to `path` as an ONNX file. */
export async function exportDenseOnnx(
  net: DenseNet,
  path: string,
  options: OnnxExportOptions = {},
): Promise<void> {
  await writeFile(path, denseToOnnx(net, options));
}
