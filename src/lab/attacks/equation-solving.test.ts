import { describe, expect, it } from "vitest";
import { runAttack } from "../run.js";
import { linearVictim, randomLinear, toyInputs } from "../toy-victims.js";

describe("equation-solving extraction", () => {
  it("recovers a binary logistic model with exactly d+1 queries", async () => {
    const d = 30;
    const victim = linearVictim(randomLinear(8, d, 1), { bounds: { min: -1, max: 1 } });
    const { run, artifacts } = await runAttack("equation-solving", victim, {
      seed: 1,
      budget: d + 1,
      groundTruth: { linear: victim.parameters },
    });
    expect(run.state).toBe("succeeded");
    expect(run.metrics.queries).toBe(d + 1);
    expect(run.queriesUsed).toBe(d + 1);
    expect(run.metrics.maxParameterError).toBeLessThan(1e-9);
    // Class 1 minus class 0 is the logistic model itself.
    expect(artifacts?.linear?.weights[1]?.[0]).toBeCloseTo(victim.parameters.weights[0]![0]!, 9);
  });

  it("recovers a softmax-linear model up to the shift (relative to the reference class)", async () => {
    const victim = linearVictim(randomLinear(9, 15, 5));
    const { run, artifacts } = await runAttack("equation-solving", victim, {
      seed: 2,
      budget: 16 + 300,
      groundTruth: { linear: victim.parameters },
      heldOut: toyInputs(victim, 300, 1),
      params: { referenceClass: 2 },
    });
    expect(run.metrics.queries).toBe(16);
    expect(run.metrics.maxParameterError).toBeLessThan(1e-9);
    expect(run.metrics.agreement).toBe(1);
    expect(run.metrics.evaluationQueries).toBe(300);
    const w = victim.parameters.weights;
    expect(artifacts?.linear?.weights[2]?.every((v) => v === 0 || Math.abs(v) < 1e-12)).toBe(true);
    expect(artifacts?.linear?.weights[4]?.[3]).toBeCloseTo(w[4]![3]! - w[2]![3]!, 9);
  });

  it("re-draws saturated queries nearer the centre", async () => {
    // Steep weights: most random points in [-1, 1]^8 give probabilities below 1e-6.
    const steep = randomLinear(10, 8, 1, 40);
    const victim = linearVictim({ weights: steep.weights, bias: [0] }, { bounds: { min: -1, max: 1 } });
    const { run } = await runAttack("equation-solving", victim, {
      seed: 3,
      budget: 500,
      groundTruth: { linear: victim.parameters },
      params: { minProbability: 1e-6 },
    });
    expect(run.state).toBe("succeeded");
    expect(run.metrics.redraws).toBeGreaterThan(0);
    expect(run.metrics.queries).toBe(9 + run.metrics.redraws!);
    expect(run.metrics.maxRelativeParameterError).toBeLessThan(1e-6);
  });

  it("fails clearly when the budget is below d+1", async () => {
    const victim = linearVictim(randomLinear(8, 10, 1));
    const { run } = await runAttack("equation-solving", victim, { seed: 1, budget: 10 });
    expect(run.state).toBe("failed");
    expect(run.error).toMatch(/needs at least d\+1 = 11 queries/);
    expect(victim.calls).toBe(0);
  });
});
