// Poisoning simulations started through the API: what is stored for them (the trainer as the run's
// "target", the rates beside the attack's parameters) and how a worker executes one with mlsa's trainer.
import type { LabRun } from "../../contracts/lab.js";
import { splitDataset } from "../../lab/datasets.js";
import { runPoisoning } from "../../lab/poisoning/run.js";
import { createMlsaTrainer } from "../../lab/poisoning/trainer.js";
import { loadTrainingData } from "../../targets/datasets-io.js";
import { PoisoningDataSpec, PoisoningTrainerSpec, PoisonRates } from "./spec.js";

/** Examples sampled from the demo set when the request gives no count. */
export const DEFAULT_POISON_COUNT = { tiny: 300, full: 2000 } as const;

/** The stored description of a poisoning run's models: mlsa's trainer and its settings. */
export function trainerTarget(trainer: Record<string, unknown> | undefined): Record<string, unknown> {
  return { kind: "trainer", trainer: "mlsa", ...(trainer ?? {}) };
}

/** What a worker needs from a stored poisoning run. */
export interface StoredPoisoningRun {
  id: string;
  attack: string;
  target: unknown;
  data: unknown;
  params: Record<string, unknown>;
  seed: number;
}

/**
 * Execute a stored poisoning run: sample the demo data, sweep the stored rates with mlsa's trainer.
 * Throws (Invalid, NotFound) when the stored run cannot start; training errors come back as a
 * failed or cancelled LabRun.
 */
export async function runStoredPoisoning(
  run: StoredPoisoningRun,
  options: { signal: AbortSignal; onProgress: (fraction: number, message: string) => void },
): Promise<LabRun> {
  const data = PoisoningDataSpec.parse(run.data);
  const { kind: _k, trainer: _t, ...settings } = run.target as Record<string, unknown>;
  const trainer = createMlsaTrainer(PoisoningTrainerSpec.parse(settings));
  const { rates: storedRates, ...params } = run.params;
  const rates = storedRates === undefined ? undefined : PoisonRates.parse(storedRates);
  options.onProgress(0, `loading demo data ${data.victim}`);
  const loaded = await loadTrainingData(`demo:${data.victim}`);
  const count = data.count ?? (data.tiny ? DEFAULT_POISON_COUNT.tiny : DEFAULT_POISON_COUNT.full);
  const train =
    count < loaded.data.x.length ? splitDataset(loaded.data, { keep: count }, run.seed).keep : loaded.data;
  const outcome = await runPoisoning(run.attack, {
    train,
    params,
    ...(rates ? { rates } : {}),
    trainer,
    seed: run.seed,
    dataDescription:
      train === loaded.data ? loaded.description : `${loaded.description}, ${train.x.length}-example sample`,
    runId: run.id,
    signal: options.signal,
    onProgress: options.onProgress,
  });
  return outcome.run;
}
