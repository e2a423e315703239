// The PostgreSQL job queue for lab runs (graphile-worker 0.16): its schema, a worker pool that hands
// each job's run id to a handler, and releasing the jobs of a worker that was lost. PostgreSQL
// only: PGlite has no LISTEN/NOTIFY across processes, so embedded servers run jobs in-process.
import { Logger, run as runGraphile, runMigrations } from "graphile-worker";
import pg from "pg";
import type { Db } from "./db.js";
import { RUN_TASK } from "./runs.js";

/** Serialises graphile-worker's schema install between mlsa processes starting at once. */
const QUEUE_LOCK = 0x6d6c7371;

/** A message from the queue library: level and text (no payloads, which hold only run ids anyway). */
export type QueueLog = (level: "error" | "warning" | "info" | "debug", message: string) => void;

const loggerOf = (log: QueueLog = () => {}) =>
  new Logger(() => (level, message) => {
    if (level === "error" || level === "warning" || level === "info" || level === "debug")
      log(level, message);
  });

/** Install or upgrade the queue's schema (graphile_worker) once, whatever the number of processes. */
export async function prepareQueue(connectionString: string, log?: QueueLog): Promise<void> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [QUEUE_LOCK]);
    await runMigrations({ connectionString, logger: loggerOf(log) });
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [QUEUE_LOCK]).catch(() => {});
    await client.end();
  }
}

/** What a job handler learns about its job. */
export interface QueueJob {
  runId: string;
  /** The queue worker holding the job's lock (graphile-worker's id); recorded on the run. */
  workerId: string;
  attempt: number;
  maxAttempts: number;
}

/** A running pool of queue workers. */
export interface QueueWorker {
  /** Finish the jobs in progress (up to graphile-worker's grace time), then stop. */
  stop(): Promise<void>;
  /** Resolves when the pool stopped (on its own after a fatal error, or after stop()). */
  done: Promise<void>;
}

/**
 * Start `concurrency` workers taking lab-run jobs. A handler that throws makes graphile-worker
 * retry the job with back-off (at most RUN_MAX_ATTEMPTS); a handler that returns completes it.
 */
export async function startQueueWorker(options: {
  connectionString: string;
  concurrency: number;
  handle: (job: QueueJob) => Promise<void>;
  /** How often to look for retries and scheduled jobs; new jobs arrive through LISTEN/NOTIFY. */
  pollInterval?: number;
  log?: QueueLog;
}): Promise<QueueWorker> {
  const runner = await runGraphile({
    connectionString: options.connectionString,
    concurrency: options.concurrency,
    // mlsa installs its own SIGTERM / SIGINT handling (finish, then close).
    noHandleSignals: true,
    pollInterval: options.pollInterval ?? 2000,
    maxPoolSize: Math.max(2, options.concurrency + 1),
    logger: loggerOf(options.log),
    taskList: {
      [RUN_TASK]: async (payload, helpers) => {
        const runId = (payload as { runId?: unknown } | null)?.runId;
        if (typeof runId !== "string") return; // not ours to retry: a malformed job is dropped
        await options.handle({
          runId,
          workerId: helpers.job.locked_by ?? `queue:${process.pid}`,
          attempt: helpers.job.attempts,
          maxAttempts: helpers.job.max_attempts,
        });
      },
    },
  });
  return { stop: () => runner.stop(), done: runner.promise };
}

/**
 * Release the jobs locked by workers that are gone, so graphile-worker hands them out again at once
 * instead of after its 4-hour lock timeout (the run itself was already marked failed).
 */
export async function releaseWorkers(db: Db, workerIds: readonly string[]): Promise<void> {
  if (db.kind !== "postgres" || workerIds.length === 0) return;
  await db.query("SELECT graphile_worker.force_unlock_workers($1::text[])", [workerIds]);
}
