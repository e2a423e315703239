// The raw-HTTP capability that API probes need (malformed inputs, bursts, headers), as an interface
// injected by the caller (src/targets implements it), plus the budget wrapper every run puts around it.
import { BudgetExhausted } from "../../contracts/errors.js";
import type { Prediction } from "../../contracts/lab.js";

/** How non-finite numbers are written into a request body. */
export type NonFiniteEncoding = "null" | "literal";

/** One raw request and what came back. Bodies are truncated to keep evidence small. */
export interface RawExchange {
  /** HTTP status; 0 when no answer arrived (connection refused, timeout). */
  readonly status: number;
  /** Response headers, lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  /** Response body text (at most 64 KiB). */
  readonly body: string;
  /** Milliseconds from sending to the full answer. */
  readonly ms: number;
  /** The answer mapped like the target maps it, when the status is 2xx and the body fits the mapping. */
  readonly prediction?: Prediction;
  /** Why a 2xx body could not be mapped to a prediction, or why no answer arrived. */
  readonly problem?: string;
}

/**
 * Raw access to a prediction API. `sendInput` places `input` where the target's request template
 * puts one input (any JSON value, so wrong shapes and types can be sent); numbers that are not
 * finite are written as `null` or as bare `NaN` / `Infinity` literals (what Python's json module
 * emits). Implementations contact only the target's configured origin and add its auth header.
 */
export interface RawProbe {
  /** Safe to show: method and URL without credentials. */
  readonly description: string;
  sendInput(
    input: unknown,
    options?: { nonFinite?: NonFiniteEncoding; signal?: AbortSignal },
  ): Promise<RawExchange>;
}

/** A raw probe charged against a run's query budget: one request = one query. */
export interface BudgetedRawProbe extends RawProbe {
  /** Requests sent through this wrapper. */
  used(): number;
  /** Requests still allowed. */
  remaining(): number;
}

/**
 * Charge raw requests to the run budget shared with the guarded target: a request is refused with
 * {@link BudgetExhausted} (before sending) when `budget − guardedUsed() − raw requests` is spent.
 */
export function budgetRaw(raw: RawProbe, budget: number, guardedUsed: () => number): BudgetedRawProbe {
  let used = 0;
  const remaining = () => Math.max(0, budget - guardedUsed() - used);
  return {
    description: raw.description,
    used: () => used,
    remaining,
    async sendInput(input, options) {
      options?.signal?.throwIfAborted();
      if (remaining() < 1) throw new BudgetExhausted(budget);
      used++;
      return raw.sendInput(input, options);
    },
  };
}
