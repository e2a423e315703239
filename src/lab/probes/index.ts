// The API probes, in the order `mlsa lab probe` runs them: cheap, bounded checks of what a live
// prediction API reveals and tolerates, each filling in the attack-surface answers it measured.
import type { AttackDefinition } from "../attack.js";
import { probeDeterminism } from "./determinism.js";
import { probeInputHandling } from "./input-handling.js";
import { probeOutput } from "./output.js";
import { probeRateLimit } from "./rate-limit.js";

/** Every probe; those with `requires.raw` need an HTTP target's raw access. */
export const PROBES: readonly AttackDefinition[] = [
  probeOutput,
  probeDeterminism,
  probeInputHandling,
  probeRateLimit,
];

/** The probes that can run against a target, given whether raw HTTP access is available. */
export function applicableProbes(hasRaw: boolean): AttackDefinition[] {
  return PROBES.filter((p) => hasRaw || !p.requires.raw);
}
