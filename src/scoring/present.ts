// How findings are ordered and how a recommendation's effect is stated, shared by the CLI, the
// reports and the web app. Type-only imports, so the web app can use it without bundling zod.
import type { AttackClass } from "../contracts/catalog.js";
import type { ClassResult, Rating, Recommendation } from "../contracts/result.js";

/** Rating of a likelihood × impact score on the 5×5 matrix. */
export function ratingOf(score: number): Rating {
  if (score >= 20) return "critical";
  if (score >= 10) return "high";
  if (score >= 5) return "medium";
  return "low";
}

const RATING_RANK = { low: 0, medium: 1, high: 2, critical: 3 } as const satisfies Record<Rating, number>;
/** Fixed order of the classes for ties (the catalog's order). */
const CLASS_RANK = {
  evasion: 0,
  poisoning: 1,
  extraction: 2,
  membership: 3,
  inversion: 4,
  attribute: 5,
} as const satisfies Record<AttackClass, number>;

/** Words for likelihood levels 1..5, used by the summaries and by every risk-matrix axis. */
export const LIKELIHOOD_WORDS = ["very low", "low", "moderate", "high", "very high"] as const;
/** Words for impact levels 1..5, used by every risk-matrix axis. */
export const IMPACT_WORDS = ["negligible", "minor", "moderate", "major", "severe"] as const;

type Rankable = Pick<ClassResult, "attackClass"> & {
  residual: Pick<ClassResult["residual"], "rating" | "weight">;
};

/**
 * The one order of findings everywhere: worst matrix rating first, then the larger residual
 * weight, then the fixed class order (evasion, poisoning, extraction, membership, inversion,
 * attribute). Returns a new array.
 */
export function worstFirst<T extends Rankable>(classes: readonly T[]): T[] {
  return [...classes].sort(
    (a, b) =>
      RATING_RANK[b.residual.rating] - RATING_RANK[a.residual.rating] ||
      b.residual.weight - a.residual.weight ||
      CLASS_RANK[a.attackClass] - CLASS_RANK[b.attackClass],
  );
}

/**
 * A recommendation's effect in the one unit every surface shows: the share of the current total
 * residual risk it removes, in per cent with one decimal ("24.3 %"). See docs/scoring.md.
 */
export function shareText(r: Pick<Recommendation, "share">): string {
  return `${(Math.round(r.share * 1000) / 10).toFixed(1)} %`;
}

/** "removes 24.3 % of the remaining risk". */
export function removesText(r: Pick<Recommendation, "share">): string {
  return `removes ${shareText(r)} of the remaining risk`;
}
