// Where lab runs execute. Embedded (PGlite): in this process, one after another, resumed after a
// restart. PostgreSQL: through the graphile-worker queue, executed by `mlsa worker` processes and,
// unless disabled, by a queue worker inside the server; a sweeper fails runs whose worker was lost.
import { hostname } from "node:os";
import { Invalid } from "../../contracts/errors.js";
import {
  type Dispatch,
  prepareQueue,
  type QueueWorker,
  releaseWorkers,
  type Store,
  startQueueWorker,
} from "../../store/index.js";
import { executeRun } from "./execute.js";

/** Lab settings of a process, from the environment (docs/deploy.md). */
export interface LabSettings {
  /** Runs executed at once by this process (MLSA_LAB_CONCURRENCY, default 1). */
  concurrency: number;
  /** Progress / heartbeat / cancel-check interval (MLSA_LAB_HEARTBEAT_MS, default 1000). */
  heartbeatMs: number;
  /** A running run without a heartbeat for this long is failed as "worker lost" (MLSA_LAB_STALE_MS, default 30000). */
  staleMs: number;
  /** Where demo victims are cached (MLSA_DATA_DIR). */
  dataDir?: string;
  env: Readonly<Record<string, string | undefined>>;
  log?: (message: string) => void;
}

function intFrom(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    const message = `${name} must be an integer from ${min} to ${max}, got "${raw}"`;
    throw new Invalid(message, [{ path: name, message }]);
  }
  return n;
}

/** Read the lab settings from the environment, checking each value. */
export function labSettings(
  env: NodeJS.ProcessEnv = process.env,
  overrides: Partial<LabSettings> = {},
): LabSettings {
  const heartbeatMs = intFrom(env, "MLSA_LAB_HEARTBEAT_MS", 1000, 50, 60_000);
  const staleMs = intFrom(env, "MLSA_LAB_STALE_MS", 30_000, 500, 3_600_000);
  if (staleMs < 3 * heartbeatMs) {
    const message = `MLSA_LAB_STALE_MS (${staleMs}) must be at least 3 × MLSA_LAB_HEARTBEAT_MS (${heartbeatMs})`;
    throw new Invalid(message, [{ path: "MLSA_LAB_STALE_MS", message }]);
  }
  return {
    concurrency: intFrom(env, "MLSA_LAB_CONCURRENCY", 1, 1, 64),
    heartbeatMs,
    staleMs,
    ...(env.MLSA_DATA_DIR ? { dataDir: env.MLSA_DATA_DIR } : {}),
    env,
    ...overrides,
  };
}

/** How the server hands a new run to whoever executes it. */
export interface LabExecutor {
  /** "inline": this process runs it; "queue": a graphile-worker job is added with the run. */
  readonly dispatch: Dispatch;
  /** A run was saved; the in-process executor starts it when a slot is free. */
  submitted(runId: string): void;
  /** Stop taking runs; runs in progress are interrupted and recorded as failed. */
  close(): Promise<void>;
}

/**
 * Embedded database: runs execute in this process (PGlite allows one process per data folder, so
 * nothing else could run them). Runs left "running" by a previous process are failed; queued ones
 * are resumed.
 */
export async function startInlineExecutor(store: Store, settings: LabSettings): Promise<LabExecutor> {
  const worker = `inline:${hostname()}:${process.pid}`;
  const stopping = new AbortController();
  const waiting: string[] = [];
  const active = new Set<Promise<void>>();
  const pump = () => {
    while (!stopping.signal.aborted && active.size < settings.concurrency && waiting.length > 0) {
      const runId = waiting.shift() as string;
      const job: Promise<void> = executeRun(store, runId, worker, {
        env: settings.env,
        dataDir: settings.dataDir,
        heartbeatMs: settings.heartbeatMs,
        stop: stopping.signal,
        log: settings.log,
      })
        .catch((error: unknown) => settings.log?.(`run ${runId}: ${(error as Error).message}`))
        .finally(() => {
          active.delete(job);
          pump();
        });
      active.add(job);
    }
  };
  await store.runs.failOrphans("inline:");
  waiting.push(...(await store.runs.queued()));
  pump();
  return {
    dispatch: "inline",
    submitted: (runId) => {
      waiting.push(runId);
      pump();
    },
    close: async () => {
      stopping.abort();
      await Promise.all(active);
    },
  };
}

/** Periodically fail runs whose worker stopped sending heartbeats, and release their queue jobs. */
export function startSweeper(store: Store, settings: LabSettings): () => void {
  const every = Math.max(200, Math.min(10_000, Math.floor(settings.staleMs / 3)));
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    store.runs
      .sweep(settings.staleMs)
      .then(async (lost) => {
        for (const r of lost) settings.log?.(`run ${r.id}: worker ${r.worker ?? "?"} lost; marked failed`);
        // Queue workers are recorded as "<graphile worker id>@<host>:<pid>".
        const workers = [
          ...new Set(
            lost.flatMap((r) => (r.worker?.includes("@") ? [r.worker.split("@")[0] as string] : [])),
          ),
        ];
        await releaseWorkers(store.db, workers);
      })
      .catch((error: unknown) => settings.log?.(`sweeper: ${(error as Error).message}`))
      .finally(() => {
        busy = false;
      });
  }, every);
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * PostgreSQL: new runs are queued as graphile-worker jobs. With `work`, this process also executes
 * up to `settings.concurrency` of them (a server with inline jobs, or `mlsa worker`). Every such
 * process runs the sweeper.
 */
export async function startQueueExecutor(
  store: Store,
  connectionString: string,
  settings: LabSettings,
  options: { work: boolean },
): Promise<LabExecutor & { worker?: QueueWorker }> {
  await prepareQueue(connectionString, (level, message) => {
    if (level === "error" || level === "warning") settings.log?.(`queue ${level}: ${message}`);
  });
  const stopping = new AbortController();
  const stopSweeper = startSweeper(store, settings);
  let worker: QueueWorker | undefined;
  if (options.work) {
    worker = await startQueueWorker({
      connectionString,
      concurrency: settings.concurrency,
      handle: (job) =>
        executeRun(store, job.runId, `${job.workerId}@${hostname()}:${process.pid}`, {
          env: settings.env,
          dataDir: settings.dataDir,
          heartbeatMs: settings.heartbeatMs,
          stop: stopping.signal,
          log: settings.log,
        }),
      log: (level, message) => {
        if (level === "error" || level === "warning") settings.log?.(`queue ${level}: ${message}`);
      },
    });
  }
  // Lost connections are re-established by graphile-worker itself; only a fatal error ends the pool.
  // Observed here so it is logged and never an unhandled rejection (mlsa worker also exits on it).
  worker?.done.catch((error: unknown) =>
    settings.log?.(`the job queue stopped: ${(error as Error).message}`),
  );
  return {
    dispatch: "queue",
    submitted: () => {},
    ...(worker ? { worker } : {}),
    close: async () => {
      stopSweeper();
      stopping.abort();
      await worker?.stop();
    },
  };
}
