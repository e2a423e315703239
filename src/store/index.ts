// The store: one object with every operation the server and the CLI need, over PGlite (default, a
// data folder) or PostgreSQL (DATABASE_URL). Migrations run when it opens.
import { resolve } from "node:path";
import type { AnswerValue } from "../contracts/answers.js";
import type { Questionnaire } from "../contracts/catalog.js";
import {
  combinedResult,
  exportAnswers,
  importAnswers,
  listAnswers,
  saveAnswer,
  saveRunner,
  setFinished,
} from "./answers.js";
import {
  authorize,
  createAssessment,
  deleteAssessment,
  getAssessment,
  identify,
  identifyRunner,
  type Need,
  revokeToken,
  rotateToken,
  tokenStatus,
  updateAssessment,
} from "./assessments.js";
import { createBatcher } from "./batch.js";
import type { Db } from "./db.js";
import { migrate } from "./migrate.js";
import { openPglite } from "./pglite.js";
import { type Contribution, insertContributions, POOL_TABLES, setConsent } from "./pool.js";
import { openPostgres } from "./postgres.js";
import {
  cancelRun,
  claimRun,
  createRun,
  type Dispatch,
  failOrphans,
  finishRun,
  getRun,
  listRuns,
  listVerified,
  loadRun,
  type NewRun,
  queuedRunIds,
  type RunResult,
  sweepLost,
  tickRun,
  type Verify,
} from "./runs.js";
import { effectiveK } from "./suppress.js";
import type { Role } from "./tokens.js";
import {
  mitigationTrends,
  overview,
  percentile,
  questionTrends,
  residualTrends,
  type TrendFilter,
} from "./trends.js";
import type { Principal, StoreContext } from "./types.js";

export { StaleAnswer } from "./answers.js";
export { DOMAIN_QUESTION, domainOptions, type Need } from "./assessments.js";
export type { Db } from "./db.js";
export { buildContribution, type Contribution, monthOf, POOL_TABLES, UNSPECIFIED_DOMAIN } from "./pool.js";
export {
  prepareQueue,
  type QueueJob,
  type QueueLog,
  type QueueWorker,
  releaseWorkers,
  startQueueWorker,
} from "./queue.js";
export type { Dispatch, NewRun, RunRecord, RunResult, Verify } from "./runs.js";
export { RUN_MAX_ATTEMPTS, RUN_TASK } from "./runs.js";
export { effectiveK, MIN_K } from "./suppress.js";
export { ROLES, type Role, TOKEN_PATTERN } from "./tokens.js";
export type * from "./trends.js";
export { publishedThrough } from "./trends.js";
export type * from "./types.js";

/** How to reach the database. */
export interface StoreConfig {
  /** PostgreSQL connection string; when set, PGlite is not used. */
  databaseUrl?: string;
  /** PGlite data folder (default ./.mlsa); ignored with databaseUrl. */
  dataDir?: string;
  /** PGlite only: run in memory (tests, benchmarks). */
  memory?: boolean;
  /** Trends k; values under 5 are raised to 5. */
  trendsK?: number;
  /** Clock (tests). */
  now?: () => Date;
}

/** Pick the database from explicit options, then DATABASE_URL, then MLSA_DATA_DIR, then ./.mlsa. */
export function resolveStoreConfig(
  options: { dataDir?: string; databaseUrl?: string },
  env: NodeJS.ProcessEnv = process.env,
): StoreConfig {
  const databaseUrl = options.databaseUrl ?? (env.DATABASE_URL || undefined);
  if (databaseUrl) return { databaseUrl, trendsK: Number(env.MLSA_TRENDS_K) || undefined };
  return {
    dataDir: resolve(options.dataDir ?? (env.MLSA_DATA_DIR || "./.mlsa")),
    trendsK: Number(env.MLSA_TRENDS_K) || undefined,
  };
}

/** Open the database named by the config and bring its schema up to date. */
export async function openStore(config: StoreConfig): Promise<Store> {
  const db = config.databaseUrl
    ? openPostgres(config.databaseUrl)
    : await openPglite(config.memory ? {} : { dataDir: config.dataDir ?? resolve("./.mlsa") });
  try {
    await migrate(db);
  } catch (error) {
    await db.close().catch(() => {});
    throw error;
  }
  return createStore(db, config);
}

