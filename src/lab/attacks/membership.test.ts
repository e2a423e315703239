// Membership inference end to end over real HTTP on 127.0.0.1 against the tiny overfit and
// regularised demo victims (same data, same members): metrics in the expected direction, the
// overfit victim leaks more, the budget holds (counted by the server), same seed → same result,
// and attacks refuse targets or data that cannot support them.
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Invalid, Unsupported } from "../../contracts/errors.js";
import type { OutputKind } from "../../contracts/lab.js";
import { type DemoServer, startDemoServer } from "../../targets/demo-server.js";
import { createHttpTarget } from "../../targets/http.js";
import { loadVictim, type Victim } from "../../targets/victims/index.js";
import type { LabExample } from "../attack.js";
import { datasetExamples, membershipCandidates } from "../records.js";
import { runAttack } from "../run.js";
import type { Target } from "../target.js";
import { normalCdf } from "./lira-stats.js";

const DATA_DIR = join(tmpdir(), "mlsa-membership-test-cache");
const SHADOW = { hidden: [32], epochs: 20, batchSize: 30 };

let overfit: Victim;
let regularized: Victim;
const servers: DemoServer[] = [];

beforeAll(async () => {
  overfit = await loadVictim("digits-overfit", { tiny: true, seed: 1, dataDir: DATA_DIR });
  regularized = await loadVictim("digits-regularized", { tiny: true, seed: 1, dataDir: DATA_DIR });
}, 120_000);
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function serve(
  victim: Victim,
  output: OutputKind = "probs",
): Promise<{ server: DemoServer; target: Target }> {
  const server = await startDemoServer({ victim, output });
  servers.push(server);
  return { server, target: createHttpTarget(server.targetConfig) };
}

/** 100 members (the training split) and 200 non-members (the held-out split), interleaved. */
const candidates = (v: Victim): LabExample[] =>
  membershipCandidates(v.splits.train, v.splits.test, { seed: 3 });
const reference = (v: Victim): LabExample[] => datasetExamples(v.splits.rest, 600);

interface Case {
  id: string;
  params: Record<string, unknown>;
  perRecord: number;
  minAuc: number;
  reference?: boolean;
}

const cases: Case[] = [
  { id: "membership-threshold", params: {}, perRecord: 1, minAuc: 0.7 },
  { id: "membership-label-only", params: { maxShift: 1 }, perRecord: 5, minAuc: 0.65 },
  {
    id: "membership-shadow",
    params: { ...SHADOW, shadowModels: 2, shadowTrainSize: 100, attackEpochs: 20 },
    perRecord: 1,
    minAuc: 0.7,
    reference: true,
  },
  {
    id: "membership-lira",
    params: { ...SHADOW, shadowModels: 6, shadowTrainSize: 100 },
    perRecord: 1,
    minAuc: 0.7,
    reference: true,
  },
];

describe.each(cases)("$id over HTTP", (c) => {
  const options = (v: Victim, budget: number) => ({
    seed: 5,
    budget,
    inputs: candidates(v),
    params: c.params,
    ...(c.reference ? { reference: reference(v) } : {}),
  });

  it("separates members from non-members, within budget, reproducibly", async () => {
    const { server, target } = await serve(overfit);
    const budget = 300 * c.perRecord;
    const a = await runAttack(c.id, target, options(overfit, budget));
    expect(a.run.error).toBeUndefined();
    const m = a.run.metrics;
    expect(m.members).toBe(100);
    expect(m.nonMembers).toBe(200);
    expect(m.auc).toBeGreaterThan(c.minAuc);
    expect(m.bestBalancedAccuracy).toBeGreaterThan(0.6);
    expect(m.tprAt1PctFpr).toBeGreaterThanOrEqual(m.tprAt01PctFpr!);
    expect(a.run.queriesUsed).toBe(300 * c.perRecord);
    expect(server.stats().inputs).toBe(a.run.queriesUsed);
    // The ROC comes back as points for a log-FPR chart.
    const roc = a.run.examples[0]!.values!;
    expect(roc.fpr!.length).toBe(roc.tpr!.length);
    expect(roc.fpr!.at(-1)).toBe(1);
    const b = await runAttack(c.id, target, options(overfit, budget));
    expect(b.run.metrics).toEqual(a.run.metrics);
  }, 60_000);

  it("scores only what a tight budget allows and never sends more", async () => {
    const { server, target } = await serve(overfit);
    const budget = 40 * c.perRecord + c.perRecord - 1;
    const r = await runAttack(c.id, target, options(overfit, budget));
    expect(r.run.state).toBe("succeeded");
    expect(r.run.metrics.candidates).toBe(40);
    expect(r.run.metrics.members! + r.run.metrics.nonMembers!).toBe(40);
    expect(server.stats().inputs).toBe(40 * c.perRecord);
    expect(r.run.queriesUsed).toBeLessThanOrEqual(budget);
  }, 60_000);
});

