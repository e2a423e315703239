// The one behaviour suite every target adapter must pass (HTTP, ONNX, in-process victim): same
// predictions as the reference model, declared info, batch order, budget, abort, retries, 429 backoff.
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BudgetExhausted } from "../contracts/errors.js";
import { type OutputKind, type Prediction, TargetInfo } from "../contracts/lab.js";
import { guardTarget, TargetCallError } from "../lab/guard.js";
import type { Target } from "../lab/target.js";
import { argmax, topIndices } from "./dense.js";
import { loadVictim, type Victim } from "./victims/index.js";

/** A transient failure to inject: the first `count` calls fail with HTTP-like `status`. */
export interface FaultPlan {
  status: 429 | 503;
  count: number;
  /** Retry-After in whole seconds (HTTP semantics). */
  retryAfterSeconds?: number;
}

/** What an adapter provides to the suite for one output kind. */
export interface SuiteFixture {
  target: Target;
  /** Full class probabilities of the reference model for the given inputs. */
  reference(inputs: readonly Float32Array[]): Float64Array[];
  /** In-bounds sample inputs (at least 12). */
  inputs: readonly Float32Array[];
  /** Fields `target.info` must declare. */
  expectedInfo: Partial<TargetInfo>;
  /** The same model failing per `plan` first (HTTP: a real server answering the status). */
  flaky(plan: FaultPlan): Promise<{ target: Target; failures(): number; close?(): Promise<void> }>;
  close?(): Promise<void>;
}

/** Tolerance between a target's scores and the reference (float32 inference vs float64). */
export const SCORE_TOLERANCE = 1e-5;

/**
 * Fail the first `plan.count` calls with a retryable {@link TargetCallError}, as an HTTP target would
 * for that status. For local targets, where no server can answer 429/503.
 */
export function injectFaults(target: Target, plan: FaultPlan): { target: Target; failures(): number } {
  let failures = 0;
  return {
    failures: () => failures,
    target: {
      info: target.info,
      async predict(inputs, signal) {
        if (failures < plan.count) {
          failures++;
          const retryAfter = plan.retryAfterSeconds === undefined ? undefined : plan.retryAfterSeconds * 1000;
          throw new TargetCallError(`injected HTTP ${plan.status}`, true, plan.status, retryAfter);
        }
        return target.predict(inputs, signal);
      },
    },
  };
}

/** Counts the inputs that actually reach a target (between the guard and the adapter). */
function counting(
  target: Target,
  onCall?: (received: number) => void,
): { target: Target; received: () => number } {
  let received = 0;
  return {
    received: () => received,
    target: {
      info: target.info,
      predict(inputs, signal) {
        received += inputs.length;
        onCall?.(received);
        return target.predict(inputs, signal);
      },
    },
  };
}

function expectMatches(kind: OutputKind, topK: number, got: Prediction[], ref: Float64Array[]) {
  expect(got).toHaveLength(ref.length);
  got.forEach((p, i) => {
    const r = ref[i]!;
    expect(p.label).toBe(argmax(r));
    if (kind === "label") {
      expect(p.scores).toBeUndefined();
      return;
    }
    expect(p.scores).toHaveLength(r.length);
    const shown = kind === "probs" ? r.map((_, j) => j) : topIndices(r, topK);
    r.forEach((v, j) => {
      const expected = shown.includes(j) ? v : 0;
      expect(Math.abs(p.scores![j]! - expected)).toBeLessThan(SCORE_TOLERANCE);
    });
  });
}

/**
 * Register the shared suite for one adapter. `setup` is called once per output kind
 * ("label", "topk" with k = 3, "probs") and must return a fixture for it.
 */
