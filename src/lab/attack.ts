// The common shape of every lab attack (after ART): id, family, paper, what it needs from the
// target, a zod schema of its parameters, and `run`. `defineAttack` only checks the shape.
import type { z } from "zod";
import { Invalid } from "../contracts/errors.js";
import type { AttackFamily, DenseNet, Example, OutputKind, Paper, Prediction } from "../contracts/lab.js";
import type { FeatureConstraints } from "./constraints.js";
import type { GuardedTarget } from "./guard.js";
import type { BudgetedRawProbe } from "./probes/raw.js";

/** One input to attack (or to query), with its true label when known. */
export interface LabExample {
  readonly x: Float32Array;
  readonly y: number;
  /** The target's own label for `x` when the caller already knows it (saves a query). */
  readonly targetLabel?: number;
  /** Inference attacks: whether the record was in the target's training set (scoring only, never used to attack). */
  readonly member?: boolean;
}

/** Parameters of a linear/softmax victim, when the caller knows them (demo victims expose them). */
export interface LinearParameters {
  /** k rows of d weights (softmax), or 1 row for a binary logistic model P(class 1) = σ(w·x + b). */
  readonly weights: readonly (readonly number[])[];
  readonly bias: readonly number[];
}

/** Facts about the victim the attack may use only to score itself, never to attack. */
export interface GroundTruth {
  readonly linear?: LinearParameters;
}

/** Everything `run` receives. */
export interface AttackContext<P> {
  /** The target behind the guard, which counts every input sent and enforces the budget. */
  readonly target: GuardedTarget;
  readonly params: P;
  readonly seed: number;
  /** Hard query budget of the whole run (the guard refuses the query that would exceed it). */
  readonly budget: number;
  /** Examples to attack, or the query pool (extraction). */
  readonly inputs: readonly LabExample[];
  /** Labelled inputs kept apart to measure fidelity and accuracy. */
  readonly heldOut?: readonly LabExample[];
  /**
   * The attacker's own labelled data from the target's distribution, disjoint from `inputs`
   * (shadow-model training, reference models, attribute priors).
   */
  readonly reference?: readonly LabExample[];
  /**
   * Raw HTTP access for probes that test the API itself (only HTTP targets provide it). Its
   * requests share the run budget; `raw.remaining()` accounts for both kinds of query.
   */
  readonly raw?: BudgetedRawProbe;
  /** Tabular feature constraints; evasion attacks project every candidate onto them. */
  readonly constraints?: FeatureConstraints;
  readonly groundTruth?: GroundTruth;
  onProgress(fraction: number, message: string): void;
  readonly signal: AbortSignal;
}

/** Extra outputs that do not fit in metrics (kept out of the stored run record). */
export interface AttackArtifacts {
  /** A trained surrogate as a dense network (the CLI can export it as ONNX). */
  readonly surrogate?: DenseNet;
  readonly linear?: LinearParameters;
}

/** What `run` returns. Metric names are camelCase; docs/lab.md explains each. */
export interface AttackResult {
  readonly metrics: Record<string, number>;
  readonly summary: string;
  readonly examples: Example[];
  readonly artifacts?: AttackArtifacts;
  /**
   * Questionnaire answers the run measured (question id -> option id), e.g. a probe's
   * `surface.inference.output_granularity`; the server marks them "verified by test".
   */
  readonly suggestedAnswers?: Readonly<Record<string, string>>;
}

/** A lab attack. `run` is declared as a method so differently-parametrised attacks share a registry. */
export interface AttackDefinition<S extends z.ZodType = z.ZodType> {
  readonly id: string;
  readonly family: AttackFamily;
  readonly name: string;
  readonly paper: Paper;
  /**
   * What the attack needs: output kinds it can work with (the lab refuses other targets) and
   * whether it needs labelled `inputs` (examples to attack, or seeds).
   */
  readonly requires: {
    readonly outputs: readonly OutputKind[];
    readonly inputs?: boolean;
    /** Needs the attacker's own `reference` data (shadow models). */
    readonly reference?: boolean;
    /** Needs raw HTTP access to the API (probes of the HTTP layer). */
    readonly raw?: boolean;
  };
  /** Schema of the accepted parameters; defaults live here. */
  readonly params: S;
  /** One paragraph for `mlsa lab attacks`. */
  readonly description: string;
  run(ctx: AttackContext<z.output<S>>): Promise<AttackResult>;
}

/** Declare an attack. Identity at run time; exists for inference and one obvious place to look. */
export function defineAttack<S extends z.ZodType>(definition: AttackDefinition<S>): AttackDefinition<S> {
  return definition;
}

/** A prediction's score vector padded to `numClasses` (missing scores are 0). */
export function scoresOf(p: Prediction, numClasses: number): Float64Array {
  const out = new Float64Array(numClasses);
  p.scores?.forEach((v, i) => {
    if (i < numClasses) out[i] = v;
  });
  return out;
}

/** Throw Invalid unless the run's seed is an integer. */
export function checkSeed(seed: number): void {
  if (!Number.isInteger(seed))
    throw new Invalid("seed must be an integer", [{ path: "seed", message: "integer expected" }]);
}

/**
 * Parse a run's parameters (absent = all defaults) with the attack's schema; Invalid names each bad
 * parameter as `params.<key>`.
 */
export function parseAttackParams<S extends z.ZodType>(
  attack: { readonly id: string; readonly params: S },
  raw: unknown,
): z.output<S> {
  const parsed = attack.params.safeParse(raw ?? {});
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => ({
    path: ["params", ...i.path].join("."),
    message: i.message,
  }));
  throw new Invalid(
    `invalid parameters for ${attack.id}: ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`,
    issues,
  );
}
