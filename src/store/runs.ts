// Lab runs saved to an assessment: create (and enqueue), read, cancel; the worker side (claim,
// progress + heartbeat, finish) and the sweeper that fails runs whose worker stopped answering.
// A successful run's verified answers are written here, with the answers' revision check.
import { randomUUID } from "node:crypto";
import { checkAnswer } from "../catalog/answers.js";
import { questionnaireOf } from "../catalog/index.js";
import type { Answers, AnswerValue, Verification } from "../contracts/answers.js";
import type { Questionnaire } from "../contracts/catalog.js";
import { Conflict, NotFound } from "../contracts/errors.js";
import type { AttackFamily, Example, RunState, TargetInfo } from "../contracts/lab.js";
import { catalogOf } from "./answers.js";
import type { Db, Row, SqlParam, Tx } from "./db.js";
import type { Principal, StoreContext } from "./types.js";

/** The graphile-worker task that executes a lab run (payload `{ runId }`). */
export const RUN_TASK = "mlsa_lab_run";
/**
 * Attempts graphile-worker makes when the job itself fails (the database was unreachable; a failed
 * attack is a result, not a job failure). Back-off is exponential, so 10 attempts span hours.
 */
export const RUN_MAX_ATTEMPTS = 10;

const NOT_FOUND = "no such lab run in this assessment";

/** A stored lab run. `target` and `data` are the owner's description (never a secret value). */
export interface RunRecord {
  id: string;
  assessmentId: string;
  attack: string;
  family: AttackFamily;
  target: unknown;
  data: unknown;
  targetInfo: TargetInfo | null;
  params: Record<string, unknown>;
  seed: number;
  budget: number;
  state: RunState;
  cancelRequested: boolean;
  progress: number;
  message: string;
  queriesUsed: number;
  wallTimeMs: number | null;
  metrics: Record<string, number>;
  summary: string | null;
  examples: Example[];
  error: string | null;
  /** Question ids this run marked "verified by test". */
  verified: string[];
  /** Why some answers were not marked (e.g. a finished questionnaire). */
  verifyNote: string | null;
  attempts: number;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  worker: string | null;
  heartbeatAt: string | null;
}

/** What the API stores when a run is started. */
export interface NewRun {
  attack: string;
  family: AttackFamily;
  target: unknown;
  data: unknown;
  params: Record<string, unknown>;
  seed: number;
  budget: number;
}

/** How a new run reaches a worker: a graphile-worker job in the same transaction, or in-process. */
export type Dispatch = "queue" | "inline";

/** The end of a run as the job reports it. */
export interface RunResult {
  state: "succeeded" | "failed" | "cancelled";
  queriesUsed: number;
  wallTimeMs: number;
  metrics: Record<string, number>;
  summary: string;
  examples: Example[];
  error?: string;
  targetInfo?: TargetInfo;
}

/** Answer updates and verification records a run justifies, computed from the current answers. */
export type Verify = (current: Answers) => {
  answers: Record<string, AnswerValue>;
  verified: Record<string, Verification>;
};

const COLUMNS = `id, assessment_id, attack, family, target, data, target_info, params, seed, budget, state,
  cancel_requested, progress, message, queries_used, wall_time_ms, metrics, summary, error, verified,
  verify_note, attempts, created_at, started_at, finished_at, worker, heartbeat_at`;

const iso = (v: unknown): string | null =>
  v === null || v === undefined
    ? null
    : v instanceof Date
      ? v.toISOString()
      : new Date(String(v)).toISOString();

function toRecord(r: Row): RunRecord {
  return {
    id: r.id as string,
    assessmentId: r.assessment_id as string,
    attack: r.attack as string,
    family: r.family as AttackFamily,
    target: r.target,
    data: r.data ?? null,
    targetInfo: (r.target_info as TargetInfo | null) ?? null,
    params: r.params as Record<string, unknown>,
    seed: r.seed as number,
    budget: r.budget as number,
    state: r.state as RunState,
    cancelRequested: r.cancel_requested as boolean,
    progress: r.progress as number,
    message: r.message as string,
    queriesUsed: r.queries_used as number,
    wallTimeMs: (r.wall_time_ms as number | null) ?? null,
    metrics: r.metrics as Record<string, number>,
    summary: (r.summary as string | null) ?? null,
    examples: (r.examples as Example[] | undefined) ?? [],
    error: (r.error as string | null) ?? null,
    verified: (r.verified as string[] | null) ?? [],
    verifyNote: (r.verify_note as string | null) ?? null,
    attempts: r.attempts as number,
    createdAt: iso(r.created_at) as string,
    startedAt: iso(r.started_at),
    finishedAt: iso(r.finished_at),
    worker: (r.worker as string | null) ?? null,
    heartbeatAt: iso(r.heartbeat_at),
  };
}

