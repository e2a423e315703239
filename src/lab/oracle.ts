// Budget-aware querying for attacks: never asks the guard for more than the run (or an example's
// quota) allows, splits large batches so an abort lands within one batch, and checks the signal.

import { BudgetExhausted } from "../contracts/errors.js";
import type { Prediction } from "../contracts/lab.js";
import type { AttackContext, LabExample } from "./attack.js";

/** Largest batch sent in one call; also the abort granularity for big gradient-estimation batches. */
export const MAX_BATCH = 500;

/** Query access with an explicit allowance. */
export interface Oracle {
  /** Queries this oracle may still send. */
  remaining(): number;
  /** Queries sent through this oracle so far. */
  used(): number;
  /** Predict a batch; throws BudgetExhausted (sending nothing) when it exceeds `remaining()`. */
  predict(xs: readonly Float32Array[]): Promise<Prediction[]>;
  /** Labels only. */
  labels(xs: readonly Float32Array[]): Promise<number[]>;
  /** A child oracle limited to `quota` more queries (and still to this one's allowance). */
  quota(quota: number): Oracle;
}

/** The run-level oracle: allowance = what the guard still admits (budget − sent − in flight). */
export function createOracle(ctx: Pick<AttackContext<unknown>, "target" | "budget" | "signal">): Oracle {
  const start = ctx.target.queriesUsed;
  const send = async (xs: readonly Float32Array[]): Promise<Prediction[]> => {
    const out: Prediction[] = [];
    for (let i = 0; i < xs.length; i += MAX_BATCH) {
      ctx.signal.throwIfAborted();
      const batch = xs.slice(i, i + MAX_BATCH);
      const preds = await ctx.target.predict(batch, ctx.signal);
      if (preds.length !== batch.length) {
        throw new Error(`target returned ${preds.length} predictions for ${batch.length} inputs`);
      }
      out.push(...preds);
    }
    return out;
  };
  return limited(
    () => ctx.target.remaining,
    () => ctx.target.queriesUsed - start,
    send,
    ctx.budget,
  );
}

function limited(
  remaining: () => number,
  used: () => number,
  send: (xs: readonly Float32Array[]) => Promise<Prediction[]>,
  budget: number,
): Oracle {
  const self: Oracle = {
    remaining,
    used,
    async predict(xs) {
      if (xs.length === 0) return [];
      if (xs.length > remaining()) throw new BudgetExhausted(budget);
      return send(xs);
    },
    async labels(xs) {
      return (await self.predict(xs)).map((p) => p.label);
    },
    quota(quota) {
      let spent = 0;
      return limited(
        () => Math.max(0, Math.min(quota - spent, remaining())),
        () => spent,
        async (xs) => {
          const preds = await self.predict(xs);
          spent += xs.length;
          return preds;
        },
        quota,
      );
    },
  };
  return self;
}

/**
 * The target's labels for `examples`, using `targetLabel` where the caller supplied it and querying
 * the rest in one batch (at most what the oracle allows: unknown labels beyond that come back -1).
 */
export async function targetLabels(oracle: Oracle, examples: readonly LabExample[]): Promise<number[]> {
  const missing = examples.flatMap((e, i) => (e.targetLabel === undefined ? [i] : []));
  const affordable = missing.slice(0, oracle.remaining());
  const answered = await oracle.labels(affordable.map((i) => examples[i]!.x));
  const labels = examples.map((e) => e.targetLabel ?? -1);
  affordable.forEach((i, k) => {
    labels[i] = answered[k]!;
  });
  return labels;
}
