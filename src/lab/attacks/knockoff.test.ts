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

describe("Knockoff Nets, adaptive strategy", () => {
  const params = { hidden: [32], epochs: 10, evaluationSize: 300, strategy: "adaptive", roundSize: 10 };

  it("stays within budget at the victim, is deterministic and reaches random's fidelity", async () => {
    const run = async () => {
      const v = linearVictim(randomLinear(21, 12, 3, 3));
      const out = await runAttack("knockoff", v, {
        seed: 5,
        budget: 400 + 300,
        inputs: toyInputs(v, 800, 1),
        heldOut: toyInputs(v, 300, 2),
        params,
      });
      return { v, run: out.run };
    };
    const a = await run();
    expect(a.run.error).toBeUndefined();
    expect(a.v.inputsSeen).toBe(700);
    expect(a.run.queriesUsed).toBe(700);
    expect(a.run.metrics.queries).toBe(400);
    // Measured 0.963.
    expect(a.run.metrics.agreement).toBeGreaterThan(0.9);
    const b = await run();
    expect(b.run.metrics).toEqual(a.run.metrics);
  });

  it("learns to sample a useless group (near-copies of one input) less than uniform", async () => {
    // Three groups of 150 inputs, one per victim class, and a fourth group of near-copies of one
    // input: the victim gives all of them the same confident answer. Uniform over groups: 75 of 300.
    const uselessShare = async (stepSize: number) => {
      const v = linearVictim(randomLinear(5, 12, 3, 3));
      const all = toyInputs(v, 6000, 1);
      const good = [0, 1, 2].flatMap((c) => all.filter((e) => e.y === c).slice(0, 150));
      const rng = createRng(9);
      const x0 = good[0]!.x;
      const useless = Array.from({ length: 150 }, () => ({
        x: x0.map((t) => Math.min(1, Math.max(0, t + 0.02 * (rng.next() - 0.5)))),
        y: 3,
      }));
      v.sent = [];
      const { run } = await runAttack("knockoff", v, {
        seed: 1,
        budget: 300 + 300,
        inputs: [...good, ...useless],
        heldOut: toyInputs(v, 300, 2),
        params: { ...params, stepSize },
      });
      expect(run.metrics.actions).toBe(4);
      const near = (x: Float32Array) => x.every((t, j) => Math.abs(t - x0[j]!) <= 0.02);
      return v.sent.slice(0, 300).filter(near).length;
    };
    // Measured 30 of 300 with the default step size, 79 with the control below.
    expect(await uselessShare(0.1)).toBeLessThan(50);
    // Control: a step size too small to move the policy leaves sampling near uniform.
    expect(await uselessShare(1e-9)).toBeGreaterThan(55);
  });

  it("names the bad parameter", async () => {
    const v = linearVictim(randomLinear(21, 12, 3, 3));
    const go = (p: Record<string, unknown>) =>
      runAttack("knockoff", v, { seed: 1, budget: 700, inputs: toyInputs(v, 100, 1), params: p });
    await expect(go({ strategy: "bandit" })).rejects.toThrow(/params\.strategy/);
    await expect(go({ strategy: "adaptive", pool: "synthetic" })).rejects.toThrow(
      /params\.pool: the adaptive strategy samples groups of supplied inputs/,
    );
    await expect(go({ strategy: "adaptive", roundSize: 0 })).rejects.toThrow(/params\.roundSize/);
    await expect(go({ strategy: "adaptive", groups: "tree" })).rejects.toThrow(/params\.groups/);
    expect(v.calls).toBe(0);
  });

  it("groups by k-means clusters when asked", async () => {
    const v = linearVictim(randomLinear(21, 12, 3, 3));
    const { run } = await runAttack("knockoff", v, {
      seed: 2,
      budget: 300 + 300,
      inputs: toyInputs(v, 600, 1),
      heldOut: toyInputs(v, 300, 2),
      params: { ...params, groups: "clusters", clusters: 6 },
    });
    expect(run.metrics.actions).toBe(6);
    expect(run.metrics.queries).toBe(300);
    expect(run.metrics.agreement).toBeGreaterThan(0.85);
  });
});