const json = (v: unknown): string | null => (v === undefined || v === null ? null : JSON.stringify(v));

/** Save a queued run; with "queue" its graphile-worker job is added in the same transaction. */
export async function createRun(
  ctx: StoreContext,
  principal: Principal,
  input: NewRun,
  dispatch: Dispatch,
): Promise<RunRecord> {
  const id = randomUUID();
  return ctx.db.transaction(async (tx) => {
    const rows = await tx.query(
      `INSERT INTO lab_run (id, assessment_id, attack, family, target, data, params, seed, budget, state)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7::jsonb, $8, $9, 'queued')
       RETURNING ${COLUMNS}, examples`,
      [
        id,
        principal.assessmentId,
        input.attack,
        input.family,
        json(input.target),
        json(input.data),
        json(input.params),
        input.seed,
        input.budget,
      ],
    );
    if (dispatch === "queue") {
      await tx.query(
        `SELECT graphile_worker.add_job($1, json_build_object('runId', $2::text),
                  max_attempts := $3, job_key := $2)`,
        [RUN_TASK, id, RUN_MAX_ATTEMPTS],
      );
    }
    return toRecord(rows[0] as Row);
  });
}

/** The assessment's runs, newest first, without their examples (they can be large). */
export async function listRuns(ctx: StoreContext, principal: Principal): Promise<RunRecord[]> {
  const rows = await ctx.db.query(
    `SELECT ${COLUMNS} FROM lab_run WHERE assessment_id = $1 ORDER BY created_at DESC, id LIMIT 500`,
    [principal.assessmentId],
  );
  return rows.map(toRecord);
}

/** One run of the assessment, with its examples. */
export async function getRun(ctx: StoreContext, principal: Principal, runId: string): Promise<RunRecord> {
  const rows = await ctx.db.query(
    `SELECT ${COLUMNS}, examples FROM lab_run WHERE id = $1 AND assessment_id = $2`,
    [runId, principal.assessmentId],
  );
  if (!rows[0]) throw new NotFound(NOT_FOUND);
  return toRecord(rows[0]);
}

/** A run by id, whatever its assessment (workers). */
export async function loadRun(ctx: StoreContext, runId: string): Promise<RunRecord | null> {
  const rows = await ctx.db.query(`SELECT ${COLUMNS}, examples FROM lab_run WHERE id = $1`, [runId]);
  return rows[0] ? toRecord(rows[0]) : null;
}

/**
 * Cancel a run: a queued run is cancelled at once; a running one is asked to stop (its worker sees
 * the flag within one heartbeat and records the partial evidence). Cancelling a cancelled run is a
 * no-op; a run that already succeeded or failed is a Conflict.
 */
export async function cancelRun(ctx: StoreContext, principal: Principal, runId: string): Promise<RunRecord> {
  const rows = await ctx.db.query(
    `UPDATE lab_run SET
        cancel_requested = true,
        state = CASE WHEN state = 'queued' THEN 'cancelled' ELSE state END,
        finished_at = CASE WHEN state = 'queued' THEN now() ELSE finished_at END,
        summary = CASE WHEN state = 'queued' THEN 'cancelled before it started' ELSE summary END
      WHERE id = $1 AND assessment_id = $2 AND state IN ('queued', 'running')
      RETURNING id`,
    [runId, principal.assessmentId],
  );
  const run = await getRun(ctx, principal, runId);
  if (rows.length === 0 && run.state !== "cancelled") {
    throw new Conflict(`run ${runId} already ${run.state}; only queued or running runs can be cancelled`);
  }
  return run;
}

/** Runs waiting for a worker (the in-process executor resumes them after a restart). */
export async function queuedRunIds(ctx: StoreContext): Promise<string[]> {
  const rows = await ctx.db.query<{ id: string }>(
    "SELECT id FROM lab_run WHERE state = 'queued' ORDER BY created_at, id",
  );
  return rows.map((r) => r.id);
}

/** Take a queued run for `worker`; null when it is no longer queued (cancelled, taken, finished). */
export async function claimRun(ctx: StoreContext, runId: string, worker: string): Promise<RunRecord | null> {
  const rows = await ctx.db.query(
    `UPDATE lab_run SET state = 'running', worker = $2, started_at = now(), heartbeat_at = now(),
            attempts = attempts + 1, message = 'starting'
      WHERE id = $1 AND state = 'queued' AND NOT cancel_requested
      RETURNING ${COLUMNS}, examples`,
    [runId, worker],
  );
  return rows[0] ? toRecord(rows[0]) : null;
}

/**
 * Progress and heartbeat of a running run, one statement. `alive` is false when the run is no
 * longer this worker's (the sweeper gave it up); `cancel` when the owner asked it to stop.
 */