describe("overfit vs regularised victim (same data, same members)", () => {
  it("the overfit victim leaks clearly more to the loss-threshold attack and to LiRA", async () => {
    const auc = async (v: Victim, id: string, params: Record<string, unknown>) => {
      const { target } = await serve(v);
      const r = await runAttack(id, target, {
        seed: 5,
        budget: 300,
        inputs: candidates(v),
        reference: reference(v),
        params,
      });
      return r.run.metrics.auc!;
    };
    const threshold = [
      await auc(overfit, "membership-threshold", {}),
      await auc(regularized, "membership-threshold", {}),
    ];
    expect(threshold[0]! - threshold[1]!).toBeGreaterThan(0.05);
    const lira = { ...SHADOW, shadowModels: 6, shadowTrainSize: 100 };
    const liraAuc = [
      await auc(overfit, "membership-lira", lira),
      await auc(regularized, "membership-lira", lira),
    ];
    expect(liraAuc[0]! - liraAuc[1]!).toBeGreaterThan(0.05);
  }, 60_000);
});

describe("refusals", () => {
  it("refuses score-based attacks against a label-only API, before sending anything", async () => {
    const { server, target } = await serve(overfit, "label");
    for (const id of ["membership-threshold", "membership-shadow", "membership-lira"]) {
      await expect(
        runAttack(id, target, {
          seed: 1,
          budget: 100,
          inputs: candidates(overfit),
          reference: reference(overfit),
        }),
      ).rejects.toThrow(Unsupported);
    }
    expect(server.stats().requests).toBe(0);
  });

  it("refuses shadow attacks without reference data, and fails clearly without member labels", async () => {
    const { server, target } = await serve(overfit);
    await expect(
      runAttack("membership-lira", target, { seed: 1, budget: 100, inputs: candidates(overfit) }),
    ).rejects.toThrow(Invalid);
    const unlabeled = datasetExamples(overfit.splits.test, 20);
    const r = await runAttack("membership-threshold", target, { seed: 1, budget: 100, inputs: unlabeled });
    expect(r.run.state).toBe("failed");
    expect(r.run.error).toMatch(/member flag/);
    const oneSided = candidates(overfit).filter((e) => e.member);
    const s = await runAttack("membership-threshold", target, { seed: 1, budget: 100, inputs: oneSided });
    expect(s.run.error).toMatch(/both members and non-members/);
    expect(server.stats().requests).toBe(0);
  });

  it("stops LiRA while it trains its reference models, having sent nothing", async () => {
    const { server, target } = await serve(overfit);
    const controller = new AbortController();
    const r = await runAttack("membership-lira", target, {
      seed: 1,
      budget: 300,
      inputs: candidates(overfit),
      reference: reference(overfit),
      params: { ...SHADOW, shadowModels: 6, shadowTrainSize: 100 },
      signal: controller.signal,
      onProgress: (_f, message) => {
        if (message.includes("shadow model 2")) controller.abort();
      },
    });
    expect(r.run.state).toBe("cancelled");
    expect(server.stats().requests).toBe(0);
  });
});

describe("normalCdf", () => {
  it("matches known values of Φ", () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-1)).toBeCloseTo(0.158655, 6);
    expect(normalCdf(Number.POSITIVE_INFINITY)).toBe(1);
  });
});
