// Attack lab II, poisoning part: BadNets backdoor and label flipping (random, targeted) on the
// bundled digits, swept over poison rates with mlsa's trainer; one shared unpoisoned baseline.
import { loadDigits, splitDataset } from "../src/lab/datasets.js";
import { type PoisoningOutcome, runPoisoning } from "../src/lab/poisoning/run.js";
import { createMlsaTrainer } from "../src/lab/poisoning/trainer.js";
import type { BenchRow } from "./types.js";

const SEED = 1;
const BACKDOOR_RATES = [0.005, 0.01, 0.02, 0.05, 0.1];
const TARGETED_RATES = [0.005, 0.01, 0.02, 0.05, 0.1];
// Random flips barely move a network below 10 %; the curve goes further to show where it bends.
const RANDOM_RATES = [0.01, 0.05, 0.1, 0.2, 0.4];

const pct = (r: number) => `${Number((r * 100).toFixed(2))}%`;
const points = (v: number) => Number((v * 100).toFixed(2));

export async function benchPoisoning(): Promise<BenchRow[]> {
  const log = (msg: string) => process.stderr.write(`  poisoning: ${msg}\n`);
  const started = performance.now();
  const { train, test } = splitDataset(loadDigits(), { train: 8000, test: 2000 }, SEED);
  const trainer = createMlsaTrainer({ hidden: [128], epochs: 5, batchSize: 64, learningRate: 0.001 });
  const signal = new AbortController().signal;
  const t0 = performance.now();
  const baseline = await trainer.train(train, { seed: SEED, signal });
  const trainSeconds = (performance.now() - t0) / 1000;
  log(`baseline trained in ${trainSeconds.toFixed(1)} s`);
  const sweep = async (attack: string, params: Record<string, unknown>, rates: number[]) => {
    const s = performance.now();
    const outcome = await runPoisoning(attack, {
      train,
      test,
      params,
      rates,
      trainer,
      seed: SEED,
      baseline,
      signal,
    });
    if (outcome.run.state !== "succeeded")
      throw new Error(`${attack} ${outcome.run.state}: ${outcome.run.error}`);
    log(`${outcome.run.summary} (${((performance.now() - s) / 1000).toFixed(0)} s)`);
    return outcome;
  };
  const out: BenchRow[] = [];
  try {
    const backdoor = await sweep("backdoor", { targetClass: 7, patchSize: 3 }, BACKDOOR_RATES);
    out.push(...backdoorRows(backdoor));
    const targeted = await sweep(
      "label-flip",
      { mode: "targeted", sourceClass: 1, targetClass: 7 },
      TARGETED_RATES,
    );
    out.push(...flipRows(targeted, "targeted label flips 1 → 7 (digits)"));
    const random = await sweep("label-flip", { mode: "random" }, RANDOM_RATES);
    out.push(...flipRows(random, "random label flips (digits)"));
  } finally {
    await baseline.dispose();
  }
  const group = "poisoning: cost";
  out.push(
    {
      group,
      metric: "one training run (8000 digits, MLP [128], 5 epochs, tfjs-wasm)",
      value: `${trainSeconds.toFixed(1)} s`,
    },
    {
      group,
      metric: "whole poisoning benchmark (16 training runs)",
      value: `${((performance.now() - started) / 1000).toFixed(0)} s`,
      target: "≤ 300 s",
    },
  );
  return out;
}

function backdoorRows({ sweep }: PoisoningOutcome): BenchRow[] {
  const group = "BadNets backdoor, 3×3 patch → 7 (digits, 8000 train / 2000 test)";
  const s = sweep!;
  const rows: BenchRow[] = [
    { group, metric: "clean accuracy, unpoisoned", value: pct(s.baseline.cleanAccuracy) },
  ];
  for (const p of s.points) {
    rows.push(
      { group, metric: `attack success @ ${pct(p.rate)} poison`, value: pct(p.attackSuccessRate ?? 0) },
      {
        group,
        metric: `clean accuracy drop @ ${pct(p.rate)} poison (points)`,
        value: points(p.accuracyDrop),
      },
    );
  }
  const first = s.points.find((p) => (p.attackSuccessRate ?? 0) >= 0.9);
  rows.push(
    {
      group,
      metric: "lowest poison rate with attack success ≥ 90 %",
      value: first ? pct(first.rate) : "none",
      target: "≤ 5%",
    },
    {
      group,
      metric: "clean accuracy drop at that rate (points)",
      value: first ? points(first.accuracyDrop) : "n/a",
      target: "≤ 2",
    },
  );
  return rows;
}

function flipRows({ sweep }: PoisoningOutcome, group: string): BenchRow[] {
  const s = sweep!;
  const rows: BenchRow[] = [
    { group, metric: "clean accuracy, unpoisoned", value: pct(s.baseline.cleanAccuracy) },
  ];
  for (const p of s.points) {
    rows.push({ group, metric: `clean accuracy @ ${pct(p.rate)} flipped`, value: pct(p.cleanAccuracy) });
    if (p.attackSuccessRate !== undefined) {
      rows.push({
        group,
        metric: `source 1s classified as 7 @ ${pct(p.rate)} flipped`,
        value: pct(p.attackSuccessRate),
      });
    }
  }
  return rows;
}