export function runTargetSuite(
  name: string,
  setup: (output: OutputKind, topK?: number) => Promise<SuiteFixture>,
): void {
  const kinds: Array<[OutputKind, number | undefined]> = [
    ["label", undefined],
    ["topk", 3],
    ["probs", undefined],
  ];
  for (const [kind, topK] of kinds) {
    describe(`${name} target (${kind})`, () => {
      let f: SuiteFixture;
      beforeAll(async () => {
        f = await setup(kind, topK);
      });
      afterAll(async () => {
        await f?.close?.();
        await f?.target.close?.();
      });

      it("declares valid info for its output kind", () => {
        const info = TargetInfo.parse(f.target.info);
        expect(info.output).toBe(kind);
        if (topK) expect(info.topK).toBe(topK);
        expect(info).toMatchObject(f.expectedInfo);
        expect(f.inputs[0]!.length).toBe(info.inputShape.reduce((a, b) => a * b, 1));
      });

      it("predicts what the reference model predicts", async () => {
        const got = await f.target.predict(f.inputs);
        expectMatches(kind, topK ?? 1, got, f.reference(f.inputs));
      });

      it("keeps batch order: a reversed batch gives reversed predictions, equal to one-by-one calls", async () => {
        const xs = f.inputs.slice(0, 6);
        const forward = await f.target.predict(xs);
        const backward = await f.target.predict([...xs].reverse());
        expect(backward).toEqual([...forward].reverse());
        const single = [];
        for (const x of xs) single.push(...(await f.target.predict([x])));
        expect(single).toEqual(forward);
      });

      it("behind the guard, never sends a query over the budget", async () => {
        const c = counting(f.target);
        const g = guardTarget(c.target, { budget: 10, maxBatch: 3 });
        await g.predict(f.inputs.slice(0, 4));
        await g.predict(f.inputs.slice(4, 8));
        await expect(g.predict(f.inputs.slice(0, 4))).rejects.toBeInstanceOf(BudgetExhausted);
        expect(c.received()).toBe(8);
        await g.predict(f.inputs.slice(0, 2));
        await expect(g.predict(f.inputs.slice(0, 1))).rejects.toBeInstanceOf(BudgetExhausted);
        expect(c.received()).toBe(10);
        expect(g.queriesUsed).toBe(10);
        expect(g.remaining).toBe(0);
      });

      it("stops on abort: nothing sent after the abort, the call rejects", async () => {
        const controller = new AbortController();
        // Abort while the third single-input call is in flight.
        const c = counting(f.target, (received) => received === 3 && controller.abort());
        const g = guardTarget(c.target, {
          budget: 100,
          maxBatch: 1,
          concurrency: 1,
          signal: controller.signal,
        });
        const xs = f.inputs.slice(0, 12);
        await expect(g.predict(xs)).rejects.toThrow(/abort/i);
        const sent = c.received();
        expect(sent).toBe(3);
        expect(g.queriesUsed).toBe(sent);
        await expect(g.predict(xs.slice(0, 1))).rejects.toThrow(/abort/i);
        expect(c.received()).toBe(sent);
      });

      it("retries 503 with backoff, then succeeds", async () => {
        const flaky = await f.flaky({ status: 503, count: 2 });
        try {
          const g = guardTarget(flaky.target, { budget: 10, retries: 3, backoffMs: 5 });
          const got = await g.predict(f.inputs.slice(0, 3));
          expectMatches(kind, topK ?? 1, got, f.reference(f.inputs.slice(0, 3)));
          expect(flaky.failures()).toBe(2);
          expect(g.queriesUsed).toBe(3);
          expect(g.stats().retries).toBe(2);
        } finally {
          await flaky.close?.();
        }
      });

      it("backs off on 429 as long as Retry-After says (capped), then succeeds", async () => {
        const flaky = await f.flaky({ status: 429, count: 1, retryAfterSeconds: 1 });
        try {
          const g = guardTarget(flaky.target, { budget: 10, retries: 2, backoffMs: 5, maxBackoffMs: 150 });
          const started = performance.now();
          const got = await g.predict(f.inputs.slice(0, 2));
          expect(performance.now() - started).toBeGreaterThanOrEqual(145);
          expectMatches(kind, topK ?? 1, got, f.reference(f.inputs.slice(0, 2)));
          expect(flaky.failures()).toBe(1);
        } finally {
          await flaky.close?.();
        }
      });
    });
  }
}

/** Directory where the suite's tiny victim is cached between runs (deterministic, keyed by version). */
export const SUITE_CACHE_DIR = join(tmpdir(), "mlsa-target-suite-cache");

/** The small digits victim every adapter is tested against (trained once, ~2 s, then cached). */
export function loadSuiteVictim(): Promise<Victim> {
  return loadVictim("digits", { tiny: true, seed: 7, dataDir: SUITE_CACHE_DIR });
}
