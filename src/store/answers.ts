// Answers: autosave one question at a time with optimistic concurrency (per-answer revision),
// finish / reopen a questionnaire, the combined result, and import / export as an answer file.

import { checkAnswer, validateAnswerFile } from "../catalog/answers.js";
import { allQuestions, findQuestion, getCatalog, questionnaireOf } from "../catalog/index.js";
import { ANSWER_FORMAT, type AnswerFile, type Answers, type AnswerValue } from "../contracts/answers.js";
import type { Catalog, Questionnaire } from "../contracts/catalog.js";
import { Conflict, Invalid, NotFound } from "../contracts/errors.js";
import type { RiskPicture } from "../contracts/result.js";
import { score } from "../scoring/index.js";
import { allows, checkDomain, getAssessment, updateAssessment } from "./assessments.js";
import type { Tx } from "./db.js";
import { poolFinished } from "./pool.js";
import type { Principal, QuestionnaireState, StoreContext, StoredAnswer } from "./types.js";

/** A write based on a revision that is no longer current; carries the current answer. */
export class StaleAnswer extends Conflict {
  constructor(readonly current: StoredAnswer) {
    super(
      `answer to ${current.questionId} changed meanwhile (now revision ${current.revision}); reload and retry`,
    );
  }
}

const NOT_FOUND = "no such assessment, or the token does not open it";

/** The catalog an assessment is pinned to. */
export function catalogOf(principal: Principal): Catalog {
  const catalog = getCatalog(principal.catalogVersion);
  if (!catalog) throw new Invalid(`catalog version ${principal.catalogVersion} is not known to this server`);
  return catalog;
}

/** Multiple-choice answers are kept in the question's option order, so equal sets compare equal. */
function canonical(catalog: Catalog, questionId: string, value: AnswerValue): AnswerValue {
  if (typeof value === "string") return value;
  const order = findQuestion(catalog, questionId)?.options.map((o) => o.id) ?? [];
  return [...value].sort((a, b) => order.indexOf(a) - order.indexOf(b));
}

const same = (a: AnswerValue | null, b: AnswerValue | null) => JSON.stringify(a) === JSON.stringify(b);

/** Stored answers of one questionnaire, or of all when questionnaire is omitted (cleared ones too). */
export async function listAnswers(
  ctx: StoreContext,
  principal: Principal,
  questionnaire?: Questionnaire,
  tx?: Tx,
): Promise<StoredAnswer[]> {
  const rows = await (tx ?? ctx.db).query<{
    question_id: string;
    value: AnswerValue | null;
    revision: number;
  }>(
    `SELECT question_id, value, revision FROM answer
      WHERE assessment_id = $1 AND ($2::text IS NULL OR questionnaire = $2)`,
    [principal.assessmentId, questionnaire ?? null],
  );
  const order = new Map(allQuestions(catalogOf(principal)).map((q, i) => [q.id, i]));
  return rows
    .map((r) => ({ questionId: r.question_id, value: r.value, revision: r.revision }))
    .sort((a, b) => (order.get(a.questionId) ?? 1e9) - (order.get(b.questionId) ?? 1e9));
}

/** The answered questions as a plain map (cleared answers left out). */
export function toAnswers(stored: readonly StoredAnswer[]): Answers {
  return Object.fromEntries(
    stored.filter((a) => a.value !== null).map((a) => [a.questionId, a.value as AnswerValue]),
  );
}

/**
 * Save one answer (value null clears it). `baseRevision` is the revision the client saw (0 = none).
 * Writing the value that is already stored succeeds whatever the base (a retried request is
 * harmless); any other write on a stale base throws StaleAnswer with the current answer.
 */
export async function saveAnswer(
  ctx: StoreContext,
  principal: Principal,
  questionId: string,
  value: AnswerValue | null,
  baseRevision: number,
): Promise<StoredAnswer> {
  const catalog = catalogOf(principal);
  if (!findQuestion(catalog, questionId)) {
    const message = `unknown question id "${questionId}" in catalog ${catalog.version}`;
    throw new Invalid(message, [{ path: "questionId", message }]);
  }
  const questionnaire = questionnaireOf(questionId);
  if (!allows(principal.role, questionnaire)) throw new NotFound(NOT_FOUND);
  if (value !== null) {
    const problem = checkAnswer(catalog, questionId, value);
    if (problem) throw new Invalid(`${questionId}: ${problem}`, [{ path: "value", message: problem }]);
  }
  const next = value === null ? null : canonical(catalog, questionId, value);
  const json = next === null ? null : JSON.stringify(next);
  const { assessmentId } = principal;
  // One statement (one round trip, its own transaction): lock the questionnaire state for share
  // (a concurrent finish waits), then insert or update only if the base revision still holds.
  const state =
    "SELECT finished FROM questionnaire_state WHERE assessment_id = $1 AND questionnaire = $2 FOR SHARE";
  const open = "EXISTS (SELECT 1 FROM st WHERE NOT finished)";
  const [outcome] =
    baseRevision === 0 && next === null
      ? await ctx.db.query<{ finished: boolean | null; revision: number | null }>(
          `WITH st AS (${state}) SELECT (SELECT finished FROM st) AS finished, NULL::int AS revision`,
          [assessmentId, questionnaire],
        )
      : baseRevision === 0
        ? await ctx.db.query<{ finished: boolean | null; revision: number | null }>(
            `WITH st AS (${state}),
             w AS (INSERT INTO answer (assessment_id, questionnaire, question_id, value, revision)
                   SELECT $1, $2, $3, $4::jsonb, 1 WHERE ${open}
                   ON CONFLICT (assessment_id, question_id) DO NOTHING RETURNING revision)
             SELECT (SELECT finished FROM st) AS finished, (SELECT revision FROM w) AS revision`,
            [assessmentId, questionnaire, questionId, json],
          )
        : await ctx.db.query<{ finished: boolean | null; revision: number | null }>(
            `WITH st AS (${state}),
             w AS (UPDATE answer SET value = $4::jsonb, revision = revision + 1
                    WHERE assessment_id = $1 AND question_id = $3 AND revision = $5
                      AND value IS DISTINCT FROM $4::jsonb AND ${open}
                   RETURNING revision)
             SELECT (SELECT finished FROM st) AS finished, (SELECT revision FROM w) AS revision`,
            [assessmentId, questionnaire, questionId, json, baseRevision],
          );
  if (outcome?.finished === null || outcome?.finished === undefined) throw new NotFound(NOT_FOUND);
  if (outcome.finished) {
    throw new Conflict(`the ${questionnaire} questionnaire is marked finished; reopen it to change answers`);
  }
  if (outcome.revision !== null) return { questionId, value: next, revision: outcome.revision };
  const rows = await ctx.db.query<{ value: AnswerValue | null; revision: number }>(
    "SELECT value, revision FROM answer WHERE assessment_id = $1 AND question_id = $2",
    [assessmentId, questionId],
  );
  const current: StoredAnswer = {
    questionId,
    value: rows[0]?.value ?? null,
    revision: rows[0]?.revision ?? 0,
  };
  if (same(current.value, next)) return current;
  throw new StaleAnswer(current);
}

