// Attack lab II benchmarks: membership inference on the overfit (and regularised) digits victims
// served over loopback HTTP, attribute inference on the tabular victim, the API probes; then the
// poisoning benchmarks from bench/poisoning.ts when that module exists.
import { existsSync } from "node:fs";
import type { LabExample } from "../src/lab/attack.js";
import { datasetExamples, membershipCandidates } from "../src/lab/records.js";
import { runAttack } from "../src/lab/run.js";
import { type DemoServer, startDemoServer } from "../src/targets/demo-server.js";
import { createHttpTarget } from "../src/targets/http.js";
import { createHttpProbe } from "../src/targets/http-probe.js";
import { loadVictim, type Victim } from "../src/targets/victims/index.js";
import type { BenchRow } from "./types.js";

const SEED = 1;
const log = (msg: string) => process.stderr.write(`  lab2: ${msg}\n`);
const pct = (v: number | undefined) => (v === undefined ? "n/a" : `${(v * 100).toFixed(2)} %`);

/** The overfit victim's recipe, which the shadow / reference models copy (the paper's assumption). */
const OVERFIT_RECIPE = { hidden: [256], epochs: 60, batchSize: 30, learningRate: 1e-3, shadowTrainSize: 300 };

/** Membership and attribute inference plus the probes; one row per figure. */
export async function benchInference(): Promise<BenchRow[]> {
  const out: BenchRow[] = [];
  const servers: DemoServer[] = [];
  const serve = async (victim: Victim) => {
    const s = await startDemoServer({ victim, output: "probs" });
    servers.push(s);
    return { server: s, target: createHttpTarget(s.targetConfig) };
  };
  try {
    const overfit = await loadVictim("digits-overfit", { seed: SEED });
    const regularized = await loadVictim("digits-regularized", { seed: SEED });
    for (const v of [overfit, regularized]) {
      const gap = v.metrics.trainAccuracy - v.metrics.testAccuracy;
      out.push({ group: `membership: ${v.name}`, metric: "train − test accuracy gap", value: gap });
    }
    const attacks: Array<{
      id: string;
      /** Prefix of the rows' metric names (default: the id). */
      label?: string;
      params: Record<string, unknown>;
      perRecord: number;
      victims: Victim[];
    }> = [
      { id: "membership-threshold", params: {}, perRecord: 1, victims: [overfit, regularized] },
      {
        id: "membership-label-only",
        params: { perturbation: "translate", maxShift: 1 },
        perRecord: 5,
        victims: [overfit, regularized],
      },
      {
        id: "membership-shadow",
        params: { ...OVERFIT_RECIPE, shadowModels: 4 },
        perRecord: 1,
        victims: [overfit],
      },
      {
        id: "membership-lira",
        params: { ...OVERFIT_RECIPE, shadowModels: 16, fixedVariance: true },
        perRecord: 1,
        victims: [overfit],
      },
      {
        id: "membership-lira",
        label: "membership-lira online",
        params: { ...OVERFIT_RECIPE, shadowModels: 16, fixedVariance: true, variant: "online" },
        perRecord: 1,
        victims: [overfit],
      },
    ];
    const results = new Map<string, Record<string, number>>();
    for (const a of attacks) {
      const label = a.label ?? a.id;
      for (const v of a.victims) {
        const inputs: LabExample[] = membershipCandidates(v.splits.train, v.splits.test, { seed: SEED });
        const { server, target } = await serve(v);
        const started = performance.now();
        const r = await runAttack(a.id, target, {
          seed: SEED,
          budget: inputs.length * a.perRecord,
          inputs,
          reference: datasetExamples(v.splits.rest),
          params: a.params,
        });
        const secs = (performance.now() - started) / 1000;
        if (r.run.state !== "succeeded") throw new Error(`${label} on ${v.name}: ${r.run.error}`);
        const m = r.run.metrics;
        results.set(`${label}:${v.name}`, m);
        log(
          `${label} on ${v.name}: AUC ${m.auc?.toFixed(3)}, TPR@1% ${pct(m.tprAt1PctFpr)}, TPR@0.1% ${pct(m.tprAt01PctFpr)} (${secs.toFixed(0)} s)`,
        );
        const group = `membership: ${v.name}`;
        const isOverfitThreshold = a.id === "membership-threshold" && v === overfit;
        out.push(
          {
            group,
            metric: `${label} AUC`,
            value: m.auc!,
            ...(isOverfitThreshold ? { target: "≥ 0.7" } : {}),
          },
          { group, metric: `${label} TPR at 1 % FPR`, value: m.tprAt1PctFpr! },
          { group, metric: `${label} TPR at 0.1 % FPR`, value: m.tprAt01PctFpr! },
          { group, metric: `${label} best balanced accuracy`, value: m.bestBalancedAccuracy! },
          { group, metric: `${label} queries (server-counted inputs)`, value: server.stats().inputs },
          { group, metric: `${label} wall time (s)`, value: secs },
        );
      }
    }
    const threshold = results.get(`membership-threshold:${overfit.name}`)!;
    const lira = results.get(`membership-lira:${overfit.name}`)!;
    const liraRow = out.find(
      (r) => r.group === `membership: ${overfit.name}` && r.metric === "membership-lira TPR at 0.1 % FPR",
    );
    if (liraRow) liraRow.target = `> threshold's ${pct(threshold.tprAt01PctFpr)}`;
    const online = results.get(`membership-lira online:${overfit.name}`)!;
    for (const [metric, value] of [
      ["TPR at 1 % FPR", lira.tprAt1PctFpr!],
      ["TPR at 0.1 % FPR", lira.tprAt01PctFpr!],
    ] as const) {
      const row = out.find(
        (r) => r.group === `membership: ${overfit.name}` && r.metric === `membership-lira online ${metric}`,
      );
      if (row) row.target = `> offline's ${pct(value)}`;
    }
    out.push({
      group: `membership: ${overfit.name}`,
      metric: "membership-lira online: shadow models per candidate IN (of 16)",
      value: online.inModelsPerCandidate!,
    });
    out.push({
      group: `membership: ${overfit.name}`,
      metric: "LiRA / threshold TPR ratio at 0.1 % FPR",
      value:
        threshold.tprAt01PctFpr! > 0
          ? lira.tprAt01PctFpr! / threshold.tprAt01PctFpr!
          : Number.POSITIVE_INFINITY,
    });

    // Attribute inference: hide petal width of the iris records, knowing the rest and the label.
    const iris = await loadVictim("tabular-logreg", { seed: SEED });
    const { target: irisTarget } = await serve(iris);
    const records = membershipCandidates(iris.splits.train, iris.splits.test, { seed: SEED });
    const attr = await runAttack("attribute-inference", irisTarget, {
      seed: SEED,
      budget: records.length * 5,
      inputs: records,
      params: { attribute: "petal_width_cm", bins: 5 },
    });
    const am = attr.run.metrics;
    log(`attribute inference: ${attr.run.summary}`);
    out.push(
      {
        group: "attribute inference: tabular-logreg",
        metric: "accuracy (petal width, 5 bins)",
        value: am.accuracy!,
      },
      {
        group: "attribute inference: tabular-logreg",
        metric: "baseline (marginal mode)",
        value: am.baselineAccuracy!,
      },
      {
        group: "attribute inference: tabular-logreg",
        metric: "advantage (points)",
        value: 100 * am.advantage!,
        target: "> 0",
      },
    );

    // Probes: the whole suite against the overfit victim's API, with a rate limit to find.
    const limited = await startDemoServer({
      victim: overfit,
      output: "probs",
      rateLimit: { perSecond: 50, burst: 50 },
    });
    servers.push(limited);
    const started = performance.now();
    let queries = 0;
    for (const id of ["probe-output", "probe-determinism", "probe-input-handling", "probe-rate-limit"]) {
      const r = await runAttack(id, createHttpTarget(limited.targetConfig), {
        seed: SEED,
        budget: 300,
        raw: createHttpProbe(limited.targetConfig),
      });
      queries += r.run.queriesUsed;
      log(`${id}: ${r.run.summary}`);
    }
    out.push(
      { group: "probes: digits-overfit API", metric: "queries for all four probes", value: queries },
      {
        group: "probes: digits-overfit API",
        metric: "wall time (s)",
        value: (performance.now() - started) / 1000,
      },
    );
  } finally {
    await Promise.all(servers.map((s) => s.close()));
  }
  return out;
}

/** Everything attack lab II measures (`npm run bench` calls this). */
export async function benchLab2(): Promise<BenchRow[]> {
  const rows = await benchInference();
  if (existsSync(new URL("./poisoning.ts", import.meta.url))) {
    const mod = (await import("./poisoning.js")) as { benchPoisoning?: () => Promise<BenchRow[]> };
    if (mod.benchPoisoning) rows.push(...(await mod.benchPoisoning()));
  }
  return rows;
}