export async function tickRun(
  ctx: StoreContext,
  runId: string,
  worker: string,
  tick: { progress: number; message: string; queriesUsed: number; targetInfo?: TargetInfo },
): Promise<{ alive: boolean; cancel: boolean }> {
  const rows = await ctx.db.query<{ cancel_requested: boolean }>(
    `UPDATE lab_run SET progress = $3, message = $4, queries_used = $5, heartbeat_at = now(),
            target_info = coalesce($6::jsonb, target_info)
      WHERE id = $1 AND worker = $2 AND state = 'running'
      RETURNING cancel_requested`,
    [
      runId,
      worker,
      Math.min(1, Math.max(0, tick.progress)),
      tick.message.slice(0, 500),
      tick.queriesUsed,
      json(tick.targetInfo),
    ],
  );
  return { alive: rows.length > 0, cancel: rows[0]?.cancel_requested ?? false };
}

/**
 * Record the end of a run. On success the answers `verify` computes are written as new revisions
 * in the same transaction (see applyVerified). Returns false when the run was no longer this
 * worker's, in which case nothing is written.
 */
export async function finishRun(
  ctx: StoreContext,
  runId: string,
  worker: string,
  result: RunResult,
  verify?: Verify,
): Promise<boolean> {
  return ctx.db.transaction(async (tx) => {
    const owned = await tx.query<{ assessment_id: string; catalog_version: string }>(
      `SELECT r.assessment_id, a.catalog_version FROM lab_run r JOIN assessment a ON a.id = r.assessment_id
        WHERE r.id = $1 AND r.worker = $2 AND r.state = 'running' FOR UPDATE OF r`,
      [runId, worker],
    );
    const row = owned[0];
    if (!row) return false;
    let applied: { verified: string[]; note: string | null } = { verified: [], note: null };
    if (result.state === "succeeded" && verify) {
      const principal: Principal = {
        assessmentId: row.assessment_id,
        role: "owner",
        catalogVersion: row.catalog_version,
      };
      applied = await applyVerified(tx, principal, verify);
    }
    await tx.query(
      `UPDATE lab_run SET state = $2, progress = CASE WHEN $2 = 'succeeded' THEN 1 ELSE progress END,
              message = $3, queries_used = $4, wall_time_ms = $5, metrics = $6::jsonb, summary = $7,
              examples = $8::jsonb, error = $9, target_info = coalesce($10::jsonb, target_info),
              verified = $11::text[], verify_note = $12, finished_at = now(), heartbeat_at = now()
        WHERE id = $1`,
      [
        runId,
        result.state,
        result.state,
        result.queriesUsed,
        result.wallTimeMs,
        JSON.stringify(result.metrics),
        result.summary,
        JSON.stringify(result.examples),
        result.error ?? null,
        json(result.targetInfo),
        applied.verified,
        applied.note,
      ],
    );
    return true;
  });
}

/**
 * Write the answers a run verified, each as a new revision made only if the answer is still at the
 * revision it was computed from (the same check as autosave): when a respondent wrote meanwhile,
 * the current value is read again and the update recomputed from it, so their write is kept.
 * Answers of finished questionnaires are left alone (and not marked). Invalid suggestions for this
 * catalog are skipped.
 */
