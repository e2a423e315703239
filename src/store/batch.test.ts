// Group commit: items waiting together run as one batch, each caller gets its own outcome, and a
// statement never touches the same key twice.
import { describe, expect, it } from "vitest";
import { createBatcher, rounds } from "./batch.js";

describe("createBatcher", () => {
  it("gathers concurrent items into one run and answers each caller", async () => {
    const runs: number[][] = [];
    const run = createBatcher(
      async (items: number[]) => {
        runs.push(items);
        return items.map((n) =>
          n < 0 ? { ok: false as const, error: new Error(`bad ${n}`) } : { ok: true as const, value: n * 2 },
        );
      },
      { concurrency: 1, max: 100 },
    );
    const results = await Promise.allSettled([run(1), run(2), run(-3), run(4)]);
    expect(runs).toEqual([[1, 2, -3, 4]]);
    expect(results.map((r) => (r.status === "fulfilled" ? r.value : (r.reason as Error).message))).toEqual([
      2,
      4,
      "bad -3",
      8,
    ]);
  });

  it("keeps at most `concurrency` runs in flight and `max` items per run", async () => {
    let inflight = 0;
    let peak = 0;
    const sizes: number[] = [];
    const run = createBatcher(
      async (items: number[]) => {
        inflight++;
        peak = Math.max(peak, inflight);
        sizes.push(items.length);
        await new Promise((r) => setTimeout(r, 5));
        inflight--;
        return items.map((value) => ({ ok: true as const, value }));
      },
      { concurrency: 2, max: 3 },
    );
    const out = await Promise.all(Array.from({ length: 10 }, (_, i) => run(i)));
    expect(out).toEqual(Array.from({ length: 10 }, (_, i) => i));
    expect(peak).toBeLessThanOrEqual(2);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(3);
  });

  it("rejects every item of a run that throws", async () => {
    const run = createBatcher(
      async (): Promise<Array<{ ok: true; value: number }>> => {
        throw new Error("database down");
      },
      { concurrency: 1, max: 10 },
    );
    const results = await Promise.allSettled([run(1), run(2)]);
    expect(results.every((r) => r.status === "rejected")).toBe(true);
  });
});

describe("rounds", () => {
  it("puts repeated keys into later rounds, keeping original positions", () => {
    const r = rounds(["a", "b", "a", "c", "a"], (x) => x);
    expect(r.map((round) => round.map((x) => `${x.item}${x.index}`))).toEqual([
      ["a0", "b1", "c3"],
      ["a2"],
      ["a4"],
    ]);
  });
});
