// The parts of the risk picture around the numbers: completeness, knowledge gaps, contradictions
// between respondents, and risk-management maturity.

import { questionnaireOf, selectedIds } from "../catalog/model.js";
import type { Answers } from "../contracts/answers.js";
import {
  type Catalog,
  DONT_KNOW,
  QUESTIONNAIRES,
  type Question,
  type Questionnaire,
} from "../contracts/catalog.js";
import type { RiskPicture } from "../contracts/result.js";
import type { Factors } from "./factors.js";

const MATURITY_LABELS = ["Initial", "Repeatable", "Defined", "Managed", "Optimising"] as const;

/** Maturity level 1..5 = 1 + the rounded mean of the process answers' points (0..4). */
export function maturityOf(f: Factors): RiskPicture["maturity"] {
  const { points, because } = f.maturity;
  if (points.length === 0) {
    return { level: null, label: "Unknown: no risk-management process question answered", because };
  }
  const mean = points.reduce((a, b) => a + b, 0) / points.length;
  const level = 1 + Math.round(mean);
  return { level, label: MATURITY_LABELS[level - 1] ?? "Initial", because };
}

const UNKNOWN_TEXT: Record<Questionnaire, string> = {
  risk: "The risk & impact questionnaire is not answered, so the damage of each attack is unknown and assumed moderate (3 of 5).",
  surface:
    "The attack-surface questionnaire is not answered, so how easy each attack is remains unknown and is assumed even (likelihood 3 of 5).",
  security:
    "The security questionnaire is not answered, so mitigations are unknown and assumed absent: residual risk equals inherent risk.",
};

/** How much of each questionnaire is answered, and what missing ones leave unknown. */
export function completeness(
  shown: readonly Question[],
  answers: Answers,
  answeredIn: ReadonlySet<Questionnaire>,
): RiskPicture["completeness"] {
  const questionnaires = QUESTIONNAIRES.map((questionnaire) => {
    const qs = shown.filter((q) => questionnaireOf(q.id) === questionnaire);
    const answered = qs.filter((q) => answers[q.id] !== undefined).length;
    const dontKnow = qs.filter((q) => answers[q.id] === DONT_KNOW).length;
    return {
      questionnaire,
      answered,
      dontKnow,
      shown: qs.length,
      fraction: qs.length ? answered / qs.length : 0,
    };
  });
  const unknown = QUESTIONNAIRES.filter((q) => !answeredIn.has(q)).map((q) => UNKNOWN_TEXT[q]);
  for (const c of questionnaires) {
    if (answeredIn.has(c.questionnaire) && c.answered < c.shown) {
      unknown.push(
        `${c.shown - c.answered} of ${c.shown} shown ${c.questionnaire} questions are still unanswered; their effect is not counted.`,
      );
    }
  }
  return { questionnaires, unknown };
}

/** "Don't know" answers, to close first: each hides exposure or a defence. */
export function knowledgeGaps(shown: readonly Question[], answers: Answers): RiskPicture["gaps"] {
  return shown
    .filter((q) => answers[q.id] === DONT_KNOW)
    .map((q) => ({ question: q.id, questionnaire: questionnaireOf(q.id), text: q.text }));
}

/** Contradiction rules whose two sides both hold among the shown answers. */
export function findContradictions(
  catalog: Catalog,
  shown: readonly Question[],
  answers: Answers,
): RiskPicture["contradictions"] {
  const visible = new Set(shown.map((q) => q.id));
  const holds = (c: { question: string; anyOf: string[] }) =>
    visible.has(c.question) && selectedIds(answers[c.question]).some((id) => c.anyOf.includes(id));
  return catalog.contradictions
    .filter((rule) => holds(rule.a) && holds(rule.b))
    .map((rule) => ({ id: rule.id, message: rule.message, questions: [rule.a.question, rule.b.question] }));
}
