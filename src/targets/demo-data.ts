// The data a demo victim lends to an attack run, per attack family: its seeded splits as inputs,
// held-out data and reference records, and its weights as ground truth. Used by the CLI and the server.
import type { AttackFamily } from "../contracts/lab.js";
import type { GroundTruth, LabExample } from "../lab/attack.js";
import { datasetExamples, membershipCandidates } from "../lab/records.js";
import type { Victim } from "./victims/index.js";

/** How many test inputs an evasion run attacks when no count is given. */
export const DEFAULT_EVASION_COUNT = 10;

/** What an attack works from when its data comes from a demo victim. */
export interface DemoRunData {
  inputs: LabExample[];
  heldOut?: LabExample[];
  reference?: LabExample[];
  groundTruth?: GroundTruth;
}

/** Options of {@link demoRunData}. */
export interface DemoRunDataOptions {
  /** Seed of the run (interleaves membership candidates). */
  seed: number;
  /** Evasion: how many test inputs (default 10); extraction, probes, poisoning: the first n `rest` inputs. */
  count?: number;
  /**
   * The victim is also the run's target, in this process: then its labels for held-out data and its
   * weights (single-layer victims) come free, without spending budget.
   */
  victimIsTarget: boolean;
}

/**
 * A demo victim's data for an attack of `family`. Evasion attacks the first test inputs and is scored
 * on the test split; inference gets members = training split, non-members = test split (interleaved
 * with the seed) and reference = `rest`; the others query the attacker's own data (`rest`) and are
 * scored on the test split.
 */
export function demoRunData(victim: Victim, family: AttackFamily, options: DemoRunDataOptions): DemoRunData {
  const same = options.victimIsTarget;
  const withTargetLabels = (d: { x: readonly Float32Array[]; y: readonly number[] }): LabExample[] =>
    d.x.map((x, i) => {
      const e = { x: Float32Array.from(x), y: d.y[i]! };
      if (!same) return e;
      const probs = victim.predictProbs([x])[0]!;
      return { ...e, targetLabel: probs.indexOf(Math.max(...probs)) };
    });
  const groundTruth = same ? linearGroundTruth(victim) : undefined;
  const base = groundTruth ? { groundTruth } : {};
  switch (family) {
    case "evasion":
      return {
        ...base,
        inputs: datasetExamples(victim.splits.test, options.count ?? DEFAULT_EVASION_COUNT),
        heldOut: withTargetLabels(victim.splits.test),
      };
    case "inference":
      return {
        ...base,
        inputs: membershipCandidates(victim.splits.train, victim.splits.test, { seed: options.seed }),
        reference: datasetExamples(victim.splits.rest),
      };
    case "extraction":
    case "probe":
    case "poisoning":
      return {
        ...base,
        inputs: datasetExamples(victim.splits.rest, options.count),
        heldOut: withTargetLabels(victim.splits.test),
      };
  }
}

/** A single-layer victim's weights as (classes × features) rows and its bias; undefined for deeper ones. */
function linearGroundTruth(victim: Victim): GroundTruth | undefined {
  const layer = victim.weights.layers.length === 1 ? victim.weights.layers[0] : undefined;
  return (
    layer && {
      linear: {
        weights: Array.from({ length: layer.outputs }, (_, c) =>
          Array.from({ length: layer.inputs }, (_, j) => layer.weights[j * layer.outputs + c]!),
        ),
        bias: [...layer.bias],
      },
    }
  );
}
