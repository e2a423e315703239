// Run one attack against one target: validate parameters and requirements, put the target behind
// the guard, time the run and return the evidence record (LabRun) plus any artifacts.
import { randomUUID } from "node:crypto";
import { Invalid, Unsupported } from "../contracts/errors.js";
import { type LabRun, TargetInfo } from "../contracts/lab.js";
import {
  type AttackArtifacts,
  type AttackResult,
  checkSeed,
  type GroundTruth,
  type LabExample,
  parseAttackParams,
} from "./attack.js";
import type { FeatureConstraints } from "./constraints.js";
import { type GuardOptions, type GuardStats, guardTarget } from "./guard.js";
import { finiteMetrics } from "./metrics.js";
import { budgetRaw, type RawProbe } from "./probes/raw.js";
import { getAttack } from "./registry.js";
import type { Target } from "./target.js";

/** How to run an attack. Only `seed` and `budget` are required. */
export interface RunOptions {
  /** Attack parameters, validated with the attack's schema (defaults filled in). */
  params?: Record<string, unknown>;
  seed: number;
  /** Hard query budget for the whole run, evaluation queries included. */
  budget: number;
  inputs?: readonly LabExample[];
  heldOut?: readonly LabExample[];
  /** The attacker's own data from the target's distribution (inference attacks' shadow models). */
  reference?: readonly LabExample[];
  /** Raw HTTP access (HTTP targets only), for probes; its requests count against the budget. */
  raw?: RawProbe;
  constraints?: FeatureConstraints;
  groundTruth?: GroundTruth;
  onProgress?: (fraction: number, message: string) => void;
  signal?: AbortSignal;
  /** Concurrency, rate, retries and timeouts of the guard. */
  guard?: Omit<GuardOptions, "budget" | "signal">;
  runId?: string;
  clock?: () => Date;
}

/** A finished (or failed, or cancelled) run. */
export interface RunOutcome {
  run: LabRun;
  artifacts?: AttackArtifacts;
  /** Guard counters: queries, calls, retries, time spent inside the target. */
  stats: GuardStats;
  /** The error that ended a failed or cancelled run, for callers that map error types. */
  failure?: unknown;
}

/**
 * Validate and run attack `id` against `target`. Throws NotFound (unknown attack), Invalid (bad
 * parameters, seed, budget or inputs) and Unsupported (target output not in the attack's
 * `requires`) before sending anything; errors during the run come back as a failed/cancelled run.
 */
export async function runAttack(id: string, target: Target, options: RunOptions): Promise<RunOutcome> {
  const attack = getAttack(id);
  const info = TargetInfo.parse(target.info);
  checkSeed(options.seed);
  if (!Number.isInteger(options.budget) || options.budget < 1) {
    throw new Invalid("budget must be a positive integer", [
      { path: "budget", message: "positive integer expected" },
    ]);
  }
  const params = parseAttackParams(attack, options.params);
  if (!attack.requires.outputs.includes(info.output)) {
    throw new Unsupported(
      `${attack.name} needs a target that returns ${attack.requires.outputs.join(" or ")} outputs, ` +
        `but ${info.description} returns ${info.output === "label" ? "labels only" : info.output}`,
    );
  }
  const dims = info.inputShape.reduce((a, b) => a * b, 1);
  const inputs = options.inputs ?? [];
  if (attack.requires.raw && !options.raw) {
    throw new Unsupported(
      `${attack.name} sends raw HTTP requests, which only HTTP API targets allow; ${info.description} is a ${info.kind} target`,
    );
  }
  if (attack.requires.reference && (options.reference ?? []).length === 0) {
    throw new Invalid(
      `${attack.name} needs reference data: labelled records from the same distribution as the training data, not among the candidates`,
      [{ path: "reference", message: "empty" }],
    );
  }
  if (attack.requires.inputs && inputs.length === 0) {
    throw new Invalid(`${attack.name} needs labelled inputs to work from`, [
      { path: "inputs", message: "empty" },
    ]);
  }
  for (const [name, list] of [
    ["inputs", inputs],
    ["heldOut", options.heldOut ?? []],
    ["reference", options.reference ?? []],
  ] as const) {
    list.forEach((e, i) => {
      if (e.x.length !== dims) {
        throw new Invalid(`${name}[${i}] has ${e.x.length} features, the target expects ${dims}`, [
          { path: `${name}.${i}`, message: `expected ${dims} values` },
        ]);
      }
    });
  }
  if (options.constraints && options.constraints.dims !== dims) {
    throw new Invalid(`constraints cover ${options.constraints.dims} features, the target has ${dims}`);
  }

  const clock = options.clock ?? (() => new Date());
  const signal = options.signal ?? new AbortController().signal;
  const guarded = guardTarget(target, { ...options.guard, budget: options.budget, signal });
  const raw = options.raw && budgetRaw(options.raw, options.budget, () => guarded.queriesUsed);
  let last = 0;
  const onProgress = (fraction: number, message: string) => {
    last = Math.max(last, Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0)));
    options.onProgress?.(last, message);
  };
  const startedAt = clock().toISOString();
  const t0 = performance.now();
  let result: AttackResult | undefined;
  let failure: unknown;
  try {
    result = await attack.run({
      target: guarded,
      params,
      seed: options.seed,
      budget: options.budget,
      inputs,
      heldOut: options.heldOut,
      reference: options.reference,
      raw,
      constraints: options.constraints,
      groundTruth: options.groundTruth,
      onProgress,
      signal,
    });
  } catch (error) {
    failure = error;
  }
  const wallTimeMs = performance.now() - t0;
  const stats = guarded.stats();
  const run: LabRun = {
    id: options.runId ?? randomUUID(),
    attack: attack.id,
    family: attack.family,
    target: info,
    params: params as Record<string, unknown>,
    seed: options.seed,
    budget: options.budget,
    state: result ? "succeeded" : signal.aborted ? "cancelled" : "failed",
    queriesUsed: stats.queriesUsed + (raw?.used() ?? 0),
    wallTimeMs,
    metrics: finiteMetrics(result?.metrics ?? {}),
    summary:
      result?.summary ??
      `${attack.name} ${signal.aborted ? "was cancelled" : "failed"} after ${stats.queriesUsed} queries`,
    examples: result?.examples ?? [],
    startedAt,
    finishedAt: clock().toISOString(),
  };
  if (result?.suggestedAnswers) run.suggestedAnswers = { ...result.suggestedAnswers };
  if (failure !== undefined) run.error = failure instanceof Error ? failure.message : String(failure);
  return { run, artifacts: result?.artifacts, stats, failure };
}