/** Every store operation. Methods taking a token check it first (NotFound when it does not fit). */
export interface Store {
  readonly db: Db;
  readonly k: number;
  /** Create an assessment; returns the four tokens once. */
  create: (input: {
    name?: string | null;
    domain?: string | null;
    catalogVersion?: string;
  }) => ReturnType<typeof createAssessment>;
  /** Which assessment and role a token stands for. */
  identify: (token: string) => Promise<Principal>;
  /** Check a token against an assessment and a need. */
  authorize: (token: string, assessmentId: string, need: Need) => Promise<Principal>;
  get: (p: Principal) => ReturnType<typeof getAssessment>;
  update: (p: Principal, patch: { name?: string | null; domain?: string | null }) => Promise<void>;
  delete: (p: Principal) => Promise<void>;
  answers: (p: Principal, questionnaire?: Questionnaire) => ReturnType<typeof listAnswers>;
  save: (
    p: Principal,
    questionId: string,
    value: AnswerValue | null,
    baseRevision: number,
  ) => ReturnType<typeof saveAnswer>;
  finish: (p: Principal, questionnaire: Questionnaire, finished: boolean) => ReturnType<typeof setFinished>;
  result: (p: Principal) => ReturnType<typeof combinedResult>;
  export: (p: Principal) => ReturnType<typeof exportAnswers>;
  import: (p: Principal, input: unknown) => ReturnType<typeof importAnswers>;
  consent: (p: Principal, consent: boolean) => ReturnType<typeof setConsent>;
  rotate: (p: Principal, role: Role) => Promise<string>;
  revoke: (p: Principal, role: Role) => Promise<void>;
  tokens: (p: Principal) => ReturnType<typeof tokenStatus>;
  trends: {
    overview: (filter?: TrendFilter) => ReturnType<typeof overview>;
    questions: (filter: Parameters<typeof questionTrends>[1]) => ReturnType<typeof questionTrends>;
    mitigations: (filter: TrendFilter) => ReturnType<typeof mitigationTrends>;
    residual: (filter: TrendFilter) => ReturnType<typeof residualTrends>;
    percentile: (p: Principal) => ReturnType<typeof percentile>;
  };
  /** Lab runs of an assessment (API side) and their execution (worker side). */
  runs: {
    /** Save a queued run; "queue" also adds its job to the PostgreSQL queue in the same transaction. */
    create: (p: Principal, input: NewRun, dispatch: Dispatch) => ReturnType<typeof createRun>;
    list: (p: Principal) => ReturnType<typeof listRuns>;
    get: (p: Principal, runId: string) => ReturnType<typeof getRun>;
    cancel: (p: Principal, runId: string) => ReturnType<typeof cancelRun>;
    /** Answers verified by lab runs, keyed by question id. */
    verified: (p: Principal) => ReturnType<typeof listVerified>;
    load: (runId: string) => ReturnType<typeof loadRun>;
    queued: () => Promise<string[]>;
    claim: (runId: string, worker: string) => ReturnType<typeof claimRun>;
    tick: (runId: string, worker: string, tick: Parameters<typeof tickRun>[3]) => ReturnType<typeof tickRun>;
    finish: (runId: string, worker: string, result: RunResult, verify?: Verify) => Promise<boolean>;
    /** Fail running runs whose heartbeat is older than staleMs ("worker lost"). */
    sweep: (staleMs: number) => ReturnType<typeof sweepLost>;
    /** Fail runs a previous process (worker ids starting with prefix) left running. */
    failOrphans: (workerPrefix: string) => Promise<number>;
  };
  /** Bulk-add generated contributions to the pool (seeding, benchmarks). */
  poolBulk: (contributions: readonly Contribution[]) => Promise<void>;
  /** Refresh planner statistics after bulk loads. */
  analyze: () => Promise<void>;
  close: () => Promise<void>;
}

/** Wrap an open, migrated database as a Store. */
export function createStore(db: Db, config: Pick<StoreConfig, "trendsK" | "now"> = {}): Store {
  // PGlite runs one statement at a time; on PostgreSQL a few batches may run side by side.
  const batching = { concurrency: db.kind === "pglite" ? 1 : 4, max: 200 };
  const ctx: StoreContext = {
    db,
    k: effectiveK(config.trendsK),
    now: config.now ?? (() => new Date()),
    batch: {
      save: createBatcher(saveRunner(db), batching),
      identify: createBatcher(identifyRunner(db), batching),
    },
  };
  return {
    db,
    k: ctx.k,
    create: (input) => createAssessment(ctx, input),
    identify: (token) => identify(ctx, token),
    authorize: (token, id, need) => authorize(ctx, token, id, need),
    get: (p) => getAssessment(ctx, p.assessmentId),
    update: (p, patch) => updateAssessment(ctx, p, patch),
    delete: (p) => deleteAssessment(ctx, p),
    answers: (p, q) => listAnswers(ctx, p, q),
    save: (p, id, value, base) => saveAnswer(ctx, p, id, value, base),
    finish: (p, q, finished) => setFinished(ctx, p, q, finished),
    result: (p) => combinedResult(ctx, p),
    export: (p) => exportAnswers(ctx, p),
    import: (p, input) => importAnswers(ctx, p, input),
    consent: (p, consent) => setConsent(ctx, p, consent),
    rotate: (p, role) => rotateToken(ctx, p, role),
    revoke: (p, role) => revokeToken(ctx, p, role),
    tokens: (p) => tokenStatus(ctx, p),
    trends: {
      overview: (filter) => overview(ctx, filter),
      questions: (filter) => questionTrends(ctx, filter),
      mitigations: (filter) => mitigationTrends(ctx, filter),
      residual: (filter) => residualTrends(ctx, filter),
      percentile: (p) => percentile(ctx, p),
    },
    runs: {
      create: (p, input, dispatch) => createRun(ctx, p, input, dispatch),
      list: (p) => listRuns(ctx, p),
      get: (p, id) => getRun(ctx, p, id),
      cancel: (p, id) => cancelRun(ctx, p, id),
      verified: (p) => listVerified(db, p.assessmentId),
      load: (id) => loadRun(ctx, id),
      queued: () => queuedRunIds(ctx),
      claim: (id, worker) => claimRun(ctx, id, worker),
      tick: (id, worker, tick) => tickRun(ctx, id, worker, tick),
      finish: (id, worker, result, verify) => finishRun(ctx, id, worker, result, verify),
      sweep: (staleMs) => sweepLost(ctx, staleMs),
      failOrphans: (prefix) => failOrphans(ctx, prefix),
    },
    poolBulk: (contributions) => db.transaction((tx) => insertContributions(tx, contributions)),
    analyze: () => db.exec(POOL_TABLES.map((t) => `ANALYZE ${t};`).join(" ")),
    close: () => db.close(),
  };
}
