import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Invalid } from "../../contracts/errors.js";
import { TargetInfo } from "../../contracts/lab.js";
import { loadVictim } from "./index.js";

const dataDir = await mkdtemp(join(tmpdir(), "mlsa-victims-"));
afterAll(() => rm(dataDir, { recursive: true, force: true }));

describe("demo victims", () => {
  it("trains tabular-logreg deterministically, caches it and reloads the same weights", async () => {
    const a = await loadVictim("tabular-logreg", { dataDir, seed: 3, tiny: true });
    expect(a.fromCache).toBe(false);
    expect(a.weights.layers).toHaveLength(1);
    expect(a.weights.layers[0]).toMatchObject({ inputs: 4, outputs: 3, activation: "softmax" });
    expect(a.metrics.testAccuracy).toBeGreaterThan(0.8);
    const b = await loadVictim("tabular-logreg", { dataDir, seed: 3, tiny: true });
    expect(b.fromCache).toBe(true);
    expect(b.weights).toEqual(a.weights);
    expect(JSON.parse(await readFile(a.cachePath, "utf8")).seed).toBe(3);
    // a fresh training run from the same seed gives the same weights
    const c = await loadVictim("tabular-logreg", { dataDir, seed: 3, tiny: true, retrain: true });
    expect(c.fromCache).toBe(false);
    expect(c.weights).toEqual(a.weights);
    // standardized features stay within the declared bounds
    for (const row of a.splits.train.x) for (const v of row) expect(Math.abs(v)).toBeLessThanOrEqual(4);
  });

  it("keeps member and non-member splits disjoint and shared by overfit and regularized victims", async () => {
    const over = await loadVictim("digits-overfit", { dataDir, seed: 2, tiny: true });
    const reg = await loadVictim("digits-regularized", { dataDir, seed: 2, tiny: true });
    expect(over.splits.train.x).toEqual(reg.splits.train.x);
    expect(over.splits.test.y).toEqual(reg.splits.test.y);
    const members = new Set(over.splits.train.x);
    expect(over.splits.test.x.some((x) => members.has(x))).toBe(false);
    expect(over.splits.train.x).toHaveLength(100);
    expect(over.splits.test.x).toHaveLength(200);
    expect(over.metrics.trainAccuracy).toBeGreaterThan(over.metrics.testAccuracy);
    expect(reg.metrics.keptEpoch).toBeLessThanOrEqual(reg.metrics.epochsRun);
  });

  it("serves label, top-k and probability targets that agree with predictProbs", async () => {
    const v = await loadVictim("tabular-logreg", { dataDir, seed: 3, tiny: true });
    const xs = v.splits.test.x.slice(0, 5);
    const probs = v.predictProbs(xs);
    const label = await v.target("label").predict(xs);
    const top = await v.target("topk", { topK: 2 }).predict(xs);
    const full = await v.target("probs").predict(xs);
    expect(TargetInfo.parse(v.target("topk", { topK: 2 }).info)).toMatchObject({
      kind: "demo",
      topK: 2,
      numClasses: 3,
    });
    xs.forEach((_, i) => {
      expect(label[i]!.scores).toBeUndefined();
      expect(full[i]!.scores).toEqual(Array.from(probs[i]!));
      expect(top[i]!.scores!.filter((s) => s > 0)).toHaveLength(2);
      expect(label[i]!.label).toBe(full[i]!.label);
    });
    await expect(v.target().predict([Float32Array.from([0, 0, 9, 0])])).rejects.toBeInstanceOf(Invalid);
    await expect(v.target().predict([Float32Array.from([0, 0])])).rejects.toThrow(/expected 4/);
  });

  it("refuses unknown victims", async () => {
    await expect(loadVictim("nope" as "digits", { dataDir })).rejects.toThrow(/unknown demo victim/);
  });
});
