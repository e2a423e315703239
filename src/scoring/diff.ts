// Compares two assessments of the same system: which answers changed and what that did to risk.

import { findQuestion } from "../catalog/model.js";
import type { Answers, AnswerValue } from "../contracts/answers.js";
import { ATTACK_CLASSES, type AttackClass, type Catalog } from "../contracts/catalog.js";
import type { Rating, RiskPicture } from "../contracts/result.js";

export interface AssessmentDiff {
  answers: Array<{ question: string; text: string; before: AnswerValue | null; after: AnswerValue | null }>;
  classes: Array<{
    attackClass: AttackClass;
    before: Rating;
    after: Rating;
    scoreBefore: number;
    scoreAfter: number;
  }>;
  /** Classes rated high or critical now that were not before. */
  newFindings: AttackClass[];
  /** Classes rated high or critical before that no longer are. */
  closedFindings: AttackClass[];
}

const serious = (r: Rating) => r === "high" || r === "critical";
const same = (a: AnswerValue | undefined, b: AnswerValue | undefined) =>
  JSON.stringify(a) === JSON.stringify(b);

/** Diff two answer sets and their risk pictures (already scored by the caller). */
export function diffAssessments(
  catalog: Catalog,
  before: { answers: Answers; result: RiskPicture },
  after: { answers: Answers; result: RiskPicture },
): AssessmentDiff {
  const ids = [...new Set([...Object.keys(before.answers), ...Object.keys(after.answers)])].sort();
  const answers = ids
    .filter((id) => !same(before.answers[id], after.answers[id]))
    .map((id) => ({
      question: id,
      text: findQuestion(catalog, id)?.text ?? id,
      before: before.answers[id] ?? null,
      after: after.answers[id] ?? null,
    }));
  const classes = ATTACK_CLASSES.map((c) => {
    const b = before.result.classes.find((r) => r.attackClass === c)!;
    const a = after.result.classes.find((r) => r.attackClass === c)!;
    return {
      attackClass: c,
      before: b.residual.rating,
      after: a.residual.rating,
      scoreBefore: b.residual.score,
      scoreAfter: a.residual.score,
    };
  });
  return {
    answers,
    classes,
    newFindings: classes.filter((c) => serious(c.after) && !serious(c.before)).map((c) => c.attackClass),
    closedFindings: classes.filter((c) => serious(c.before) && !serious(c.after)).map((c) => c.attackClass),
  };
}
