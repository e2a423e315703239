// Which questions are shown for a set of answers: the same rule as src/catalog/model.ts
// (visibleQuestions), rewritten here so the browser bundle does not pull in zod.
import type { Answers, AnswerValue } from "../../src/contracts/answers.js";
import type { Catalog, Question, Questionnaire, Section } from "../../src/contracts/catalog.js";

/** The reserved "don't know" answer. */
export const DONT_KNOW = "dont_know";

const ORDER: readonly Questionnaire[] = ["risk", "surface", "security"];

/** The option ids an answer selects (none for "don't know" or no answer). */
export function selectedIds(value: AnswerValue | undefined): string[] {
  if (value === undefined || value === DONT_KNOW) return [];
  return typeof value === "string" ? [value] : [...value];
}

/** The sections of one questionnaire, in catalog order. */
export function sectionsOf(catalog: Catalog, questionnaire: Questionnaire): Section[] {
  return catalog.sections.filter((s) => s.questionnaire === questionnaire);
}

/**
 * Questions shown for these answers, in catalog order (risk, surface, security). A question is
 * shown when every condition names an earlier shown question whose answer picks one of `anyOf`.
 */
export function visibleQuestions(catalog: Catalog, answers: Answers): Question[] {
  const shown = new Set<string>();
  const out: Question[] = [];
  for (const q of ORDER) {
    for (const section of sectionsOf(catalog, q)) {
      for (const question of section.questions) {
        const ok = (question.showIf ?? []).every((c) => {
          if (!shown.has(c.question)) return false;
          const picked = selectedIds(answers[c.question]);
          return c.anyOf.some((id) => picked.includes(id));
        });
        if (ok) {
          shown.add(question.id);
          out.push(question);
        }
      }
    }
  }
  return out;
}

/** Whether a value counts as an answer (a non-empty multiple choice, an option or don't know). */
export function isAnswered(value: AnswerValue | undefined): boolean {
  if (value === undefined) return false;
  return typeof value === "string" ? value.length > 0 : value.length > 0;
}

/** Readable form of an answer: the chosen labels, or "Don't know". */
export function describeAnswer(question: Question, value: AnswerValue | undefined): string {
  if (value === undefined) return "Not answered";
  if (value === DONT_KNOW) return "Don't know";
  const ids = new Set(selectedIds(value));
  const labels = question.options.filter((o) => ids.has(o.id)).map((o) => o.label);
  return labels.length > 0 ? labels.join("; ") : "Not answered";
}