/** Mark a questionnaire finished (pooling it when the owner consented) or reopen it. */
export async function setFinished(
  ctx: StoreContext,
  principal: Principal,
  questionnaire: Questionnaire,
  finished: boolean,
): Promise<QuestionnaireState> {
  if (!allows(principal.role, questionnaire)) throw new NotFound(NOT_FOUND);
  return ctx.db.transaction(async (tx) => {
    const rows = await tx.query(
      "UPDATE questionnaire_state SET finished = $3 WHERE assessment_id = $1 AND questionnaire = $2 RETURNING pooled",
      [principal.assessmentId, questionnaire, finished],
    );
    if (rows.length === 0) throw new NotFound(NOT_FOUND);
    if (finished) await poolFinished(ctx, tx, principal);
    const record = await getAssessment(ctx, principal.assessmentId, tx);
    return record.questionnaires.find((q) => q.questionnaire === questionnaire) as QuestionnaireState;
  });
}

/** The combined risk picture of everything answered so far. */
export async function combinedResult(ctx: StoreContext, principal: Principal): Promise<RiskPicture> {
  return score(catalogOf(principal), { answers: toAnswers(await listAnswers(ctx, principal)) });
}

/** All answers as an answer file (the CLI's format), in catalog order. */
export async function exportAnswers(ctx: StoreContext, principal: Principal): Promise<AnswerFile> {
  const record = await getAssessment(ctx, principal.assessmentId);
  const system: NonNullable<AnswerFile["system"]> = {};
  if (record.name !== null) system.name = record.name;
  if (record.domain !== null) system.domain = record.domain;
  return {
    format: ANSWER_FORMAT,
    catalog: record.catalogVersion,
    ...(Object.keys(system).length > 0 ? { system } : {}),
    answers: toAnswers(await listAnswers(ctx, principal)) as Record<string, AnswerValue>,
  };
}

/**
 * Replace all answers with those of an answer file (validated first: nothing is written when any
 * key is wrong). The file must be for the assessment's catalog version. Finished flags are kept.
 */
export async function importAnswers(
  ctx: StoreContext,
  principal: Principal,
  input: unknown,
): Promise<{ answers: number; changed: number }> {
  const { file } = validateAnswerFile(input);
  if (file.catalog !== principal.catalogVersion) {
    const message = `this assessment uses catalog ${principal.catalogVersion}; the file is for ${file.catalog}`;
    throw new Invalid(message, [{ path: "catalog", message }]);
  }
  const catalog = catalogOf(principal);
  const domain = file.system?.domain;
  checkDomain(principal.catalogVersion, domain, "system.domain");
  return ctx.db.transaction(async (tx) => {
    if (file.system) {
      await updateAssessment(ctx, principal, { name: file.system.name ?? null, domain: domain ?? null }, tx);
    }
    const existing = new Map(
      (await listAnswers(ctx, principal, undefined, tx)).map((a) => [a.questionId, a]),
    );
    const ids: string[] = [];
    const questionnaires: string[] = [];
    const values: Array<string | null> = [];
    for (const q of allQuestions(catalog)) {
      const wanted = file.answers[q.id];
      const next = wanted === undefined ? null : canonical(catalog, q.id, wanted);
      const old = existing.get(q.id);
      if (same(old?.value ?? null, next)) continue;
      ids.push(q.id);
      questionnaires.push(questionnaireOf(q.id));
      values.push(next === null ? null : JSON.stringify(next));
    }
    if (ids.length > 0) {
      await tx.query(
        `INSERT INTO answer (assessment_id, questionnaire, question_id, value, revision)
         SELECT $1, q, id, v::jsonb, 1 FROM unnest($2::text[], $3::text[], $4::text[]) AS x(id, q, v)
         ON CONFLICT (assessment_id, question_id)
         DO UPDATE SET value = excluded.value, revision = answer.revision + 1`,
        [principal.assessmentId, ids, questionnaires, values],
      );
    }
    return { answers: Object.keys(file.answers).length, changed: ids.length };
  });
}
