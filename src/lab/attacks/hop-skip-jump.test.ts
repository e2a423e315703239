import { describe, expect, it } from "vitest";
import { compileConstraints } from "../constraints.js";
import { runAttack } from "../run.js";
import { linearVictim, mlpVictim, toyInputs } from "../toy-victims.js";

describe("HopSkipJumpAttack", () => {
  it("approaches the exact minimal L2 perturbation of a linear classifier", async () => {
    // Binary linear model: the closest adversarial point is |w·x+b|/‖w‖ away.
    const w = [1, -2, 0.5, 1.5, -1, 0.8, -0.3, 1.2];
    const victim = linearVictim(
      { weights: [w], bias: [0.1] },
      { output: "label", bounds: { min: -5, max: 5 } },
    );
    const inputs = toyInputs(victim, 4, 11).map((e) => ({ x: e.x.map((v) => v / 5), y: e.y }));
    const labelled = inputs.map((e) => ({ ...e, y: Math.round(victim.probabilities(e.x)[1]!) }));
    const norm = Math.hypot(...w);
    const optimal = labelled.map((e) => Math.abs(w.reduce((s, v, j) => s + v * e.x[j]!, 0.1)) / norm);
    const { run } = await runAttack("hop-skip-jump", victim, {
      seed: 1,
      budget: 4 * 1500 + 4,
      inputs: labelled,
      params: { keepExamples: 4 },
    });
    expect(run.metrics.successRate).toBe(1);
    run.examples.forEach((ex, i) => {
      expect(ex.distance!).toBeGreaterThanOrEqual(optimal[i]! * 0.999);
      expect(ex.distance!).toBeLessThan(optimal[i]! * 1.05);
    });
  });

  it("shrinks the perturbation as the budget grows, in L2 and L∞", async () => {
    const victim = mlpVictim(5, 64, 32, 3, { inputShape: [8, 8, 1], output: "label" });
    const inputs = toyInputs(victim, 3, 9);
    const at = async (norm: string, q: number) =>
      (await runAttack("hop-skip-jump", victim, { seed: 2, budget: 3 * q + 3, inputs, params: { norm } })).run
        .metrics;
    const l2Small = await at("l2", 150);
    const l2Large = await at("l2", 1500);
    expect(l2Large.medianL2).toBeLessThan(l2Small.medianL2! * 0.8);
    const linfSmall = await at("linf", 150);
    const linfLarge = await at("linf", 1500);
    expect(linfLarge.successRate).toBe(1);
    expect(linfLarge.medianLinf).toBeLessThan(linfSmall.medianLinf!);
  });

  it("keeps every candidate inside the feature constraints", async () => {
    const victim = linearVictim(
      { weights: [[2, -1, 0.5, 1, -1, 0.3]], bias: [0] },
      { output: "label", bounds: { min: 0, max: 10 }, description: "tabular" },
    );
    const constraints = compileConstraints(
      { immutable: [0], integer: [1], oneHot: [[3, 4, 5]], bounds: { "2": { min: 1, max: 4 } } },
      { dims: 6, defaultBounds: { min: 0, max: 10 } },
    );
    const sent: Float32Array[] = [];
    victim.sent = sent;
    const base = toyInputs(victim, 6, 3).map((e) => constraints.project(e.x));
    const inputs = base.map((x) => ({ x, y: Math.round(victim.probabilities(x)[1]!) }));
    const { run } = await runAttack("hop-skip-jump", victim, { seed: 4, budget: 3000, inputs, constraints });
    expect(run.state).toBe("succeeded");
    expect(run.metrics.successRate).toBeGreaterThan(0.5);
    // The clean queries are the originals; every other query must be feasible around some original.
    const bad = sent.filter((x) => inputs.every((e) => constraints.violations(x, e.x).length > 0));
    expect(bad).toEqual([]);
    const adv = run.examples[0]!.values!.adversarial!;
    expect(constraints.violations(Float32Array.from(adv), inputs[0]!.x)).toEqual([]);
  });

  it("says so instead of a NaN median when no adversarial is found", async () => {
    // A constant classifier: no input of any other class exists.
    const victim = linearVictim(
      { weights: [[0, 0, 0, 0, 0, 0, 0, 0]], bias: [3] },
      { output: "label", bounds: { min: 0, max: 1 } },
    );
    const inputs = toyInputs(victim, 3, 4).map((e) => ({ ...e, y: 1 }));
    const { run } = await runAttack("hop-skip-jump", victim, {
      seed: 1,
      budget: 3 * 50 + 3,
      inputs,
      params: { initTrials: 20 },
    });
    expect(run.metrics.successRate).toBe(0);
    expect(run.summary).not.toMatch(/NaN/);
    expect(run.summary).toContain("no adversarial found");
  });

  it("reports success within ε when asked", async () => {
    const victim = mlpVictim(5, 64, 32, 3, { inputShape: [8, 8, 1], output: "label" });
    const { run } = await runAttack("hop-skip-jump", victim, {
      seed: 2,
      budget: 2000,
      inputs: toyInputs(victim, 2, 9),
      params: { epsilon: 1e-6 },
    });
    expect(run.metrics.successRateAtEpsilon).toBe(0);
    expect(run.summary).toContain("within ε = 0.000001");
  });
});