async function applyVerified(
  tx: Tx,
  principal: Principal,
  verify: Verify,
): Promise<{ verified: string[]; note: string | null }> {
  const catalog = catalogOf(principal);
  const states = await tx.query<{ questionnaire: Questionnaire; finished: boolean }>(
    "SELECT questionnaire, finished FROM questionnaire_state WHERE assessment_id = $1 FOR SHARE",
    [principal.assessmentId],
  );
  const finished = new Set(states.filter((s) => s.finished).map((s) => s.questionnaire));
  const skipped = new Set<string>();
  const verified: string[] = [];
  for (let attempt = 0; attempt < 10; attempt++) {
    const current = await tx.query<{ question_id: string; value: AnswerValue | null; revision: number }>(
      "SELECT question_id, value, revision FROM answer WHERE assessment_id = $1",
      [principal.assessmentId],
    );
    const byId = new Map(current.map((r) => [r.question_id, r]));
    const answers: Record<string, AnswerValue> = {};
    for (const r of current) if (r.value !== null) answers[r.question_id] = r.value;
    const wanted = verify(answers);
    verified.length = 0;
    let lost = false;
    for (const [questionId, value] of Object.entries(wanted.answers)) {
      const questionnaire = questionnaireOf(questionId);
      if (checkAnswer(catalog, questionId, value) !== null) continue;
      if (finished.has(questionnaire)) {
        skipped.add(questionnaire);
        continue;
      }
      const old = byId.get(questionId);
      if (old && JSON.stringify(old.value) === JSON.stringify(value)) {
        verified.push(questionId);
        continue;
      }
      const written = old
        ? await tx.query(
            `UPDATE answer SET value = $3::jsonb, revision = revision + 1
              WHERE assessment_id = $1 AND question_id = $2 AND revision = $4 RETURNING revision`,
            [principal.assessmentId, questionId, JSON.stringify(value), old.revision],
          )
        : await tx.query(
            `INSERT INTO answer (assessment_id, questionnaire, question_id, value, revision)
             VALUES ($1, $4, $2, $3::jsonb, 1) ON CONFLICT (assessment_id, question_id) DO NOTHING
             RETURNING revision`,
            [principal.assessmentId, questionId, JSON.stringify(value), questionnaire],
          );
      if (written.length === 0) {
        lost = true;
        break;
      }
      verified.push(questionId);
    }
    if (lost) continue;
    for (const questionId of verified) {
      const v = wanted.verified[questionId];
      if (!v) continue;
      await tx.query(
        `INSERT INTO answer_verification (assessment_id, question_id, run_id, attack, verified_at, summary)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (assessment_id, question_id) DO UPDATE SET run_id = excluded.run_id,
           attack = excluded.attack, verified_at = excluded.verified_at, summary = excluded.summary`,
        [principal.assessmentId, questionId, v.run, v.attack, v.at, v.summary],
      );
    }
    const note =
      skipped.size > 0
        ? `answers of the finished ${[...skipped].join(", ")} questionnaire(s) were not changed; reopen and run again to mark them`
        : null;
    return { verified: verified.filter((q) => wanted.verified[q] !== undefined), note };
  }
  throw new Conflict("answers kept changing while the run's verified answers were written; retry");
}

/** Answers "verified by test" of an assessment, keyed by question id. */
export async function listVerified(
  db: Pick<Db, "query"> | Tx,
  assessmentId: string,
): Promise<Record<string, Verification>> {
  const rows = await db.query<{
    question_id: string;
    run_id: string;
    attack: string;
    verified_at: string;
    summary: string;
  }>(
    "SELECT question_id, run_id, attack, verified_at, summary FROM answer_verification WHERE assessment_id = $1 ORDER BY question_id",
    [assessmentId],
  );
  return Object.fromEntries(
    rows.map((r) => [
      r.question_id,
      { run: r.run_id, attack: r.attack, at: r.verified_at, summary: r.summary },
    ]),
  );
}

/** Replace an assessment's verification records (answer-file import). */
export async function replaceVerified(
  tx: Tx,
  assessmentId: string,
  verified: Readonly<Record<string, Verification>>,
): Promise<void> {
  await tx.query("DELETE FROM answer_verification WHERE assessment_id = $1", [assessmentId]);
  const entries = Object.entries(verified);
  if (entries.length === 0) return;
  const col = (f: (e: [string, Verification]) => string): SqlParam => entries.map(f);
  await tx.query(
    `INSERT INTO answer_verification (assessment_id, question_id, run_id, attack, verified_at, summary)
     SELECT $1, q, r, a, t, s FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) AS x(q, r, a, t, s)`,
    [
      assessmentId,
      col(([q]) => q),
      col(([, v]) => v.run),
      col(([, v]) => v.attack),
      col(([, v]) => v.at),
      col(([, v]) => v.summary),
    ],
  );
}

/**
 * Fail every running run whose heartbeat is older than `staleMs` ("worker lost"). Safe to call
 * from any number of processes. Returns the runs and the workers that held them.
 */
export async function sweepLost(
  ctx: StoreContext,
  staleMs: number,
): Promise<Array<{ id: string; worker: string | null }>> {
  return ctx.db.query<{ id: string; worker: string | null }>(
    `UPDATE lab_run SET state = 'failed', finished_at = now(),
            error = 'worker lost: no heartbeat for ' || round($1::numeric / 1000, 1) || ' s (the process running it stopped)',
            summary = coalesce(summary, 'the worker running this attack stopped before it finished')
      WHERE state = 'running' AND heartbeat_at < now() - make_interval(secs => $1::double precision / 1000)
      RETURNING id, worker`,
    [staleMs],
  );
}

/** Fail runs left running by a previous process of this (single-process, PGlite) database. */
export async function failOrphans(ctx: StoreContext, workerPrefix: string): Promise<number> {
  const rows = await ctx.db.query(
    `UPDATE lab_run SET state = 'failed', finished_at = now(),
            error = 'worker lost: the server stopped while the run was in progress'
      WHERE state = 'running' AND worker LIKE $1 || '%' RETURNING id`,
    [workerPrefix],
  );
  return rows.length;
}
