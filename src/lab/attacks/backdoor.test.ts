// BadNets backdoor: trigger resolution and stamping (pure checks) and, trained for real, that attack
// success rises with the poison rate while clean accuracy holds (digits patch, tabular pattern).
import { describe, expect, it } from "vitest";
import { Invalid } from "../../contracts/errors.js";
import { blobs, digitsSubset } from "../poisoning/fixtures.js";
import { runPoisoning } from "../poisoning/run.js";
import { createMlsaTrainer } from "../poisoning/trainer.js";
import { createRng } from "../rng.js";
import { backdoor } from "./backdoor.js";

const table = blobs(300, 5, 3, 2);
const resolve = (data: typeof table, p: Record<string, unknown>) =>
  backdoor.resolve(data, backdoor.params.parse(p));

describe("backdoor trigger and poison", () => {
  it("uses a patch for images and a feature pattern for tabular data", () => {
    const { train } = digitsSubset(50, 10, 1);
    const img = resolve(train, { targetClass: 7 });
    expect(img.trigger).toBe("patch");
    expect(img.patchValue).toBe(1);
    const tab = resolve(table, { targetClass: 0 });
    expect(tab.trigger).toBe("pattern");
    expect(tab.pattern).toHaveLength(3);
    for (const c of tab.pattern!) {
      const j = c.feature as number;
      expect(c.value).toBe(Math.max(...table.x.map((r) => r[j]!)));
    }
  });

  it("builds the automatic pattern from the features that carry no class signal", () => {
    const rng = createRng(3);
    const y = Array.from({ length: 300 }, (_, i) => i % 3);
    // Feature 2 is the class (plus noise); features 0, 1 and 3 are noise.
    const x = y.map((c) =>
      Float32Array.from([rng.normal(), rng.normal(), 5 * c + rng.normal(), rng.normal()]),
    );
    const data = { x, y, numClasses: 3, inputShape: [4], bounds: { min: -5, max: 15 } };
    const p = resolve(data, { targetClass: 1 });
    expect(p.pattern!.map((c) => c.feature)).toEqual([0, 1, 3]);
  });

  it("resolves named pattern features and rejects unknown ones and bad classes", () => {
    const p = resolve(table, { pattern: [{ feature: "f3", value: 9 }] });
    expect(p.pattern).toEqual([{ feature: 3, value: 9 }]);
    expect(() => resolve(table, { pattern: [{ feature: "nope", value: 1 }] })).toThrow(
      /not one of the 5 features/,
    );
    expect(() => resolve(table, { targetClass: 3 })).toThrow(Invalid);
    expect(() => resolve(table, { trigger: "patch" })).toThrow(/needs image data/);
    expect(() => resolve(table, { sourceClass: 1, targetClass: 1 })).toThrow(Invalid);
  });

  it("stamps the trigger on non-target examples and labels them as the target", () => {
    const p = resolve(table, { targetClass: 2, pattern: [{ feature: 0, value: 50 }] });
    const out = backdoor.poison(table, 0.1, p, createRng(4));
    expect(out.data.x.length).toBe(300 + out.poisoned);
    expect(out.poisoned / out.data.x.length).toBeCloseTo(0.1, 2);
    for (const i of out.indices) {
      expect(out.data.x[i]![0]).toBe(50);
      expect(out.data.y[i]).toBe(2);
    }
    const replaced = backdoor.poison(table, 0.1, { ...p, placement: "replace" }, createRng(4));
    expect(replaced.data.x).toHaveLength(300);
    for (const i of replaced.indices) expect(table.y[i]).not.toBe(2);
    const probe = backdoor.successProbe(table, p)!;
    expect(probe.inputs).toHaveLength(200);
    expect(probe.trueLabels.every((y) => y !== 2)).toBe(true);
    expect(probe.inputs.every((x) => x[0] === 50)).toBe(true);
  });
});

describe("backdoor trained for real", () => {
  it("digits: attack success rises with the rate while clean accuracy holds", async () => {
    const { train, test } = digitsSubset(1500, 400, 3);
    const { run } = await runPoisoning("backdoor", {
      train,
      test,
      params: { targetClass: 7 },
      rates: [0.002, 0.1],
      trainer: createMlsaTrainer({ hidden: [32], epochs: 3 }),
      seed: 1,
    });
    expect(run.state).toBe("succeeded");
    const m = run.metrics;
    expect(m.baselineAttackSuccessRate).toBeLessThan(0.05);
    expect(m.attackSuccessRateAt10pct).toBeGreaterThan(0.8);
    expect(m.attackSuccessRateAt10pct).toBeGreaterThan(m.attackSuccessRateAt0p2pct! + 0.5);
    expect(m.accuracyDropAt10pct).toBeLessThan(0.05);
    const picture = run.examples[1];
    expect(picture?.images?.adversarial).toMatch(/^data:image\/png;base64,/);
    expect(picture?.adversarialClass).toBe(7);
  });

  it("tabular: a feature-pattern trigger is learned", async () => {
    const data = blobs(900, 6, 3, 5);
    const { run } = await runPoisoning("backdoor", {
      train: data,
      params: { targetClass: 0 },
      rates: [0.005, 0.15],
      trainer: createMlsaTrainer({ hidden: [16], epochs: 20, batchSize: 32, learningRate: 0.01 }),
      seed: 2,
    });
    const m = run.metrics;
    expect(run.state).toBe("succeeded");
    expect(m.baselineAccuracy).toBeGreaterThan(0.9);
    expect(m.attackSuccessRateAt15pct).toBeGreaterThan(m.attackSuccessRateAt0p5pct!);
    expect(m.attackSuccessRateAt15pct).toBeGreaterThan(0.7);
    expect(run.examples[1]?.values?.adversarial).toHaveLength(6);
  });
});
