// Label flipping: what the generator changes (pure checks) and, trained for real on a digits
// subset, that accuracy falls and targeted success rises with the poison rate.
import { describe, expect, it } from "vitest";
import { Invalid } from "../../contracts/errors.js";
import { blobs, digitsSubset } from "../poisoning/fixtures.js";
import { runPoisoning } from "../poisoning/run.js";
import { createMlsaTrainer } from "../poisoning/trainer.js";
import { createRng } from "../rng.js";
import { labelFlip } from "./label-flip.js";

const data = blobs(300, 4, 3, 1);
const parse = (p: Record<string, unknown>) => labelFlip.resolve(data, labelFlip.params.parse(p));

describe("label-flip generator", () => {
  it("random mode flips round(rate·n) labels, each to another class, nested across rates", () => {
    const p = parse({});
    const low = labelFlip.poison(data, 0.05, p, createRng(9));
    const high = labelFlip.poison(data, 0.2, p, createRng(9));
    expect(low.poisoned).toBe(15);
    expect(high.poisoned).toBe(60);
    for (const i of high.indices) expect(high.data.y[i]).not.toBe(data.y[i]);
    const changed = data.y.flatMap((y, i) => (high.data.y[i] !== y ? [i] : []));
    expect(changed).toHaveLength(60);
    for (const i of low.indices) expect(high.data.y[i]).toBe(low.data.y[i]);
    expect(labelFlip.successProbe(data, p)).toBeUndefined();
  });

  it("targeted mode relabels only source examples as the target, at most all of them", () => {
    const p = parse({ mode: "targeted", sourceClass: 1, targetClass: 2 });
    const out = labelFlip.poison(data, 0.05, p, createRng(1));
    expect(out.poisoned).toBe(15);
    for (const i of out.indices) {
      expect(data.y[i]).toBe(1);
      expect(out.data.y[i]).toBe(2);
    }
    expect(labelFlip.poison(data, 0.9, p, createRng(1)).poisoned).toBe(100);
    const probe = labelFlip.successProbe(data, p)!;
    expect(probe.inputs).toHaveLength(100);
    expect(probe.targetClass).toBe(2);
  });

  it("rejects incomplete or impossible targeted settings", () => {
    expect(labelFlip.params.safeParse({ mode: "targeted", sourceClass: 1 }).success).toBe(false);
    expect(labelFlip.params.safeParse({ mode: "targeted", sourceClass: 1, targetClass: 1 }).success).toBe(
      false,
    );
    expect(() => parse({ mode: "targeted", sourceClass: 1, targetClass: 3 })).toThrow(Invalid);
  });
});

describe("label-flip trained on digits", () => {
  const { train, test } = digitsSubset(1000, 400, 3);
  const trainer = createMlsaTrainer({ hidden: [32], epochs: 3 });

  it("random flips lower clean accuracy as the rate rises", async () => {
    const { run } = await runPoisoning("label-flip", { train, test, rates: [0.2, 0.6], trainer, seed: 1 });
    expect(run.state).toBe("succeeded");
    const m = run.metrics;
    expect(m.cleanAccuracyAt60pct).toBeLessThan(m.cleanAccuracyAt20pct!);
    expect(m.accuracyDropAt60pct).toBeGreaterThan(0.05);
    expect(run.examples[0]?.values?.cleanAccuracy).toHaveLength(3);
  });

  it("targeted flips send more source digits to the target as the rate rises", async () => {
    const { run } = await runPoisoning("label-flip", {
      train,
      test,
      params: { mode: "targeted", sourceClass: 1, targetClass: 7 },
      rates: [0.01, 0.1],
      trainer,
      seed: 1,
    });
    const m = run.metrics;
    expect(m.baselineAttackSuccessRate).toBeLessThan(0.1);
    expect(m.attackSuccessRateAt10pct).toBeGreaterThan(m.attackSuccessRateAt1pct! + 0.5);
    expect(m.cleanAccuracyAt10pct).toBeLessThan(m.baselineAccuracy!);
  });
});
