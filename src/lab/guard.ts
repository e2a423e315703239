// The one wrapper every lab target goes through: counts queries, enforces the hard query budget,
// limits concurrency and request rate, retries transient failures with backoff, times calls out.
import { setMaxListeners } from "node:events";
import { BudgetExhausted } from "../contracts/errors.js";
import type { Prediction } from "../contracts/lab.js";
import type { Target } from "./target.js";

/**
 * A failed call to a target. Adapters throw it so the guard knows whether trying again may help
 * (HTTP 429 and 5xx, connection resets) and how long the server asked to wait (`Retry-After`).
 */
export class TargetCallError extends Error {
  override readonly name = "TargetCallError";
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly status?: number,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/** Limits for a guarded target. Only `budget` is required. */
export interface GuardOptions {
  /** Hard cap on queries (one input = one query). */
  budget: number;
  /** Calls in flight at once (default 4). */
  concurrency?: number;
  /** Token-bucket rate limit in calls per second (default: unlimited). Retries also take a token. */
  ratePerSecond?: number;
  /** Token-bucket size, i.e. calls allowed back to back (default 1). */
  burst?: number;
  /** Extra attempts after a retryable failure (default 3). */
  retries?: number;
  /** Per-call timeout in milliseconds (default 30 000). */
  timeoutMs?: number;
  /** First backoff delay; doubles on each retry (default 250 ms). */
  backoffMs?: number;
  /** Longest single wait between attempts, also caps Retry-After (default 10 000 ms). */
  maxBackoffMs?: number;
  /** Split batches into calls of at most this many inputs (also bounded by `info.maxBatch`). */
  maxBatch?: number;
  /** Aborts every call in flight and refuses new ones. */
  signal?: AbortSignal;
}

/** Counters of a guarded target (for run evidence and overhead figures). */
export interface GuardStats {
  /** Queries charged to the budget: distinct inputs sent, each counted once. */
  queriesUsed: number;
  /** Calls made to the underlying target, retries included. */
  calls: number;
  /** Retried calls. */
  retries: number;
  /** Inputs sent again by retries (not charged to the budget). */
  resentInputs: number;
  /** Sum of the underlying target's response times in ms (successful and failed attempts). */
  targetTimeMs: number;
}

/** A target behind the guard, with its counters. */
export interface GuardedTarget extends Target {
  readonly budget: number;
  /** Distinct inputs sent so far. */
  readonly queriesUsed: number;
  /** Queries still available, minus those reserved by batches in flight. */
  readonly remaining: number;
  /** Sum of the underlying target's response times; overhead = wall time / targetTimeMs. */
  readonly targetTimeMs: number;
  stats(): GuardStats;
}

/**
 * Wrap a target with budget, concurrency, rate, retry and timeout control.
 *
 * Budget: a batch larger than `remaining` is refused whole with {@link BudgetExhausted} before any
 * of it is sent (it is never trimmed: attacks read `remaining` and size their batches themselves).
 * The budget is reserved when a batch is admitted, so concurrent callers can never overshoot it.
 * Each input is charged once when first sent; a retry after a transient failure (429, 5xx,
 * connection error) re-sends it without charging again, because the failed attempt returned no
 * answer. Inputs of a batch that were never sent (abort, an earlier chunk failed) are released.
 */
export function guardTarget(target: Target, options: GuardOptions): GuardedTarget {
  const budget = positiveInt(options.budget, "budget", true);
  const concurrency = positiveInt(options.concurrency ?? 4, "concurrency");
  const retries = Math.max(0, Math.floor(options.retries ?? 3));
  const timeoutMs = options.timeoutMs ?? 30_000;
  const backoffMs = options.backoffMs ?? 250;
  const maxBackoffMs = options.maxBackoffMs ?? 10_000;
  const maxBatch = Math.min(
    options.maxBatch ?? Number.POSITIVE_INFINITY,
    target.info.maxBatch ?? Number.POSITIVE_INFINITY,
  );
  const slots = createSemaphore(concurrency);
  const bucket = options.ratePerSecond
    ? createTokenBucket(options.ratePerSecond, options.burst ?? 1)
    : undefined;
  const stats: GuardStats = { queriesUsed: 0, calls: 0, retries: 0, resentInputs: 0, targetTimeMs: 0 };
  let reserved = 0;

  async function callOnce(chunk: readonly Float32Array[], signal: AbortSignal): Promise<Prediction[]> {
    const timeout = new AbortController();
    const callSignal = AbortSignal.any([signal, timeout.signal]);
    let timer: NodeJS.Timeout | undefined;
    let onAbort: (() => void) | undefined;
    const started = performance.now();
    stats.calls++;
    try {
      const timedOut = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          const error = new TargetCallError(`target call timed out after ${timeoutMs} ms`, false);
          timeout.abort(error);
          reject(error);
        }, timeoutMs);
      });
      const aborted = new Promise<never>((_, reject) => {
        onAbort = () => reject(abortReason(signal));
        if (signal.aborted) onAbort();
        else signal.addEventListener("abort", onAbort, { once: true });
      });
      const out = await Promise.race([target.predict(chunk, callSignal), timedOut, aborted]);
      if (!Array.isArray(out) || out.length !== chunk.length) {
        throw new TargetCallError(
          `target returned ${Array.isArray(out) ? out.length : "no"} predictions for ${chunk.length} inputs`,
          false,
        );
      }
      return out;
    } finally {
      stats.targetTimeMs += performance.now() - started;
      clearTimeout(timer);
      if (onAbort) signal.removeEventListener("abort", onAbort);
    }
  }

  async function runChunk(chunk: readonly Float32Array[], signal: AbortSignal): Promise<Prediction[]> {
    let charged = false;
    try {
      await slots.acquire(signal);
      try {
        for (let attempt = 0; ; attempt++) {
          if (bucket) await bucket.take(signal);
          signal.throwIfAborted();
          if (!charged) {
            reserved -= chunk.length;
            stats.queriesUsed += chunk.length;
            charged = true;
          } else {
            stats.retries++;
            stats.resentInputs += chunk.length;
          }
          try {
            return await callOnce(chunk, signal);
          } catch (error) {
            if (
              signal.aborted ||
              !(error instanceof TargetCallError) ||
              !error.retryable ||
              attempt >= retries
            ) {
              throw error;
            }
            const wait = Math.min(maxBackoffMs, Math.max(backoffMs * 2 ** attempt, error.retryAfterMs ?? 0));
            await sleep(wait, signal);
          }
        }
      } finally {
        slots.release();
      }
    } finally {
      if (!charged) reserved -= chunk.length;
    }
  }

  const guarded: GuardedTarget = {
    info: target.info,
    budget,
    get queriesUsed() {
      return stats.queriesUsed;
    },
    get remaining() {
      return budget - stats.queriesUsed - reserved;
    },
    get targetTimeMs() {
      return stats.targetTimeMs;
    },
    stats: () => ({ ...stats }),
    async predict(inputs: readonly Float32Array[], signal?: AbortSignal): Promise<Prediction[]> {
      options.signal?.throwIfAborted();
      signal?.throwIfAborted();
      if (inputs.length === 0) return [];
      const left = budget - stats.queriesUsed - reserved;
      if (inputs.length > left) {
        const error = new BudgetExhausted(budget);
        error.message = `query budget of ${budget} exhausted: batch of ${inputs.length} refused, ${left} left`;
        throw error;
      }
      reserved += inputs.length;
      const local = new AbortController();
      const signals = [local.signal, options.signal, signal].filter((s): s is AbortSignal => s !== undefined);
      const batchSignal = AbortSignal.any(signals);
      const chunks: (readonly Float32Array[])[] = [];
      const size = Number.isFinite(maxBatch) ? maxBatch : inputs.length;
      for (let i = 0; i < inputs.length; i += size) chunks.push(inputs.slice(i, i + size));
      // Every chunk waiting for a slot listens on this signal (removed when it gets one).
      setMaxListeners(chunks.length + 10, batchSignal);
      const settled = await Promise.allSettled(
        chunks.map((chunk) =>
          runChunk(chunk, batchSignal).catch((error: unknown) => {
            // One chunk failed: stop the others before they send anything more.
            local.abort(error);
            throw error;
          }),
        ),
      );
      const out: Prediction[] = [];
      for (const s of settled) {
        if (s.status === "rejected") throw firstCause(settled, local.signal);
        out.push(...s.value);
      }
      return out;
    },
  };
  if (target.close) {
    const close = target.close.bind(target);
    return Object.assign(guarded, { close });
  }
  return guarded;
}

