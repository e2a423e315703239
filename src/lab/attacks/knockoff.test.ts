import { describe, expect, it } from "vitest";
import { denseProbabilities } from "../../targets/dense.js";
import { inputLayout } from "../layout.js";
import { createRng } from "../rng.js";
import { runAttack } from "../run.js";
import { linearVictim, randomLinear, toyInputs } from "../toy-victims.js";
import { argmax } from "../vec.js";
import { syntheticPool } from "./knockoff.js";

describe("Knockoff Nets", () => {
  const victim = () => linearVictim(randomLinear(21, 12, 3, 3));
  const params = { hidden: [32], epochs: 10, evaluationSize: 300 };

  it("returns a surrogate whose exported dense network gives the reported agreement", async () => {
    const v = victim();
    const heldOut = toyInputs(v, 300, 2);
    const { run, artifacts } = await runAttack("knockoff", v, {
      seed: 5,
      budget: 400 + 300,
      inputs: toyInputs(v, 400, 1),
      heldOut,
      params,
    });
    const net = artifacts!.surrogate!;
    expect(net.layers.map((l) => [l.inputs, l.outputs, l.activation])).toEqual([
      [12, 32, "relu"],
      [32, 3, "softmax"],
    ]);
    const agree = heldOut.filter(
      (e) => argmax(denseProbabilities(net, e.x)) === argmax(v.probabilities(e.x)),
    ).length;
    expect(run.metrics.agreement).toBeCloseTo(agree / heldOut.length, 2);
    expect(run.metrics.agreement).toBeGreaterThan(0.85);
    expect(run.metrics.evaluationQueries).toBe(300);
    expect(run.queriesUsed).toBe(700);
  });

  it("trains from labels alone, and from a synthetic pool when no inputs are given", async () => {
    const v = linearVictim(randomLinear(21, 12, 3, 3), { output: "label" });
    const labels = await runAttack("knockoff", v, {
      seed: 5,
      budget: 700,
      inputs: toyInputs(v, 400, 1),
      heldOut: toyInputs(v, 300, 2),
      params,
    });
    expect(labels.run.metrics.agreement).toBeGreaterThan(0.75);
    const synthetic = await runAttack("knockoff", v, {
      seed: 5,
      budget: 700,
      heldOut: toyInputs(v, 300, 2),
      params,
    });
    expect(synthetic.run.state).toBe("succeeded");
    expect(synthetic.run.metrics.queries).toBe(400);
    expect(synthetic.run.metrics.agreement).toBeGreaterThan(0.6);
  });

  it("refuses a budget that the held-out evaluation would use up", async () => {
    const v = victim();
    const { run } = await runAttack("knockoff", v, {
      seed: 1,
      budget: 100,
      heldOut: toyInputs(v, 300, 2),
      params,
    });
    expect(run.state).toBe("failed");
    expect(run.error).toMatch(/leaves no queries for the attack after 300 held-out evaluation queries/);
    expect(v.calls).toBe(0);
  });

  it("draws stroke-like synthetic images inside the bounds", () => {
    const layout = inputLayout({ inputShape: [28, 28, 1] });
    const pool = syntheticPool(20, layout, { min: 0, max: 1 }, createRng(1));
    for (const x of pool) {
      expect(x.every((v) => v >= 0 && v <= 1)).toBe(true);
      const inked = x.filter((v) => v > 0.2).length;
      expect(inked).toBeGreaterThan(5);
      expect(inked).toBeLessThan(784 / 2);
    }
  });
});
