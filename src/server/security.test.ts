// The in-memory token bucket behind the rate limits.
import { describe, expect, it } from "vitest";
import { createLimiter } from "./security.js";

describe("createLimiter", () => {
  it("allows a burst, then refills at the given rate", () => {
    let now = 0;
    const limiter = createLimiter({ burst: 3, perSecond: 2 }, 100, () => now);
    expect([limiter.take("a"), limiter.take("a"), limiter.take("a")]).toEqual([0, 0, 0]);
    expect(limiter.take("a")).toBe(1);
    expect(limiter.take("b")).toBe(0);
    now += 500; // one request's worth at 2/s
    expect(limiter.take("a")).toBe(0);
    expect(limiter.take("a")).toBeGreaterThan(0);
  });

  it("remembers a bounded number of keys", () => {
    const limiter = createLimiter({ burst: 1, perSecond: 1 }, 10, () => 0);
    for (let i = 0; i < 50; i++) limiter.take(`k${i}`);
    expect(limiter.size).toBe(10);
  });
});
