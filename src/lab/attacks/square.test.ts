import { describe, expect, it } from "vitest";
import { compileConstraints } from "../constraints.js";
import { runAttack } from "../run.js";
import { mlpVictim, toyInputs } from "../toy-victims.js";
import { pSchedule } from "./square.js";

describe("Square Attack", () => {
  it("follows the paper's p schedule, rescaled to the query horizon", () => {
    expect(pSchedule(0.8, 0, 10_000)).toBe(0.8);
    expect(pSchedule(0.8, 11, 10_000)).toBe(0.4);
    expect(pSchedule(0.8, 51, 10_000)).toBe(0.2);
    expect(pSchedule(0.8, 9000, 10_000)).toBeCloseTo(0.8 / 512);
    expect(pSchedule(0.8, 2, 1000)).toBe(0.4);
  });

  const victim = () => mlpVictim(3, 64, 32, 4, { inputShape: [8, 8, 1] });

  it.each([
    ["linf", 0.12, "medianLinf"],
    ["l2", 1, "medianL2"],
  ] as const)(
    "%s: fools most inputs and never leaves the ε-ball or the input bounds",
    async (norm, epsilon, key) => {
      const v = victim();
      const sent: Float32Array[] = [];
      v.sent = sent;
      const inputs = toyInputs(v, 12, 5);
      const { run } = await runAttack("square", v, {
        seed: 1,
        budget: 12 * 400 + 12,
        inputs,
        params: { norm, epsilon, queriesPerExample: 400, keepExamples: 12 },
      });
      expect(run.metrics.successRate).toBeGreaterThanOrEqual(0.8);
      expect(run.metrics[key]).toBeLessThanOrEqual(epsilon * (1 + 1e-5));
      expect(run.metrics.medianQueries).toBeLessThan(400);
      for (const x of sent) for (const v of x) expect(v >= 0 && v <= 1).toBe(true);
      for (const ex of run.examples) expect(ex.distance!).toBeLessThanOrEqual(epsilon * (1 + 1e-5));
    },
  );

  it("says so instead of a NaN median when nothing is fooled", async () => {
    const v = victim();
    const { run } = await runAttack("square", v, {
      seed: 1,
      budget: 6 * 20 + 6,
      inputs: toyInputs(v, 6, 5),
      params: { epsilon: 1e-6, queriesPerExample: 20 },
    });
    expect(run.metrics.successRate).toBe(0);
    expect(run.metrics.medianQueries).toBeUndefined();
    expect(run.summary).not.toMatch(/NaN/);
    expect(run.summary).toContain("none fooled within the allowance of 20 queries each");
  });

  it("stops querying an input as soon as its label flips", async () => {
    const v = victim();
    const inputs = toyInputs(v, 8, 6);
    const { run } = await runAttack("square", v, {
      seed: 1,
      budget: 8 * 1000 + 8,
      inputs,
      params: { epsilon: 0.3, queriesPerExample: 1000 },
    });
    expect(run.metrics.successRate).toBe(1);
    // 8 clean queries plus the per-input queries, which stop at success.
    expect(run.queriesUsed).toBe(8 + run.metrics.meanQueries! * 8);
    expect(run.queriesUsed).toBeLessThan(8 * 100);
  });

  it("works on tabular vectors under feature constraints", async () => {
    const v = mlpVictim(4, 10, 16, 2, { description: "tabular" });
    const constraints = compileConstraints(
      { immutable: [0, 1], integer: [], oneHot: [] },
      { dims: 10, defaultBounds: { min: 0, max: 1 } },
    );
    const inputs = toyInputs(v, 10, 7);
    const { run } = await runAttack("square", v, {
      seed: 2,
      budget: 10 * 500 + 10,
      inputs,
      constraints,
      params: { epsilon: 0.3, queriesPerExample: 500, keepExamples: 10 },
    });
    expect(run.metrics.successRate).toBeGreaterThan(0.5);
    for (const ex of run.examples) {
      const adv = ex.values!.adversarial!;
      const orig = ex.values!.original!;
      expect(adv.slice(0, 2)).toEqual(orig.slice(0, 2));
    }
  });
});