/** The error that started a failed batch (not the aborts it caused in sibling chunks). */
function firstCause(settled: PromiseSettledResult<Prediction[]>[], local: AbortSignal): unknown {
  if (local.aborted) return local.reason;
  const rejected = settled.find((s): s is PromiseRejectedResult => s.status === "rejected");
  return rejected?.reason;
}

function positiveInt(value: number, name: string, allowZero = false): number {
  if (!Number.isInteger(value) || value < (allowZero ? 0 : 1)) {
    throw new RangeError(
      `${name} must be ${allowZero ? "a non-negative" : "a positive"} integer, got ${value}`,
    );
  }
  return value;
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException("This operation was aborted", "AbortError");
}

/** Wait `ms`, rejecting early with the abort reason. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortReason(signal));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortReason(signal as AbortSignal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

interface Semaphore {
  acquire(signal: AbortSignal): Promise<void>;
  release(): void;
}

function createSemaphore(size: number): Semaphore {
  let free = size;
  const waiting: Array<() => void> = [];
  return {
    acquire(signal) {
      signal.throwIfAborted();
      if (free > 0) {
        free--;
        return Promise.resolve();
      }
      return new Promise<void>((resolve, reject) => {
        const grant = () => {
          signal.removeEventListener("abort", onAbort);
          resolve();
        };
        const onAbort = () => {
          const i = waiting.indexOf(grant);
          if (i >= 0) waiting.splice(i, 1);
          reject(abortReason(signal));
        };
        waiting.push(grant);
        signal.addEventListener("abort", onAbort, { once: true });
      });
    },
    release() {
      const next = waiting.shift();
      if (next) next();
      else free++;
    },
  };
}

interface TokenBucket {
  take(signal: AbortSignal): Promise<void>;
}

/** Token bucket refilled continuously at `rate` tokens/s up to `burst`; waiters are served FIFO. */
function createTokenBucket(rate: number, burst: number): TokenBucket {
  if (!(rate > 0)) throw new RangeError(`ratePerSecond must be positive, got ${rate}`);
  const capacity = Math.max(1, burst);
  let tokens = capacity;
  let last = performance.now();
  let queue: Promise<void> = Promise.resolve();
  const refill = () => {
    const now = performance.now();
    tokens = Math.min(capacity, tokens + ((now - last) / 1000) * rate);
    last = now;
  };
  return {
    take(signal) {
      const turn = queue.then(async () => {
        for (;;) {
          signal.throwIfAborted();
          refill();
          if (tokens >= 1) {
            tokens -= 1;
            return;
          }
          await sleep(Math.ceil(((1 - tokens) / rate) * 1000), signal);
        }
      });
      queue = turn.catch(() => undefined);
      return turn;
    },
  };
}
