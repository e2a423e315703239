// One contract suite run against every attack on small in-process victims: it works, it never
// exceeds the budget, the same seed gives the same result, and an abort stops within one batch.
import { describe, expect, it } from "vitest";
import type { LabExample } from "../attack.js";
import { listAttacks } from "../registry.js";
import { runAttack } from "../run.js";
import { linearVictim, mlpVictim, randomLinear, type ToyVictim, toyInputs } from "../toy-victims.js";

interface Case {
  id: string;
  victim: () => ToyVictim;
  inputs: (v: ToyVictim) => LabExample[];
  heldOut?: (v: ToyVictim) => LabExample[];
  params: Record<string, unknown>;
  budget: number;
  /** A budget too small to finish, to check the hard stop. */
  tightBudget: number;
  succeeded: (metrics: Record<string, number>) => void;
}

const image = { inputShape: [8, 8, 1] };
const surrogateParams = { hidden: [32], epochs: 8, evaluationSize: 200 };

const cases: Case[] = [
  {
    id: "hop-skip-jump",
    victim: () => mlpVictim(1, 64, 32, 4, { ...image, output: "label" }),
    inputs: (v) => toyInputs(v, 3, 1),
    params: {},
    budget: 1500,
    tightBudget: 40,
    succeeded: (m) => {
      expect(m.successRate).toBe(1);
      expect(m.medianL2).toBeLessThan(1.5);
    },
  },
  {
    id: "square",
    victim: () => mlpVictim(1, 64, 32, 4, { ...image, output: "probs" }),
    inputs: (v) => toyInputs(v, 10, 2),
    params: { epsilon: 0.1, queriesPerExample: 300 },
    budget: 3010,
    tightBudget: 25,
    succeeded: (m) => {
      expect(m.successRate).toBeGreaterThanOrEqual(0.9);
      expect(m.medianLinf).toBeLessThanOrEqual(0.1 + 1e-6);
    },
  },
  {
    id: "equation-solving",
    victim: () => linearVictim(randomLinear(3, 12, 1)),
    inputs: () => [],
    heldOut: (v) => toyInputs(v, 100, 3),
    params: {},
    budget: 200,
    tightBudget: 13,
    succeeded: (m) => {
      expect(m.queries).toBe(13);
      expect(m.agreement).toBe(1);
    },
  },
  {
    id: "knockoff",
    victim: () => linearVictim(randomLinear(4, 16, 3, 3)),
    inputs: (v) => toyInputs(v, 600, 4),
    heldOut: (v) => toyInputs(v, 200, 5),
    params: surrogateParams,
    budget: 700,
    tightBudget: 250,
    succeeded: (m) => {
      expect(m.queries).toBe(500);
      expect(m.agreement).toBeGreaterThan(0.85);
    },
  },
  {
    id: "jacobian-augmentation",
    victim: () => linearVictim(randomLinear(4, 16, 3, 3), { output: "label" }),
    inputs: (v) => toyInputs(v, 300, 6),
    heldOut: (v) => toyInputs(v, 200, 7),
    params: { hidden: [32], epochsPerRound: 5, evaluationSize: 200, seedSize: 60, rounds: 4 },
    budget: 700,
    tightBudget: 250,
    succeeded: (m) => {
      // 60 seeds doubled three times would be 480; points already labelled are not asked again.
      expect(m.queries).toBeGreaterThan(400);
      expect(m.queries).toBeLessThanOrEqual(480);
      expect(m.agreement).toBeGreaterThan(0.7);
    },
  },
];

it("covers the evasion and extraction attacks of the registry", () => {
  const ids = listAttacks()
    .filter((a) => a.family === "evasion" || a.family === "extraction")
    .map((a) => a.id);
  expect(cases.map((c) => c.id).sort()).toEqual(ids.sort());
});

describe.each(cases)("$id", (c) => {
  const run = (victim: ToyVictim, over: { budget?: number; seed?: number; signal?: AbortSignal } = {}) =>
    runAttack(c.id, victim, {
      seed: over.seed ?? 7,
      budget: over.budget ?? c.budget,
      inputs: c.inputs(victim),
      heldOut: c.heldOut?.(victim),
      params: c.params,
      signal: over.signal,
    });

  it("succeeds on a small victim within its budget, and the same seed gives the same result", async () => {
    const first = c.victim();
    const a = await run(first);
    expect(a.run.error).toBeUndefined();
    expect(a.run.state).toBe("succeeded");
    c.succeeded(a.run.metrics);
    expect(a.run.queriesUsed).toBeLessThanOrEqual(c.budget);
    expect(first.inputsSeen).toBe(a.run.queriesUsed);
    const b = await run(c.victim());
    expect(b.run.metrics).toEqual(a.run.metrics);
    expect(b.run.examples).toEqual(a.run.examples);
  });

  it("never sends one query over a tight budget", async () => {
    const victim = c.victim();
    const r = await run(victim, { budget: c.tightBudget });
    expect(victim.inputsSeen).toBeLessThanOrEqual(c.tightBudget);
    expect(r.run.queriesUsed).toBe(victim.inputsSeen);
  });

  it("stops within one batch when aborted", async () => {
    const victim = c.victim();
    const controller = new AbortController();
    victim.onCall = (call) => {
      if (call === 2) controller.abort();
    };
    const r = await run(victim, { signal: controller.signal });
    expect(r.run.state).toBe("cancelled");
    expect(victim.calls).toBe(2);
  });
});
