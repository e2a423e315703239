// LiRA's online variant against the tiny overfit demo victim, in process, as an ONNX file and over
// real HTTP on 127.0.0.1: it separates members, beats the offline variant, spends exactly its budget,
// repeats for a seed, and never lets the hidden member labels reach its shadow models or its scores.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Invalid } from "../../contracts/errors.js";
import { startDemoServer } from "../../targets/demo-server.js";
import { createHttpTarget } from "../../targets/http.js";
import { createOnnxTarget } from "../../targets/onnx.js";
import { loadVictim, type Victim } from "../../targets/victims/index.js";
import type { LabExample } from "../attack.js";
import { datasetExamples, membershipCandidates } from "../records.js";
import { describeAttack, getAttack } from "../registry.js";
import { createRng } from "../rng.js";
import { type RunOptions, runAttack } from "../run.js";
import type { Target } from "../target.js";
import { onlineDesign } from "./membership-lira-online.js";

const DATA_DIR = join(tmpdir(), "mlsa-membership-test-cache");
/** The tiny victim's own recipe (hidden [64], 20 epochs, 100 training records): the paper's threat model. */
const RECIPE = { hidden: [64], epochs: 20, batchSize: 30, shadowTrainSize: 100, shadowModels: 6 };
const ONLINE = { ...RECIPE, variant: "online" };

let victim: Victim;
let onnxDir: string;
const closers: Array<() => Promise<void>> = [];

beforeAll(async () => {
  victim = await loadVictim("digits-overfit", { tiny: true, seed: 1, dataDir: DATA_DIR });
  onnxDir = await mkdtemp(join(tmpdir(), "mlsa-lira-online-"));
}, 120_000);
afterAll(async () => {
  await Promise.all(closers.map((close) => close()));
  await rm(onnxDir, { recursive: true, force: true });
});

/** 100 members and 200 non-members, interleaved (the same as membership.test.ts). */
const candidates = (): LabExample[] =>
  membershipCandidates(victim.splits.train, victim.splits.test, { seed: 3 });
const run = (target: Target, options: Partial<RunOptions> & { budget: number }) =>
  runAttack("membership-lira", target, {
    seed: 5,
    inputs: candidates(),
    reference: datasetExamples(victim.splits.rest, 600),
    params: ONLINE,
    ...options,
  });

/** A target that counts every input it is asked to predict. */
function counting(target: Target): { target: Target; sent: () => number } {
  let sent = 0;
  return {
    target: {
      info: target.info,
      predict: (inputs, signal) => {
        sent += inputs.length;
        return target.predict(inputs, signal);
      },
    },
    sent: () => sent,
  };
}

const kinds: Record<"in-process" | "onnx" | "http", () => Promise<Target>> = {
  "in-process": async () => victim.target("probs"),
  onnx: async () => {
    const path = join(onnxDir, "digits-overfit.onnx");
    await victim.exportOnnx(path);
    const target = await createOnnxTarget({ path, output: "probs", inputShape: [28, 28, 1] });
    if (target.close) closers.push(() => target.close!());
    return target;
  },
  http: async () => {
    const server = await startDemoServer({ victim, output: "probs" });
    closers.push(() => server.close());
    return createHttpTarget(server.targetConfig);
  },
};

