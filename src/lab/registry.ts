// The static registry of lab attacks, keyed by id. Adding an attack = one file + one line here.
import { NotFound, Unsupported } from "../contracts/errors.js";
import type { OutputKind, Paper } from "../contracts/lab.js";
import type { AttackDefinition } from "./attack.js";
import { attributeInference } from "./attacks/attribute-inference.js";
import { equationSolving } from "./attacks/equation-solving.js";
import { hopSkipJump } from "./attacks/hop-skip-jump.js";
import { jacobianAugmentation } from "./attacks/jacobian.js";
import { knockoff } from "./attacks/knockoff.js";
import { membershipLabelOnly } from "./attacks/membership-label-only.js";
import { membershipLira } from "./attacks/membership-lira.js";
import { membershipShadow } from "./attacks/membership-shadow.js";
import { membershipThreshold } from "./attacks/membership-threshold.js";
import { square } from "./attacks/square.js";
import { POISONING_ATTACKS } from "./poisoning/registry.js";
import type { PoisoningAttackDefinition } from "./poisoning/types.js";
import { PROBES } from "./probes/index.js";

const ALL: readonly AttackDefinition[] = [
  hopSkipJump,
  square,
  equationSolving,
  knockoff,
  jacobianAugmentation,
  membershipThreshold,
  membershipShadow,
  membershipLabelOnly,
  membershipLira,
  attributeInference,
  ...PROBES,
];

/** Every attack, by id. */
export const ATTACKS: Readonly<Record<string, AttackDefinition>> = Object.freeze(
  Object.fromEntries(ALL.map((a) => [a.id, a])),
);

/** All attacks in display order. */
export function listAttacks(): readonly AttackDefinition[] {
  return ALL;
}

/** Look an attack up; NotFound lists the known ids, Unsupported points poisoning ids to their runner. */
export function getAttack(id: string): AttackDefinition {
  const attack = Object.hasOwn(ATTACKS, id) ? ATTACKS[id] : undefined;
  if (!attack && Object.hasOwn(POISONING_ATTACKS, id)) {
    throw new Unsupported(
      `${id} is a train-time poisoning simulation (it trains models on your data instead of querying a ` +
        `target): run it with \`mlsa lab poison --attack ${id}\` or runPoisoning()`,
    );
  }
  if (!attack) throw new NotFound(`unknown attack "${id}"; known: ${Object.keys(ATTACKS).join(", ")}`);
  return attack;
}

// Poisoning attacks do not query a target; they have their own registry and runner (src/lab/poisoning).
export { getPoisoningAttack, listPoisoningAttacks, POISONING_ATTACKS } from "./poisoning/registry.js";

/** An attack as listings show it (`mlsa lab attacks`, GET /api/lab/attacks). */
export interface AttackListing {
  id: string;
  name: string;
  family: AttackDefinition["family"];
  description: string;
  paper: Paper;
  /** What the attack needs from the target, every flag spelled out (none for poisoning). */
  requires: { outputs: OutputKind[]; inputs: boolean; reference: boolean; raw: boolean };
  /** The parameters' defaults (what an empty `params` parses to). */
  defaults: Record<string, unknown>;
  /** Poisoning attacks only: the command that runs them (they query no target). */
  runWith?: string;
}

/** Describe a query attack, or a poisoning attack (with the command that runs it), for a listing. */
export function describeAttack(a: AttackDefinition | PoisoningAttackDefinition): AttackListing {
  const listing = {
    id: a.id,
    name: a.name,
    family: a.family,
    description: a.description,
    paper: a.paper,
  };
  const defaults = (a.params.safeParse({}).data ?? {}) as Record<string, unknown>;
  if (!("requires" in a)) {
    const requires = { outputs: [], inputs: false, reference: false, raw: false };
    return { ...listing, requires, defaults, runWith: `mlsa lab poison --attack ${a.id}` };
  }
  const r = a.requires;
  return {
    ...listing,
    requires: {
      outputs: [...r.outputs],
      inputs: r.inputs ?? false,
      reference: r.reference ?? false,
      raw: r.raw ?? false,
    },
    defaults,
  };
}
