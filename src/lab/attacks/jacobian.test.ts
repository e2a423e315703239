import { describe, expect, it } from "vitest";
import { runAttack } from "../run.js";
import { linearVictim, randomLinear, toyInputs } from "../toy-victims.js";
import { linfDistance } from "../vec.js";

describe("Jacobian-based dataset augmentation", () => {
  it("doubles the set each round with points λ away (L∞) from known ones, then uses reservoir sampling", async () => {
    const v = linearVictim(randomLinear(31, 10, 3, 3), { output: "label" });
    const sent: Float32Array[] = [];
    v.sent = sent;
    const heldOut = toyInputs(v, 200, 2).map((e) => ({ ...e, targetLabel: e.y }));
    const { run } = await runAttack("jacobian-augmentation", v, {
      seed: 3,
      budget: 20 + 20 + 40 + 30,
      inputs: toyInputs(v, 100, 1),
      heldOut,
      params: { seedSize: 20, rounds: 5, lambda: 0.1, hidden: [16], epochsPerRound: 3 },
    });
    expect(run.state).toBe("succeeded");
    // 20 seeds, +20, +40, then only 30 left of the budget: a random subset of 30 is augmented
    // (points whose step would not move them are skipped, so at most that many).
    expect(run.metrics.trainingSetSize).toBeGreaterThan(80);
    expect(run.metrics.trainingSetSize).toBeLessThanOrEqual(110);
    expect(run.metrics.queries).toBe(run.metrics.trainingSetSize);
    expect(run.metrics.evaluationQueries).toBe(0);
    for (let i = 20; i < sent.length; i++) {
      const nearest = Math.min(...sent.slice(0, i).map((p) => linfDistance(p, sent[i]!)));
      expect(nearest).toBeGreaterThan(0);
      expect(nearest).toBeLessThanOrEqual(0.1 + 1e-6);
    }
  });
});