describe.each(Object.keys(kinds) as Array<keyof typeof kinds>)("online LiRA, %s target", (kind) => {
  it("separates members clearly, spends exactly one query per candidate, repeats for a seed", async () => {
    const { target, sent } = counting(await kinds[kind]());
    const a = await run(target, { budget: 300 });
    expect(a.run.error).toBeUndefined();
    const m = a.run.metrics;
    expect([m.members, m.nonMembers, m.inModelsPerCandidate, m.shadowTrainSize]).toEqual([100, 200, 2, 100]);
    // Measured (seeds 5–7, in process): AUC 0.894–0.907, TPR at 1 % FPR 0.23–0.35.
    expect(m.auc).toBeGreaterThan(0.85);
    expect(m.tprAt1PctFpr).toBeGreaterThan(0.15);
    expect(m.bestBalancedAccuracy).toBeGreaterThan(0.75);
    expect(a.run.summary).toMatch(/^LiRA \(online\) \(likelihood ratio of IN and OUT Gaussians/);
    expect(a.run.queriesUsed).toBe(300);
    expect(sent()).toBe(300);
    const b = await run(target, { budget: 300 });
    expect(b.run.metrics).toEqual(a.run.metrics);
    expect(b.run.examples).toEqual(a.run.examples);
  }, 30_000);

  it("scores only what a tight budget allows and never sends more", async () => {
    const { target, sent } = counting(await kinds[kind]());
    const r = await run(target, { budget: 40 });
    expect(r.run.state).toBe("succeeded");
    expect(r.run.metrics.candidates).toBe(40);
    expect(r.run.metrics.inModelsPerCandidate).toBe(3);
    expect(sent()).toBe(40);
    expect(r.run.queriesUsed).toBe(40);
  }, 30_000);
});

describe("online vs offline, and the hidden labels", () => {
  it("beats the offline variant with the same models on the overfit victim", async () => {
    const target = victim.target("probs");
    const online = (await run(target, { budget: 300 })).run.metrics;
    const offline = (await run(target, { budget: 300, params: RECIPE })).run.metrics;
    // Measured (seed 5): online AUC 0.899, TPR at 1 % FPR 0.23; offline 0.835 and 0.12.
    expect(online.auc! - offline.auc!).toBeGreaterThan(0.03);
    expect(online.tprAt1PctFpr!).toBeGreaterThan(offline.tprAt1PctFpr!);
  }, 30_000);

  it("gives the same scores whatever the member labels say (they only score the result)", async () => {
    const target = victim.target("probs");
    const truth = candidates();
    const labels = createRng(99).shuffle(truth.map((c) => c.member));
    const shuffled = truth.map((c, i) => ({ ...c, member: labels[i]! }));
    expect(shuffled.some((c, i) => c.member !== truth[i]!.member)).toBe(true);
    const a = (await run(target, { budget: 300, inputs: truth })).run;
    const b = (await run(target, { budget: 300, inputs: shuffled })).run;
    // The shadow models saw the same records: their fitted spreads agree to the last bit.
    for (const key of ["pooledInStd", "pooledOutStd", "inModelsPerCandidate", "queries"]) {
      expect(b.metrics[key]).toBe(a.metrics[key]);
    }
    // The most exposed records and their scores are the same; only the verdict printed beside them moves.
    const exposed = (r: typeof a) =>
      r.examples.slice(1).map((e) => [e.label.replace(/: .*$/, ""), e.images?.record]);
    expect(exposed(b)).toEqual(exposed(a));
    // Against shuffled labels the same scores are as good as chance.
    expect(a.metrics.auc).toBeGreaterThan(0.85);
    expect(Math.abs(b.metrics.auc! - 0.5)).toBeLessThan(0.1);
  }, 30_000);

  it("stops while it trains its shadow models, having sent nothing", async () => {
    const { target, sent } = counting(victim.target("probs"));
    const controller = new AbortController();
    const r = await run(target, {
      budget: 300,
      signal: controller.signal,
      onProgress: (_f, message) => {
        if (message.includes("shadow model 2")) controller.abort();
      },
    });
    expect(r.run.state).toBe("cancelled");
    expect(sent()).toBe(0);
  }, 30_000);
});

describe("parameters", () => {
  it("lists variant with its default, offline (stored runs keep their meaning)", () => {
    const listing = describeAttack(getAttack("membership-lira"));
    expect(listing.defaults.variant).toBe("offline");
    expect(listing.description).toMatch(/variant=online/);
  });

  it("refuses a bad variant, and online with fewer than 4 models, naming the field and sending nothing", async () => {
    const { target, sent } = counting(victim.target("probs"));
    const issuesOf = async (params: Record<string, unknown>) => {
      const error = await run(target, { budget: 300, params }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Invalid);
      return (error as Invalid).issues.map((i) => i.path);
    };
    expect(await issuesOf({ ...RECIPE, variant: "both" })).toEqual(["params.variant"]);
    expect(await issuesOf({ ...RECIPE, variant: "online", shadowModels: 3 })).toEqual([
      "params.shadowModels",
    ]);
    expect(sent()).toBe(0);
  });

  it("fails a run whose shadow sets cannot hold every candidate twice, before any query", async () => {
    const { target, sent } = counting(victim.target("probs"));
    const r = await run(target, { budget: 300, params: { ...ONLINE, shadowTrainSize: 50 } });
    expect(r.run.state).toBe("failed");
    expect(r.run.error).toMatch(/300 candidates need shadowModels × shadowTrainSize ≥ 600, got 6 × 50/);
    expect(sent()).toBe(0);
  });
});

describe("onlineDesign", () => {
  const countIn = (sets: number[][], candidates: number) => {
    const counts = new Array<number>(candidates).fill(0);
    for (const set of sets) for (const i of set) if (i < candidates) counts[i]!++;
    return counts;
  };

  it("puts every candidate into half of the sets when they have room, and fills them from the reference", () => {
    const d = onlineDesign({ candidates: 40, reference: 600, models: 6, size: 100, seed: "1" });
    expect(d.inModels).toBe(3);
    expect(countIn(d.trainSets, 40).every((c) => c === 3)).toBe(true);
    for (const set of d.trainSets) {
      expect(set.length).toBe(100);
      expect(new Set(set).size).toBe(100);
      expect(set.filter((i) => i < 40).length).toBe(20);
      expect(set.every((i) => i >= 0 && i < 640)).toBe(true);
    }
    expect(onlineDesign({ candidates: 40, reference: 600, models: 6, size: 100, seed: "1" })).toEqual(d);
    expect(onlineDesign({ candidates: 40, reference: 600, models: 6, size: 100, seed: "2" })).not.toEqual(d);
  });

  it("uses fewer IN models when the sets are small, keeping the candidates level across sets", () => {
    const d = onlineDesign({ candidates: 301, reference: 50, models: 8, size: 100, seed: "1" });
    expect(d.inModels).toBe(2);
    expect(countIn(d.trainSets, 301).every((c) => c === 2)).toBe(true);
    const loads = d.trainSets.map((s) => s.filter((i) => i < 301).length);
    expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(1);
    expect(d.trainSets.every((s) => s.length === 100)).toBe(true);
  });

  it("refuses designs it cannot build, naming the parameter", () => {
    const pathsOf = (o: Parameters<typeof onlineDesign>[0]) => {
      try {
        onlineDesign(o);
      } catch (e) {
        expect(e).toBeInstanceOf(Invalid);
        return (e as Invalid).issues.map((i) => i.path);
      }
      throw new Error("expected Invalid");
    };
    const base = { candidates: 300, reference: 600, models: 6, size: 100, seed: "1" };
    expect(pathsOf({ ...base, models: 3 })).toEqual(["params.shadowModels"]);
    expect(pathsOf({ ...base, size: 50 })).toEqual(["params.shadowModels", "params.shadowTrainSize"]);
    expect(pathsOf({ ...base, candidates: 40, reference: 10 })).toEqual(["params.shadowTrainSize"]);
  });
});
