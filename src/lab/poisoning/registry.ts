// The static registry of train-time poisoning attacks, keyed by id. They do not query a target, so
// they live apart from the query attacks of src/lab/registry.ts (which re-exports this list).
import { NotFound } from "../../contracts/errors.js";
import { backdoor } from "../attacks/backdoor.js";
import { labelFlip } from "../attacks/label-flip.js";
import type { PoisoningAttackDefinition } from "./types.js";

const ALL: readonly PoisoningAttackDefinition[] = [labelFlip, backdoor];

/** Every poisoning attack, by id. */
export const POISONING_ATTACKS: Readonly<Record<string, PoisoningAttackDefinition>> = Object.freeze(
  Object.fromEntries(ALL.map((a) => [a.id, a])),
);

/** All poisoning attacks in display order. */
export function listPoisoningAttacks(): readonly PoisoningAttackDefinition[] {
  return ALL;
}

/** Look a poisoning attack up; NotFound lists the known ids. */
export function getPoisoningAttack(id: string): PoisoningAttackDefinition {
  const attack = Object.hasOwn(POISONING_ATTACKS, id) ? POISONING_ATTACKS[id] : undefined;
  if (!attack) {
    throw new NotFound(
      `unknown poisoning attack "${id}"; known: ${Object.keys(POISONING_ATTACKS).join(", ")}`,
    );
  }
  return attack;
}
