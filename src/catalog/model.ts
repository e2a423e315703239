// Read helpers over a catalog: questions in order, lookups by id, and which questions are shown
// for a set of answers (conditions). Pure functions, no I/O.
import type { Answers, AnswerValue } from "../contracts/answers.js";
import type { Catalog, Mitigation, Option, Question, Questionnaire, Section } from "../contracts/catalog.js";
import { DONT_KNOW, QUESTIONNAIRES } from "../contracts/catalog.js";

/** The questionnaire a question belongs to (the first part of its id). */
export function questionnaireOf(questionId: string): Questionnaire {
  const head = questionId.split(".")[0];
  const found = QUESTIONNAIRES.find((q) => q === head);
  if (!found) throw new Error(`question id ${questionId} does not start with a questionnaire`);
  return found;
}

/** Every question in catalog order: risk, then surface, then security; sections in order. */
export function allQuestions(catalog: Catalog): Question[] {
  return QUESTIONNAIRES.flatMap((q) => sectionsOf(catalog, q).flatMap((s) => s.questions));
}

/** The sections of one questionnaire, in order. */
export function sectionsOf(catalog: Catalog, questionnaire: Questionnaire): Section[] {
  return catalog.sections.filter((s) => s.questionnaire === questionnaire);
}

/** The questions of one questionnaire, in order. */
export function questionsOf(catalog: Catalog, questionnaire: Questionnaire): Question[] {
  return sectionsOf(catalog, questionnaire).flatMap((s) => s.questions);
}

const indexCache = new WeakMap<Catalog, Map<string, { question: Question; section: Section }>>();

function index(catalog: Catalog): Map<string, { question: Question; section: Section }> {
  let map = indexCache.get(catalog);
  if (!map) {
    map = new Map();
    for (const section of catalog.sections) {
      for (const question of section.questions) map.set(question.id, { question, section });
    }
    indexCache.set(catalog, map);
  }
  return map;
}

/** The question with this id, or undefined. */
export function findQuestion(catalog: Catalog, id: string): Question | undefined {
  return index(catalog).get(id)?.question;
}

/** The section holding this question, or undefined. */
export function sectionOfQuestion(catalog: Catalog, id: string): Section | undefined {
  return index(catalog).get(id)?.section;
}

/** The mitigation with this id, or undefined. */
export function findMitigation(catalog: Catalog, id: string): Mitigation | undefined {
  return catalog.mitigations.find((m) => m.id === id);
}

/** The option ids an answer selects (empty for "don't know"). */
export function selectedIds(value: AnswerValue | undefined): string[] {
  if (value === undefined || value === DONT_KNOW) return [];
  return typeof value === "string" ? [value] : [...value];
}

/** The options an answer selects, in the question's option order. */
export function selectedOptions(question: Question, value: AnswerValue | undefined): Option[] {
  const ids = new Set(selectedIds(value));
  return question.options.filter((o) => ids.has(o.id));
}

/** Whether a question is shown given the answers so far (all of its conditions hold). */
export function isShown(question: Question, answers: Answers, shown: Set<string>): boolean {
  return (question.showIf ?? []).every((c) => {
    if (!shown.has(c.question)) return false;
    const picked = selectedIds(answers[c.question]);
    return c.anyOf.some((id) => picked.includes(id));
  });
}

/** The questions shown for these answers, in catalog order (conditions evaluated in order). */
export function visibleQuestions(catalog: Catalog, answers: Answers): Question[] {
  const shown = new Set<string>();
  const out: Question[] = [];
  for (const question of allQuestions(catalog)) {
    if (isShown(question, answers, shown)) {
      shown.add(question.id);
      out.push(question);
    }
  }
  return out;
}

/** A short readable form of an answer, e.g. "Full probability vectors" or "don't know". */
export function describeAnswer(question: Question, value: AnswerValue): string {
  if (value === DONT_KNOW) return "don't know";
  const labels = selectedOptions(question, value).map((o) => o.label);
  return labels.length > 0 ? labels.join("; ") : "(nothing selected)";
}
