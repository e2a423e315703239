// Probe: does the API throttle a client that sends a quick burst? A bounded burst of valid requests
// over raw HTTP, stopping at the first 429 (or 503 with Retry-After) or at the budget.
import { z } from "zod";
import { defineAttack } from "../attack.js";
import { PREDICTION_API_PAPER, probeInputs } from "./inspect.js";
import type { RawExchange } from "./raw.js";

const Params = z
  .object({
    /** Most requests in the burst (also bounded by the budget). */
    maxRequests: z.number().int().min(2).max(5000).default(100),
    /** Requests in flight at once; those already sent finish after the first throttled answer. */
    concurrency: z.number().int().min(1).max(32).default(4),
  })
  .strict();

const LIMIT_HEADERS = [
  "ratelimit",
  "ratelimit-limit",
  "ratelimit-remaining",
  "ratelimit-policy",
  "x-ratelimit-limit",
  "x-ratelimit-remaining",
  "x-rate-limit-limit",
  "retry-after",
];

/** True for an answer that says "slow down". */
export function isThrottled(ex: RawExchange): boolean {
  return ex.status === 429 || (ex.status === 503 && ex.headers["retry-after"] !== undefined);
}

export const probeRateLimit = defineAttack({
  id: "probe-rate-limit",
  family: "probe",
  name: "Probe: rate limiting",
  paper: PREDICTION_API_PAPER,
  requires: { outputs: ["label", "topk", "probs"], raw: true },
  params: Params,
  description:
    "Sends a bounded burst of valid requests as fast as a few connections allow and stops at the first " +
    "throttled answer (HTTP 429, or 503 with Retry-After) or at the budget. Reports after how many " +
    "requests the API pushed back, the rate reached and any rate-limit headers. Fills in the query-limits " +
    "answer (one client cannot tell a per-client limit from a global one; the evidence says so).",
  async run(ctx) {
    const p = ctx.params;
    const raw = ctx.raw!;
    const input = Array.from(probeInputs(ctx.target.info, ctx.inputs, 1, ctx.seed)[0]!);
    const max = Math.min(p.maxRequests, raw.remaining());
    const log: RawExchange[] = [];
    let sent = 0;
    let firstThrottled = 0;
    const started = performance.now();
    const worker = async () => {
      while (firstThrottled === 0 && sent < max) {
        ctx.signal.throwIfAborted();
        sent++;
        const ex = await raw.sendInput(input, { signal: ctx.signal });
        log.push(ex);
        if (isThrottled(ex) && firstThrottled === 0) firstThrottled = log.length;
        ctx.onProgress(sent / max, `${sent} requests`);
      }
    };
    await Promise.all(Array.from({ length: Math.min(p.concurrency, max) }, worker));
    const seconds = (performance.now() - started) / 1000;
    const headers = [
      ...new Set(log.flatMap((ex) => Object.keys(ex.headers).filter((h) => LIMIT_HEADERS.includes(h)))),
    ];
    const ok = log.filter((ex) => ex.status >= 200 && ex.status < 300).length;
    const failed = log.filter((ex) => !isThrottled(ex) && (ex.status < 200 || ex.status >= 300)).length;
    const limited = firstThrottled > 0 || headers.some((h) => h !== "retry-after");
    const retryAfter = log.find(isThrottled)?.headers["retry-after"];
    const rate = log.length / Math.max(seconds, 1e-3);
    const summary = limited
      ? `Rate-limit probe: ${
          firstThrottled > 0
            ? `throttled after ${firstThrottled - 1} requests (HTTP ${log[firstThrottled - 1]!.status}${retryAfter ? `, Retry-After ${retryAfter}` : ""})`
            : `no request was refused, but the API announces limits (${headers.join(", ")})`
        } at about ${rate.toFixed(0)} requests/s. A single client cannot tell whether the limit is per client or global.`
      : `Rate-limit probe: ${log.length} requests in ${seconds.toFixed(2)} s (about ${rate.toFixed(0)}/s) were all answered without throttling or rate-limit headers${
          failed > 0 ? ` (${failed} failed for other reasons)` : ""
        }. A limit above this burst would not show.`;
    // "none" only when the burst was big enough to mean something.
    const suggestion = limited ? "per_client" : log.length >= 20 && failed === 0 ? "none" : undefined;
    return {
      metrics: {
        queries: raw.used(),
        requests: log.length,
        accepted: ok,
        throttled: firstThrottled > 0 ? 1 : 0,
        firstThrottledRequest: firstThrottled,
        rateLimitHeaders: headers.length,
        requestsPerSecond: rate,
        otherFailures: failed,
      },
      summary,
      examples: headers.length > 0 ? [{ label: `rate-limit headers seen: ${headers.join(", ")}` }] : [],
      ...(suggestion ? { suggestedAnswers: { "surface.inference.query_limits": suggestion } } : {}),
    };
  },
});
