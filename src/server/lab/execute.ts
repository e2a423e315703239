// The job that executes one lab run, the same in an `mlsa worker`, in a server's in-process queue
// worker and in the embedded (PGlite) server: claim the run, open its target, run the attack with
// progress + heartbeat + cancel polling on one timer, then store the evidence and, on success, the
// answers it verified. Poisoning runs train models instead of querying a target (./poisoning.ts).
import type { LabRun } from "../../contracts/lab.js";
import { getAttack } from "../../lab/registry.js";
import { runAttack } from "../../lab/run.js";
import type { Target } from "../../lab/target.js";
import { verifiedAnswers } from "../../lab/verifies.js";
import type { RunResult, Store } from "../../store/index.js";
import { runStoredPoisoning } from "./poisoning.js";
import { openRunSetup } from "./setup.js";

/** Settings of the process executing runs (see docs/deploy.md for the environment variables). */
export interface ExecuteOptions {
  /** Process environment: HTTP target secrets (MLSA_LAB_SECRET_*) and MLSA_LAB_ALLOWED_HOSTS. */
  env: Readonly<Record<string, string | undefined>>;
  /** Where demo victims are cached. */
  dataDir?: string;
  /** How often progress is written, the heartbeat renewed and cancellation checked (ms). */
  heartbeatMs: number;
  /** Aborts the run because this process is stopping: it is recorded as failed ("interrupted"). */
  stop?: AbortSignal;
  log?: (message: string) => void;
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 2000);

/** A target that counts inputs handed to it, so progress can show queries while the run is going. */
function counting(target: Target, count: (n: number) => void): Target {
  return {
    info: target.info,
    predict: (inputs, signal) => {
      count(inputs.length);
      return target.predict(inputs, signal);
    },
    ...(target.close ? { close: () => target.close?.() as Promise<void> } : {}),
  };
}

/**
 * Execute run `runId` as `worker`. Returns quietly when the run is not queued (cancelled before it
 * started, or already taken). Throws only when the database fails (the queue then retries the job;
 * a run left running is failed by the sweeper once its heartbeat is stale).
 */
export async function executeRun(
  store: Store,
  runId: string,
  worker: string,
  options: ExecuteOptions,
): Promise<void> {
  if (options.stop?.aborted) throw new Error("this process is stopping; the job will be retried");
  const run = await store.runs.claim(runId, worker);
  if (!run) return;
  const controller = new AbortController();
  const interrupted = () => controller.abort(new Error("interrupted: the process running it stopped"));
  options.stop?.addEventListener("abort", interrupted, { once: true });
  const live = { progress: 0, message: "starting", queries: 0 };
  let lost = false;
  let stopped = false;
  let wake: () => void = () => {};
  const beat = async () => {
    const t = await store.runs.tick(runId, worker, {
      progress: live.progress,
      message: live.message,
      queriesUsed: live.queries,
    });
    if (!t.alive) {
      lost = true;
      controller.abort(new Error("this worker no longer holds the run"));
    } else if (t.cancel && !controller.signal.aborted) {
      controller.abort(new Error("cancelled by the owner"));
    }
  };
  const ticker = (async () => {
    while (!stopped) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, options.heartbeatMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      if (stopped) break;
      // A failed heartbeat (database briefly away) is retried on the next tick; the sweeper only
      // gives the run up after MLSA_LAB_STALE_MS without one.
      await beat().catch((error: unknown) =>
        options.log?.(`run ${runId}: heartbeat failed: ${errorText(error)}`),
      );
    }
  })();

  let result: RunResult;
  let verify: Parameters<Store["runs"]["finish"]>[3];
  let setup: Awaited<ReturnType<typeof openRunSetup>> | undefined;
  const onProgress = (fraction: number, message: string) => {
    live.progress = fraction;
    live.message = message;
  };
  const poison = () => runStoredPoisoning(run, { signal: controller.signal, onProgress });
  const attack = async (): Promise<LabRun> => {
    const definition = getAttack(run.attack);
    setup = await openRunSetup(definition, run, {
      env: options.env,
      dataDir: options.dataDir,
      signal: controller.signal,
      onProgress: (message) => {
        live.message = message;
      },
    });
    live.message = "attacking";
    const outcome = await runAttack(
      definition.id,
      counting(setup.target, (n) => {
        live.queries += n;
      }),
      {
        params: run.params,
        seed: run.seed,
        budget: run.budget,
        inputs: setup.inputs,
        heldOut: setup.heldOut,
        reference: setup.reference,
        raw: setup.raw,
        groundTruth: setup.groundTruth,
        runId: run.id,
        signal: controller.signal,
        onProgress,
      },
    );
    return outcome.run;
  };
  try {
    const r = run.family === "poisoning" ? await poison() : await attack();
    const stopping = options.stop?.aborted === true && r.state !== "succeeded";
    result = {
      state:
        r.state === "succeeded" ? "succeeded" : r.state === "cancelled" && !stopping ? "cancelled" : "failed",
      queriesUsed: r.queriesUsed,
      wallTimeMs: r.wallTimeMs,
      metrics: r.metrics,
      summary: r.summary,
      examples: r.examples,
      targetInfo: r.target,
      ...(stopping
        ? { error: "interrupted: the process running it stopped (start the run again)" }
        : r.error
          ? { error: r.error }
          : {}),
    };
    if (result.state === "succeeded") {
      verify = (current) =>
        verifiedAnswers(
          {
            id: r.id,
            attack: r.attack,
            family: r.family,
            summary: r.summary,
            finishedAt: r.finishedAt ?? new Date().toISOString(),
            ...(r.suggestedAnswers ? { suggestedAnswers: r.suggestedAnswers } : {}),
          },
          current,
        );
    }
  } catch (error) {
    // Refused before any query (unknown attack, target not reachable or not allowed, bad data), or
    // cancelled while the demo victim was loading.
    const cancelled = controller.signal.aborted && !lost && !options.stop?.aborted;
    result = {
      state: cancelled ? "cancelled" : "failed",
      queriesUsed: live.queries,
      wallTimeMs: 0,
      metrics: {},
      summary: cancelled ? "cancelled before the attack started" : "the run could not start",
      examples: [],
      ...(cancelled ? {} : { error: errorText(error) }),
    };
  } finally {
    options.stop?.removeEventListener("abort", interrupted);
    stopped = true;
    wake();
    await ticker;
    await setup?.target.close?.().catch(() => {});
  }
  if (lost) {
    options.log?.(`run ${runId}: given up by the sweeper; its result is not stored`);
    return;
  }
  let stored: boolean;
  try {
    stored = await store.runs.finish(runId, worker, result, verify);
  } catch (error) {
    // Keep the evidence but record why the answers could not be written; if even that fails the
    // database is away: the queue retries the job and the sweeper fails the run.
    options.log?.(`run ${runId}: storing the result failed: ${errorText(error)}`);
    stored = await store.runs.finish(runId, worker, {
      ...result,
      state: "failed",
      error: `the result could not be stored: ${errorText(error)}`,
    });
  }
  if (!stored) options.log?.(`run ${runId}: no longer held by ${worker}; its result is not stored`);
}
