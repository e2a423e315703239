// Attribute inference end to end over HTTP against the tabular demo victim (iris, logistic
// regression): hiding a petal measurement, the attack beats guessing the marginal's mode.
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DemoServer, startDemoServer } from "../../targets/demo-server.js";
import { createHttpTarget } from "../../targets/http.js";
import { loadVictim, type Victim } from "../../targets/victims/index.js";
import { membershipCandidates } from "../records.js";
import { runAttack } from "../run.js";
import { attributeDomain } from "./attribute-inference.js";

let iris: Victim;
const servers: DemoServer[] = [];
beforeAll(async () => {
  iris = await loadVictim("tabular-logreg", {
    tiny: true,
    seed: 7,
    dataDir: join(tmpdir(), "mlsa-attribute-test-cache"),
  });
}, 60_000);
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function serve(output: "label" | "probs") {
  const server = await startDemoServer({ victim: iris, output });
  servers.push(server);
  return { server, target: createHttpTarget(server.targetConfig) };
}

const records = () => membershipCandidates(iris.splits.train, iris.splits.test, { seed: 2 });

describe("attribute inference over HTTP", () => {
  it.each(["probs", "label"] as const)(
    "beats the marginal baseline with %s outputs, within budget",
    async (output) => {
      const { server, target } = await serve(output);
      const r = await runAttack("attribute-inference", target, {
        seed: 1,
        budget: 150 * 5,
        inputs: records(),
        params: { attribute: "petal_width_cm", bins: 5 },
      });
      expect(r.run.error).toBeUndefined();
      const m = r.run.metrics;
      expect(m.records).toBe(150);
      expect(m.candidateValues).toBe(5);
      expect(m.advantage).toBeGreaterThan(0.1);
      expect(m.accuracy).toBeGreaterThan(m.baselineAccuracy!);
      expect(m.accuracyMembers).toBeGreaterThan(0);
      expect(m.usedScores).toBe(output === "probs" ? 1 : 0);
      expect(server.stats().inputs).toBe(r.run.queriesUsed);
      expect(r.run.queriesUsed).toBe(750);
      expect(r.run.summary).toMatch(/petal_width_cm/);
    },
  );

  it("attacks only as many records as the budget covers", async () => {
    const { server, target } = await serve("probs");
    const r = await runAttack("attribute-inference", target, {
      seed: 1,
      budget: 52,
      inputs: records(),
      params: { attribute: 3 },
    });
    expect(r.run.metrics.records).toBe(10);
    expect(server.stats().inputs).toBe(50);
  });

  it("fails clearly on an unknown attribute", async () => {
    const { server, target } = await serve("probs");
    const r = await runAttack("attribute-inference", target, {
      seed: 1,
      budget: 100,
      inputs: records(),
      params: { attribute: "income" },
    });
    expect(r.run.state).toBe("failed");
    expect(r.run.error).toMatch(/"income" is not a feature.*petal_width_cm/);
    expect(server.stats().requests).toBe(0);
  });
});

describe("attributeDomain", () => {
  it("keeps few distinct values as they are, with their frequencies as prior", () => {
    const d = attributeDomain([0, 1, 1, 1, 2], { maxDistinct: 10, bins: 5 });
    expect(d.values).toEqual([0, 1, 2]);
    expect(d.prior).toEqual([0.2, 0.6, 0.2]);
    expect(d.classify(1.2)).toBe(1);
  });

  it("cuts a continuous marginal into quantile bins of equal prior", () => {
    const sample = Array.from({ length: 100 }, (_, i) => i / 10);
    const d = attributeDomain(sample, { maxDistinct: 10, bins: 4 });
    expect(d.values).toHaveLength(4);
    expect(d.prior).toEqual([0.25, 0.25, 0.25, 0.25]);
    expect(d.classify(0)).toBe(0);
    expect(d.classify(9.9)).toBe(3);
    expect(d.values.every((v, i) => d.classify(v) === i)).toBe(true);
  });

  it("uses given candidate values with the nearest-value prior", () => {
    const d = attributeDomain([0.1, 0.2, 0.9], { values: [0, 1], maxDistinct: 10, bins: 5 });
    expect(d.prior[0]).toBeCloseTo(2 / 3, 12);
    expect(d.classify(0.8)).toBe(1);
  });
});
