// Which questionnaire answers a finished lab run proves: the attack class it evaluated (security
// questionnaire) and, for probes, the attack-surface facts it measured. Pure; the server applies it.
import type { AnswerValue, Verification } from "../contracts/answers.js";
import type { AttackClass } from "../contracts/catalog.js";
import type { AttackFamily } from "../contracts/lab.js";

/** The question that records which attack classes were evaluated against the system. */
export const ATTACKS_EVALUATED = "security.assessment.attacks_evaluated";

/** The attack class a run evaluates, from its family and attack id; probes evaluate none. */
export function classEvaluated(family: AttackFamily, attackId: string): AttackClass | null {
  switch (family) {
    case "evasion":
      return "evasion";
    case "extraction":
      return "extraction";
    case "poisoning":
      return "poisoning";
    case "inference":
      if (attackId.includes("attribute")) return "attribute";
      if (attackId.includes("inversion")) return "inversion";
      return "membership";
    case "probe":
      return null;
  }
}

/** Add an evaluated class to the multiple-choice answer, dropping "none" and "don't know". */
export function withEvaluatedClass(current: AnswerValue | undefined, c: AttackClass): string[] {
  const list = Array.isArray(current) ? current.filter((v) => v !== "none") : [];
  return list.includes(c) ? list : [...list, c];
}

export interface RunOutcome {
  id: string;
  attack: string;
  family: AttackFamily;
  summary: string;
  finishedAt: string;
  /** Answers a probe measured, e.g. { "surface.inference.output_granularity": "full_probabilities" }. */
  suggestedAnswers?: Record<string, string>;
}

/** The answer updates and "verified by test" records a successful run justifies. */
export function verifiedAnswers(
  run: RunOutcome,
  current: Readonly<Record<string, AnswerValue>>,
): { answers: Record<string, AnswerValue>; verified: Record<string, Verification> } {
  const verification: Verification = {
    run: run.id,
    attack: run.attack,
    at: run.finishedAt,
    summary: run.summary.slice(0, 2000),
  };
  const answers: Record<string, AnswerValue> = {};
  const verified: Record<string, Verification> = {};
  const c = classEvaluated(run.family, run.attack);
  if (c) {
    answers[ATTACKS_EVALUATED] = withEvaluatedClass(current[ATTACKS_EVALUATED], c);
    verified[ATTACKS_EVALUATED] = verification;
  }
  for (const [question, option] of Object.entries(run.suggestedAnswers ?? {})) {
    answers[question] = option;
    verified[question] = verification;
  }
  return { answers, verified };
}
