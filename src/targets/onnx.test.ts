import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Invalid } from "../contracts/errors.js";
import { createOnnxTarget } from "./onnx.js";
import { injectFaults, loadSuiteVictim, runTargetSuite } from "./target-suite.js";

const dir = await mkdtemp(join(tmpdir(), "mlsa-onnx-target-"));
afterAll(() => rm(dir, { recursive: true, force: true }));

runTargetSuite("ONNX", async (output, topK) => {
  const victim = await loadSuiteVictim();
  const path = join(dir, `digits-${output}.onnx`);
  await victim.exportOnnx(path);
  const target = await createOnnxTarget({
    path,
    output,
    topK,
    inputShape: [28, 28, 1],
    classNames: victim.info("label").classNames,
  });
  return {
    target,
    reference: (xs) => victim.predictProbs(xs),
    inputs: victim.splits.test.x.slice(0, 16),
    expectedInfo: {
      kind: "onnx",
      numClasses: 10,
      inputShape: [28, 28, 1],
      description: `ONNX model digits-${output}.onnx`,
    },
    flaky: async (plan) => injectFaults(target, plan),
  };
});

describe("ONNX target specifics", () => {
  it("detects logits and applies softmax, or takes the configured interpretation", async () => {
    const victim = await loadSuiteVictim();
    const path = join(dir, "digits-logits.onnx");
    await victim.exportOnnx(path, { softmax: false });
    const xs = victim.splits.test.x.slice(0, 5);
    const ref = victim.predictProbs(xs);
    for (const scores of ["auto", "logits"] as const) {
      const t = await createOnnxTarget({ path, output: "probs", scores });
      const got = await t.predict(xs);
      got.forEach((p, i) => {
        p.scores!.forEach((s, j) => {
          expect(Math.abs(s - ref[i]![j]!)).toBeLessThan(1e-5);
        });
      });
      await t.close?.();
    }
    const raw = await createOnnxTarget({ path, output: "probs", scores: "probabilities" });
    const rawOut = await raw.predict(xs);
    expect(rawOut[0]!.scores!.reduce((a, b) => a + b, 0)).not.toBeCloseTo(1, 3);
    await raw.close?.();
  });

  it("derives input size and classes from the model and checks a given inputShape", async () => {
    const victim = await loadSuiteVictim();
    const path = join(dir, "digits-meta.onnx");
    await victim.exportOnnx(path, { op: "matmul" });
    const t = await createOnnxTarget({ path, output: "label" });
    expect(t.info).toMatchObject({ inputShape: [784], numClasses: 10 });
    await expect(t.predict([new Float32Array(10)])).rejects.toBeInstanceOf(Invalid);
    await t.close?.();
    await expect(createOnnxTarget({ path, output: "label", inputShape: [27, 27] })).rejects.toThrow(
      /expects 784/,
    );
  });

  it("refuses a file that is not an ONNX model with a clear error", async () => {
    const bad = join(dir, "bad.onnx");
    await writeFile(bad, "not a model");
    await expect(createOnnxTarget({ path: bad, output: "label" })).rejects.toThrow(/cannot load ONNX model/);
    await expect(createOnnxTarget({ output: "label" })).rejects.toThrow(/invalid ONNX target config: path/);
  });
});
