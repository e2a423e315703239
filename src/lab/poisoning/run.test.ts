// runPoisoning: validation before training, the evidence record, determinism from the seed, abort.
import { describe, expect, it } from "vitest";
import { Invalid, NotFound, Unsupported } from "../../contracts/errors.js";
import { LabRun } from "../../contracts/lab.js";
import { splitDataset } from "../datasets.js";
import { getAttack, listAttacks, listPoisoningAttacks } from "../registry.js";
import { blobs, digitsSubset } from "./fixtures.js";
import { rateKey, runPoisoning } from "./run.js";
import { createMlsaTrainer } from "./trainer.js";
import type { PoisonTrainer } from "./types.js";

const data = blobs(400, 4, 3, 7);
const trainer = createMlsaTrainer({ hidden: [8], epochs: 4, learningRate: 0.01 });

/** A trainer that must never be called (validation happens before any training). */
const noTraining: PoisonTrainer = {
  kind: "mlsa",
  description: "must not train",
  settings: {},
  train: () => {
    throw new Error("trained although the input was invalid");
  },
};

describe("runPoisoning validation", () => {
  it("rejects unknown attacks, bad parameters, rates, seeds and data before training", async () => {
    const base = { train: data, trainer: noTraining, seed: 1 };
    await expect(runPoisoning("nope", base)).rejects.toThrow(NotFound);
    await expect(runPoisoning("label-flip", { ...base, params: { mode: "sideways" } })).rejects.toThrow(
      Invalid,
    );
    await expect(runPoisoning("label-flip", { ...base, params: { extra: 1 } })).rejects.toThrow(/params/);
    await expect(runPoisoning("label-flip", { ...base, rates: [5] })).rejects.toThrow(/above 0 and below 1/);
    await expect(runPoisoning("label-flip", { ...base, rates: [] })).rejects.toThrow(Invalid);
    await expect(runPoisoning("label-flip", { ...base, seed: 1.5 })).rejects.toThrow(/seed/);
    await expect(runPoisoning("backdoor", { ...base, params: { targetClass: 5 } })).rejects.toThrow(
      /not a class/,
    );
    expect(() => createMlsaTrainer({ epochs: 0 })).toThrow(/trainer\.epochs/);
    const wrongTest = blobs(50, 3, 3, 1);
    await expect(runPoisoning("label-flip", { ...base, test: wrongTest })).rejects.toThrow(/features/);
  });

  it("is listed apart from the query attacks, which point to it", () => {
    expect(listPoisoningAttacks().map((a) => a.id)).toEqual(["label-flip", "backdoor"]);
    expect(listAttacks().some((a) => a.id === "backdoor")).toBe(false);
    expect(() => getAttack("backdoor")).toThrow(Unsupported);
    expect(() => getAttack("backdoor")).toThrow(/mlsa lab poison --attack backdoor/);
  });

  it("names rates in metric keys", () => {
    expect(rateKey(0.005)).toBe("0p5pct");
    expect(rateKey(0.1)).toBe("10pct");
    expect(rateKey(0.025)).toBe("2p5pct");
  });
});

describe("runPoisoning record", () => {
  it("holds out a seeded test split, records a valid LabRun and repeats exactly with the same seed", async () => {
    const go = () =>
      runPoisoning("label-flip", {
        train: data,
        params: { mode: "targeted", sourceClass: 0, targetClass: 1 },
        rates: [0.05, 0.2],
        trainer,
        seed: 3,
        dataDescription: "blobs",
      });
    const a = await go();
    expect(a.run.state).toBe("succeeded");
    expect(LabRun.safeParse(a.run).success).toBe(true);
    expect(a.split.test.x).toHaveLength(80);
    expect(a.split.train.x).toHaveLength(320);
    expect(a.run.family).toBe("poisoning");
    expect(a.run.queriesUsed).toBe(0);
    expect(a.run.target.description).toContain("blobs");
    expect(a.run.params.rates).toEqual([0.05, 0.2]);
    expect(a.run.examples[0]?.values?.poisonRate).toEqual([0, 0.05, 0.2]);
    expect(a.run.metrics.poisonedAt20pct).toBe(64);
    const b = await go();
    expect(b.run.metrics).toEqual(a.run.metrics);
    expect(b.run.summary).toBe(a.run.summary);
  });

  it("stops training when aborted and reports a cancelled run", async () => {
    const { train, test } = digitsSubset(600, 100, 1);
    const controller = new AbortController();
    const messages: string[] = [];
    const t0 = performance.now();
    const { run } = await runPoisoning("backdoor", {
      train,
      test,
      trainer: createMlsaTrainer({ hidden: [16], epochs: 50 }),
      seed: 1,
      signal: controller.signal,
      onProgress: (_, m) => {
        messages.push(m);
        if (messages.length === 2) controller.abort();
      },
    });
    expect(run.state).toBe("cancelled");
    expect(run.metrics).toEqual({});
    expect(messages.length).toBeLessThan(4);
    expect(performance.now() - t0).toBeLessThan(10_000);
  });

  it("reuses a caller's baseline model without disposing it", async () => {
    const { rest, test } = splitDataset(data, { test: 80 }, 1);
    const model = await trainer.train(rest, { seed: 1, signal: new AbortController().signal });
    let disposed = false;
    const baseline = {
      predictLabels: model.predictLabels,
      dispose: async () => {
        disposed = true;
      },
    };
    const { run } = await runPoisoning("label-flip", {
      train: rest,
      test,
      rates: [0.1],
      trainer,
      seed: 1,
      baseline,
    });
    expect(run.state).toBe("succeeded");
    expect(disposed).toBe(false);
    await model.dispose();
  });
});
