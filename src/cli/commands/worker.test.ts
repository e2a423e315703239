// `mlsa worker` and `mlsa serve --no-inline-jobs` refuse to start without PostgreSQL, with a clear
// message and exit code 2, and bad lab settings are named. (The worker itself runs in
// test/scale.test.ts, as real child processes on a real PostgreSQL.)
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { main } from "../main.js";
import { inlineJobsWanted } from "./serve.js";

let stderr = "";
let saved: NodeJS.ProcessEnv;
beforeEach(() => {
  saved = { ...process.env };
  delete process.env.DATABASE_URL;
  stderr = "";
  vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  process.env = saved;
});

describe("mlsa worker", () => {
  it("needs DATABASE_URL", async () => {
    expect(await main(["node", "mlsa", "worker"])).toBe(2);
    expect(stderr).toMatch(/mlsa worker needs DATABASE_URL/);
  });

  it("checks --concurrency and the lab settings before connecting", async () => {
    process.env.DATABASE_URL = "postgres://nobody@127.0.0.1:1/none";
    expect(await main(["node", "mlsa", "worker", "--concurrency", "0"])).toBe(2);
    expect(stderr).toMatch(/--concurrency: expected an integer from 1 to 64/);
    process.env.MLSA_LAB_STALE_MS = "10";
    expect(await main(["node", "mlsa", "worker"])).toBe(2);
    expect(stderr).toMatch(/MLSA_LAB_STALE_MS must be an integer/);
  });
});

describe("mlsa serve --no-inline-jobs", () => {
  it("needs DATABASE_URL", async () => {
    expect(await main(["node", "mlsa", "serve", "--no-inline-jobs", "--port", "0"])).toBe(2);
    expect(stderr).toMatch(/--no-inline-jobs needs DATABASE_URL/);
  });

  it("reads MLSA_INLINE_JOBS", () => {
    expect(inlineJobsWanted(true, {})).toBe(true);
    expect(inlineJobsWanted(false, {})).toBe(false);
    expect(inlineJobsWanted(true, { MLSA_INLINE_JOBS: "0" })).toBe(false);
    expect(inlineJobsWanted(true, { MLSA_INLINE_JOBS: "true" })).toBe(true);
    expect(() => inlineJobsWanted(true, { MLSA_INLINE_JOBS: "maybe" })).toThrow(/MLSA_INLINE_JOBS/);
  });
});
