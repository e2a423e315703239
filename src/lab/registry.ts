// The static registry of lab attacks, keyed by id. Adding an attack = one file + one line here.
import { NotFound, Unsupported } from "../contracts/errors.js";
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
  const attack = ATTACKS[id];
  if (!attack && POISONING_ATTACKS[id]) {
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
