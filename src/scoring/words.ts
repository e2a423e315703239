// Levels, ratings and the plain-language sentences of the risk picture.
import { ATTACK_CLASS_NAMES, type Questionnaire } from "../contracts/catalog.js";
import type { ClassResult, Explanation } from "../contracts/result.js";
import { LIKELIHOOD_WORDS } from "./present.js";

/** Likelihood 0..1 to a level 1..5 in equal fifths. */
export function levelOf(value: number): number {
  return Math.min(5, 1 + Math.floor(value * 5));
}

const word = (level: number) => LIKELIHOOD_WORDS[level - 1] ?? "moderate";

const signed = (n: number) => (n > 0 ? `+${n}` : `${n}`);

/**
 * The answers that moved the likelihood the way it went: the (up to two) largest steps with the
 * same sign as the total exposure, since exposure 0 is the neutral point (likelihood 0.5).
 * A likelihood pushed down is never "explained" by an answer that pushed it up.
 */
export function likelihoodReasons(r: ClassResult): Explanation[] {
  const direction = Math.sign(r.likelihood.exposure);
  if (direction === 0) return [];
  return r.likelihood.because.filter((e) => Math.sign(e.effect) === direction).slice(0, 2);
}

/** One sentence per class: rating, likelihood with the answers that moved it, impact, coverage. */
export function summarise(r: ClassResult): string {
  const reasons = likelihoodReasons(r);
  const because =
    reasons.length > 0
      ? `; net exposure ${signed(r.likelihood.exposure)}, mainly because ${reasons.map((e) => e.text.replace(/\.$/, "")).join("; and ")}`
      : "";
  const cover = Math.round(r.coverage.value * 100);
  const parts = [
    `${r.name}: ${r.residual.rating} risk (${r.residual.level}×${r.impact.level} = ${r.residual.score}/25).`,
    `Likelihood ${word(r.likelihood.level)} (${r.likelihood.level}/5)${r.likelihood.known ? "" : ", assumed"}${because}.`,
    `Impact ${word(r.impact.level)} (${r.impact.level}/5)${r.impact.known ? "" : ", assumed"}.`,
    r.coverage.known ? `Mitigations in place remove ${cover} % of the likelihood.` : "Mitigations unknown.",
  ];
  return parts.join(" ");
}

/** The decision makers' paragraph. */
export function overallSummary(
  sorted: readonly ClassResult[],
  answeredIn: ReadonlySet<Questionnaire>,
): string {
  const worst = sorted[0];
  if (!worst) return "Nothing to score.";
  const serious = sorted.filter((r) => r.residual.rating === "high" || r.residual.rating === "critical");
  const names = (rs: readonly ClassResult[]) =>
    rs.map((r) => ATTACK_CLASS_NAMES[r.attackClass].toLowerCase());
  const head =
    serious.length > 0
      ? `The highest risks are ${names(serious.slice(0, 3)).join(", ")}; ${serious.length} of 6 attack classes are rated high or critical.`
      : `No attack class is rated high or critical; the highest is ${names([worst])[0]} (${worst.residual.rating}).`;
  const missing = (["risk", "surface", "security"] as const).filter((q) => !answeredIn.has(q));
  const tail = missing.length > 0 ? ` Not yet answered: ${missing.join(", ")} — see completeness.` : "";
  return head + tail;
}
