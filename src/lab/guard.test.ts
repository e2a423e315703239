import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BudgetExhausted } from "../contracts/errors.js";
import type { Prediction, TargetInfo } from "../contracts/lab.js";
import { guardTarget, TargetCallError } from "./guard.js";
import type { Target } from "./target.js";

const info: TargetInfo = {
  kind: "demo",
  description: "sum-sign test model",
  output: "label",
  numClasses: 2,
  inputShape: [2],
  inputBounds: { min: -1, max: 1 },
};

/** A real (if trivial) model: label 1 when the features sum above 0. Records every call. */
function sumModel(opts: { delayMs?: number; failures?: (call: number) => TargetCallError | undefined } = {}) {
  const calls: number[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const target: Target = {
    info,
    async predict(inputs) {
      const n = calls.length;
      calls.push(inputs.length);
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        if (opts.delayMs) await new Promise((r) => setTimeout(r, opts.delayMs));
        const failure = opts.failures?.(n);
        if (failure) throw failure;
        return inputs.map((x): Prediction => ({ label: x[0]! + x[1]! > 0 ? 1 : 0 }));
      } finally {
        inFlight--;
      }
    },
  };
  return { target, calls, maxInFlight: () => maxInFlight };
}

const vec = (a: number, b: number) => Float32Array.from([a, b]);

describe("guardTarget budget", () => {
  it("counts one query per input and refuses a batch larger than what remains, sending nothing", async () => {
    const m = sumModel();
    const g = guardTarget(m.target, { budget: 5 });
    expect(await g.predict([vec(1, 1), vec(-1, -1), vec(0.5, -0.2)])).toEqual([
      { label: 1 },
      { label: 0 },
      { label: 1 },
    ]);
    expect(g.queriesUsed).toBe(3);
    expect(g.remaining).toBe(2);
    await expect(g.predict([vec(1, 1), vec(1, 1), vec(1, 1)])).rejects.toBeInstanceOf(BudgetExhausted);
    expect(m.calls).toEqual([3]);
    await g.predict([vec(1, 1), vec(1, 1)]);
    expect(g.remaining).toBe(0);
    await expect(g.predict([vec(1, 1)])).rejects.toThrow(/budget of 5 exhausted: batch of 1 refused, 0 left/);
    expect(m.calls).toEqual([3, 2]);
  });

  it("never exceeds the budget under concurrent callers (property)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 30 }),
        fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 1, maxLength: 12 }),
        async (budget, sizes) => {
          const m = sumModel({ delayMs: 1 });
          const g = guardTarget(m.target, { budget, concurrency: 3 });
          await Promise.allSettled(sizes.map((n) => g.predict(Array.from({ length: n }, () => vec(1, 0)))));
          const sent = m.calls.reduce((a, b) => a + b, 0);
          return sent <= budget && g.queriesUsed === sent && g.remaining === budget - sent;
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe("guardTarget limits", () => {
  it("splits batches by maxBatch, keeps order and caps concurrency", async () => {
    const m = sumModel({ delayMs: 5 });
    const g = guardTarget(m.target, { budget: 100, concurrency: 2, maxBatch: 3 });
    const inputs = Array.from({ length: 10 }, (_, i) => vec(i % 2 === 0 ? 1 : -1, 0));
    const out = await g.predict(inputs);
    expect(out.map((p) => p.label)).toEqual([1, 0, 1, 0, 1, 0, 1, 0, 1, 0]);
    expect(m.calls).toEqual([3, 3, 3, 1]);
    expect(m.maxInFlight()).toBe(2);
    expect(g.stats().calls).toBe(4);
    expect(g.targetTimeMs).toBeGreaterThan(15);
  });

  it("rate-limits calls with a token bucket", async () => {
    const m = sumModel();
    const g = guardTarget(m.target, { budget: 100, ratePerSecond: 50, burst: 1, maxBatch: 1 });
    const t0 = performance.now();
    await g.predict(Array.from({ length: 6 }, () => vec(1, 1)));
    // first call immediate, then 5 more at 20 ms each
    expect(performance.now() - t0).toBeGreaterThanOrEqual(90);
  });

  it("retries retryable failures with backoff, charging the inputs once", async () => {
    const m = sumModel({ failures: (n) => (n < 2 ? new TargetCallError("HTTP 503", true, 503) : undefined) });
    const g = guardTarget(m.target, { budget: 4, retries: 3, backoffMs: 10 });
    const t0 = performance.now();
    const out = await g.predict([vec(1, 1), vec(-1, 0)]);
    expect(out).toEqual([{ label: 1 }, { label: 0 }]);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(28); // 10 + 20 ms
    expect(g.queriesUsed).toBe(2);
    expect(g.stats()).toMatchObject({ calls: 3, retries: 2, resentInputs: 4 });
  });

  it("honours Retry-After and gives up after the retry limit", async () => {
    const m = sumModel({ failures: () => new TargetCallError("HTTP 429", true, 429, 40) });
    const g = guardTarget(m.target, { budget: 4, retries: 1, backoffMs: 1 });
    const t0 = performance.now();
    await expect(g.predict([vec(1, 1)])).rejects.toThrow("HTTP 429");
    expect(performance.now() - t0).toBeGreaterThanOrEqual(38);
    expect(m.calls).toEqual([1, 1]);
    expect(g.queriesUsed).toBe(1);
  });

  it("does not retry non-retryable errors", async () => {
    const m = sumModel({ failures: () => new TargetCallError("HTTP 400", false, 400) });
    const g = guardTarget(m.target, { budget: 4, retries: 5, backoffMs: 1 });
    await expect(g.predict([vec(1, 1)])).rejects.toThrow("HTTP 400");
    expect(m.calls).toEqual([1]);
  });

  it("times out a slow call even if the target ignores the signal", async () => {
    const m = sumModel({ delayMs: 500 });
    const g = guardTarget(m.target, { budget: 4, timeoutMs: 30 });
    const t0 = performance.now();
    await expect(g.predict([vec(1, 1)])).rejects.toThrow(/timed out after 30 ms/);
    expect(performance.now() - t0).toBeLessThan(300);
  });

  it("aborts: in-flight calls reject, unsent chunks are released, later calls refused", async () => {
    const m = sumModel({ delayMs: 50 });
    const controller = new AbortController();
    const g = guardTarget(m.target, { budget: 20, concurrency: 1, maxBatch: 2, signal: controller.signal });
    const pending = g.predict(Array.from({ length: 6 }, () => vec(1, 1)));
    setTimeout(() => controller.abort(), 10);
    await expect(pending).rejects.toThrow(/abort/i);
    expect(m.calls).toEqual([2]);
    expect(g.queriesUsed).toBe(2);
    expect(g.remaining).toBe(18);
    await expect(g.predict([vec(1, 1)])).rejects.toThrow(/abort/i);
    expect(m.calls).toEqual([2]);
  });

  it("a per-call signal aborts only that call", async () => {
    const m = sumModel({ delayMs: 30 });
    const g = guardTarget(m.target, { budget: 20 });
    const c = new AbortController();
    const p = g.predict([vec(1, 1)], c.signal);
    c.abort(new Error("stop now"));
    await expect(p).rejects.toThrow("stop now");
    expect(await g.predict([vec(1, 1)])).toEqual([{ label: 1 }]);
  });

  it("rejects a target that answers with the wrong number of predictions", async () => {
    const bad: Target = { info, predict: async () => [{ label: 0 }] };
    const g = guardTarget(bad, { budget: 10 });
    await expect(g.predict([vec(1, 1), vec(1, 1)])).rejects.toThrow(/1 predictions for 2 inputs/);
  });
});
