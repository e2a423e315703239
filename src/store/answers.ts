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
import { type BatchRun, type Outcome, rounds } from "./batch.js";
import type { Db, Tx } from "./db.js";
import { poolFinished } from "./pool.js";
import { listVerified, replaceVerified } from "./runs.js";
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
  return ctx.batch.save({
    assessmentId: principal.assessmentId,
    questionnaire,
    questionId,
    next,
    base: baseRevision,
  });
}

/** One autosave waiting for the next batch. */
export interface SaveItem {
  assessmentId: string;
  questionnaire: Questionnaire;
  questionId: string;
  next: AnswerValue | null;
  base: number;
}

/**
 * Run many autosaves as one statement per round (its own transaction): lock the questionnaire states
 * for share (a concurrent finish waits), then insert or update each answer only if its base
 * revision still holds. Writes that did not apply are answered from the current rows.
 */
export function saveRunner(db: Db): BatchRun<SaveItem, StoredAnswer> {
  const round = async (
    items: SaveItem[],
  ): Promise<Array<{ finished: boolean | null; revision: number | null }>> => {
    const rows = await db.query<{ ord: number; finished: boolean | null; revision: number | null }>(
      `WITH input AS (
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[])
           WITH ORDINALITY AS x(aid, qn, qid, val, base, ord)),
       st AS (
         SELECT assessment_id, questionnaire, finished FROM questionnaire_state
          WHERE (assessment_id, questionnaire) IN (SELECT aid, qn FROM input) FOR SHARE),
       ins AS (
         INSERT INTO answer (assessment_id, questionnaire, question_id, value, revision)
         SELECT i.aid, i.qn, i.qid, i.val::jsonb, 1 FROM input i
           JOIN st ON st.assessment_id = i.aid AND st.questionnaire = i.qn AND NOT st.finished
          WHERE i.base = 0 AND i.val IS NOT NULL
         ON CONFLICT (assessment_id, question_id) DO NOTHING
         RETURNING assessment_id, question_id, revision),
       upd AS (
         UPDATE answer a SET value = i.val::jsonb, revision = a.revision + 1
           FROM input i JOIN st ON st.assessment_id = i.aid AND st.questionnaire = i.qn AND NOT st.finished
          WHERE a.assessment_id = i.aid AND a.question_id = i.qid AND i.base > 0 AND a.revision = i.base
            AND a.value IS DISTINCT FROM i.val::jsonb
         RETURNING a.assessment_id, a.question_id, a.revision)
       SELECT i.ord, st.finished, coalesce(ins.revision, upd.revision) AS revision
         FROM input i
         LEFT JOIN st ON st.assessment_id = i.aid AND st.questionnaire = i.qn
         LEFT JOIN ins ON ins.assessment_id = i.aid AND ins.question_id = i.qid
         LEFT JOIN upd ON upd.assessment_id = i.aid AND upd.question_id = i.qid
        ORDER BY i.ord`,
      [
        items.map((i) => i.assessmentId),
        items.map((i) => i.questionnaire),
        items.map((i) => i.questionId),
        items.map((i) => (i.next === null ? null : JSON.stringify(i.next))),
        items.map((i) => i.base),
      ],
    );
    return rows;
  };
  return async (items) => {
    const results: Array<{ finished: boolean | null; revision: number | null }> = new Array(items.length);
    for (const r of rounds(items, (i) => `${i.assessmentId} ${i.questionId}`)) {
      const out = await round(r.map((x) => x.item));
      r.forEach((x, k) => {
        results[x.index] = out[k] ?? { finished: null, revision: null };
      });
    }
    const unwritten = items.filter((_, i) => results[i]?.finished === false && results[i]?.revision === null);
    const current = new Map<string, StoredAnswer>();
    if (unwritten.length > 0) {
      const rows = await db.query<{
        assessment_id: string;
        question_id: string;
        value: AnswerValue | null;
        revision: number;
      }>(
        `SELECT assessment_id, question_id, value, revision FROM answer
          WHERE (assessment_id, question_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
        [unwritten.map((i) => i.assessmentId), unwritten.map((i) => i.questionId)],
      );
      for (const r of rows) {
        current.set(`${r.assessment_id} ${r.question_id}`, {
          questionId: r.question_id,
          value: r.value,
          revision: r.revision,
        });
      }
    }
    return items.map((item, i): Outcome<StoredAnswer> => {
      const r = results[i];
      if (!r || r.finished === null) return { ok: false, error: new NotFound(NOT_FOUND) };
      if (r.finished) {
        const message = `the ${item.questionnaire} questionnaire is marked finished; reopen it to change answers`;
        return { ok: false, error: new Conflict(message) };
      }
      if (r.revision !== null)
        return { ok: true, value: { questionId: item.questionId, value: item.next, revision: r.revision } };
      const now = current.get(`${item.assessmentId} ${item.questionId}`) ?? {
        questionId: item.questionId,
        value: null,
        revision: 0,
      };
      return same(now.value, item.next)
        ? { ok: true, value: now }
        : { ok: false, error: new StaleAnswer(now) };
    });
  };
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

/** The combined risk picture of everything answered so far, with the answers verified by lab runs. */
export async function combinedResult(ctx: StoreContext, principal: Principal): Promise<RiskPicture> {
  const [answers, verified] = await Promise.all([
    listAnswers(ctx, principal),
    listVerified(ctx.db, principal.assessmentId),
  ]);
  return score(catalogOf(principal), { answers: toAnswers(answers), verified });
}

/** All answers as an answer file (the CLI's format), in catalog order. */
export async function exportAnswers(ctx: StoreContext, principal: Principal): Promise<AnswerFile> {
  const record = await getAssessment(ctx, principal.assessmentId);
  const system: NonNullable<AnswerFile["system"]> = {};
  if (record.name !== null) system.name = record.name;
  if (record.domain !== null) system.domain = record.domain;
  const verified = await listVerified(ctx.db, principal.assessmentId);
  return {
    format: ANSWER_FORMAT,
    catalog: record.catalogVersion,
    ...(Object.keys(system).length > 0 ? { system } : {}),
    answers: toAnswers(await listAnswers(ctx, principal)) as Record<string, AnswerValue>,
    ...(Object.keys(verified).length > 0 ? { verified } : {}),
  };
}

/**
 * Replace all answers with those of an answer file (validated first: nothing is written when any
 * key is wrong). The file must be for the assessment's catalog version. Finished flags are kept.
 * The file's `verified` records (answers backed by lab runs) replace the stored ones.
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
    await replaceVerified(tx, principal.assessmentId, file.verified ?? {});
    return { answers: Object.keys(file.answers).length, changed: ids.length };
  });
}
