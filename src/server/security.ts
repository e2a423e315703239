// Security headers on every response and in-memory token-bucket rate limits. Addresses and token
// hashes used as bucket keys live only in this process's memory: never stored, never logged.
import type { FastifyInstance } from "fastify";

/** Headers sent with every response, API and static files alike. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "content-security-policy":
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; " +
    "base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
  "referrer-policy": "no-referrer",
  "x-content-type-options": "nosniff",
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-resource-policy": "same-origin",
  "x-frame-options": "DENY",
  "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=()",
};

/** Add the security headers (and no-store on API answers, which can hold sensitive answers). */
export function registerSecurityHeaders(app: FastifyInstance): void {
  app.addHook("onSend", async (request, reply, payload) => {
    void reply.headers(SECURITY_HEADERS);
    if (request.url.startsWith("/api/")) void reply.header("cache-control", "no-store");
    return payload;
  });
}

/** A bucket holding up to `burst` requests, refilled at `perSecond`. */
export interface BucketRule {
  burst: number;
  perSecond: number;
}

/** Limits per client address, per token, and for creating assessments (per address). */
export interface RateLimits {
  address: BucketRule;
  token: BucketRule;
  create: BucketRule;
}

/** Defaults: generous for people clicking through a questionnaire, tight for scripted abuse. */
export const DEFAULT_RATE_LIMITS: RateLimits = {
  address: { burst: 300, perSecond: 10 },
  token: { burst: 120, perSecond: 4 },
  create: { burst: 30, perSecond: 0.1 },
};

/** Token buckets keyed by an opaque string, with a bound on how many keys are remembered. */
export function createLimiter(
  rule: BucketRule,
  maxKeys = 100_000,
  now: () => number = () => performance.now(),
) {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    /** Take one request; returns 0 when allowed, else the seconds until one is available. */
    take(key: string): number {
      const t = now();
      const b = buckets.get(key) ?? { tokens: rule.burst, at: t };
      b.tokens = Math.min(rule.burst, b.tokens + ((t - b.at) / 1000) * rule.perSecond);
      b.at = t;
      buckets.delete(key);
      if (buckets.size >= maxKeys) {
        const oldest = buckets.keys().next().value;
        if (oldest !== undefined) buckets.delete(oldest);
      }
      buckets.set(key, b);
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return 0;
      }
      return Math.max(1, Math.ceil((1 - b.tokens) / rule.perSecond));
    },
    get size() {
      return buckets.size;
    },
  };
}
export type Limiter = ReturnType<typeof createLimiter>;
