// An acknowledged answer is never lost: the real server runs as a child process, and right after
// each 2xx acknowledgement it is killed with SIGKILL, restarted, and every acknowledged answer must
// be there. On PGlite (data folder) and on PostgreSQL.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CATALOG, questionsOf } from "../src/catalog/index.js";
import { seedDataDir } from "./support/pglite.js";
import { createTestDatabase } from "./support/postgres.js";

// The real `mlsa` binary once its main program registers `serve`; before that, the same serve
// command through a two-line entry script.
const viaMain = readFileSync("src/cli/main.ts", "utf8").includes("registerServe(");
const entry = viaMain ? ["bin/mlsa.js"] : ["--import", "tsx", "test/support/serve-entry.ts"];

interface Running {
  child: ChildProcess;
  url: string;
  exited: Promise<number | null>;
}

function start(args: string[], env: NodeJS.ProcessEnv): Promise<Running> {
  const child = spawn(
    process.execPath,
    [...entry, "serve", "--port", "0", "--log-level", "silent", ...args],
    {
      env: { ...process.env, ...env },
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let err = "";
    const timer = setTimeout(() => reject(new Error(`server did not start: ${err}`)), 60_000);
    child.stderr?.on("data", (chunk) => {
      err += String(chunk);
      const m = /listening on (http:\/\/\S+)/.exec(err);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve({ child, url: m[1], exited });
      }
    });
    child.on("exit", (code) => reject(new Error(`server exited with ${code}: ${err}`)));
  });
}

async function killNow(r: Running) {
  r.child.kill("SIGKILL");
  await r.exited;
}

const toClean: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  for (const c of toClean) await c();
});

/** Options to write: the first option of single-choice questions of the risk questionnaire. */
const writes = questionsOf(CATALOG, "risk")
  .filter((q) => q.type !== "multiple")
  .slice(0, 4)
  .map((q) => ({ questionId: q.id, value: q.options[q.options.length - 1]?.id as string }));

async function killAfterEachAck(args: string[], env: NodeJS.ProcessEnv) {
  let server = await start(args, env);
  const created = await fetch(`${server.url}/api/assessments`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ domain: "finance" }),
  });
  expect(created.status).toBe(201);
  const { assessment, tokens } = (await created.json()) as {
    assessment: { id: string };
    tokens: { owner: string };
  };
  await killNow(server);
  const acked: Array<{ questionId: string; value: string; revision: number }> = [];
  const auth = { authorization: `Bearer ${tokens.owner}`, "content-type": "application/json" };
  for (const w of writes) {
    server = await start(args, env);
    // everything acknowledged before the last kill is still there
    const before = await fetch(`${server.url}/api/assessments/${assessment.id}/questionnaires/risk`, {
      headers: auth,
    });
    expect(before.status).toBe(200);
    const stored = ((await before.json()) as { answers: typeof acked }).answers;
    for (const a of acked) expect(stored).toContainEqual(a);
    const res = await fetch(`${server.url}/api/assessments/${assessment.id}/answers/${w.questionId}`, {
      method: "PUT",
      headers: auth,
      body: JSON.stringify({ value: w.value, baseRevision: 0 }),
    });
    if (res.ok) server.child.kill("SIGKILL"); // right after the acknowledgement
    expect(res.status).toBe(200);
    acked.push((await res.json()) as (typeof acked)[number]);
    await server.exited;
  }
  // a burst of concurrent writes: kill at the first acknowledgement; all acknowledged ones survive
  server = await start(args, env);
  const burst = questionsOf(CATALOG, "surface")
    .filter((q) => q.type !== "multiple")
    .slice(0, 20);
  const inflight = burst.map((q) =>
    fetch(`${server.url}/api/assessments/${assessment.id}/answers/${q.id}`, {
      method: "PUT",
      headers: auth,
      body: JSON.stringify({ value: q.options[0]?.id, baseRevision: 0 }),
    }).then(
      async (r) => {
        if (r.ok) {
          server.child.kill("SIGKILL");
          return (await r.json()) as (typeof acked)[number];
        }
        return null;
      },
      () => null,
    ),
  );
  const burstAcked = (await Promise.all(inflight)).filter((a) => a !== null);
  await server.exited;
  expect(burstAcked.length).toBeGreaterThan(0);
  server = await start(args, env);
  const after = await fetch(`${server.url}/api/assessments/${assessment.id}/export`, { headers: auth });
  const file = (await after.json()) as { answers: Record<string, string> };
  for (const a of [...acked, ...burstAcked]) expect(file.answers[a.questionId]).toEqual(a.value);
  // a clean stop (SIGTERM) exits 0 and releases the data folder
  server.child.kill("SIGTERM");
  expect(await server.exited).toBe(0);
}

describe("durability: acknowledged answers survive SIGKILL", () => {
  it("on PGlite in a data folder", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mlsa-durability-"));
    toClean.push(() => rmSync(dir, { recursive: true, force: true }));
    await seedDataDir(dir);
    await killAfterEachAck(["--data-dir", dir], { DATABASE_URL: "" });
  }, 240_000);

  it("on PostgreSQL", async () => {
    const { url, drop } = await createTestDatabase();
    toClean.push(drop);
    await killAfterEachAck([], { DATABASE_URL: url });
  }, 240_000);
});
