// mlsa at scale on a real PostgreSQL: two stateless server instances (no lab jobs of their own) and
// two `mlsa worker` processes on one DATABASE_URL. Answers written through both servers interleave
// with no loss; a lab run started through one server runs on a worker and is watched through the
// other; a worker killed with SIGKILL mid-run leaves its run failed ("worker lost"), never running.
import { type ChildProcess, spawn } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CATALOG, questionsOf } from "../src/catalog/index.js";
import { ATTACKS_EVALUATED } from "../src/lab/verifies.js";
import { type RunningServer, startServer } from "../src/server/index.js";
import { type DemoServer, startDemoServer } from "../src/targets/demo-server.js";
import { loadVictim } from "../src/targets/victims/index.js";
import { createTestDatabase } from "./support/postgres.js";
import { NO_LIMITS } from "./support/server.js";

const DATA_DIR = join(tmpdir(), "mlsa-runs-test-cache");
// Short heartbeats so a lost worker is noticed in about two seconds (servers read these too).
const LAB_ENV = { MLSA_LAB_HEARTBEAT_MS: "200", MLSA_LAB_STALE_MS: "2000", MLSA_DATA_DIR: DATA_DIR };
Object.assign(process.env, LAB_ENV);

interface Worker {
  child: ChildProcess;
  exited: Promise<number | null>;
  log: () => string;
}

let db: { url: string; drop: () => Promise<void> };
let servers: RunningServer[] = [];
let workers: Worker[] = [];
let probs: DemoServer;
let slow: DemoServer;

function startWorker(url: string): Promise<Worker> {
  const child = spawn(process.execPath, ["bin/mlsa.js", "worker", "--concurrency", "1"], {
    env: { ...process.env, ...LAB_ENV, DATABASE_URL: url },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let err = "";
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker did not start: ${err}`)), 30_000);
    child.stderr?.on("data", (chunk) => {
      err += String(chunk);
      if (err.includes("worker ready")) {
        clearTimeout(timer);
        resolve({ child, exited, log: () => err });
      }
    });
    child.on("exit", (code) => reject(new Error(`worker exited with ${code}: ${err}`)));
  });
}

async function call<T = unknown>(
  server: RunningServer,
  method: string,
  path: string,
  token?: string,
  body?: unknown,
) {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { "content-type": "application/json" } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}

type Run = { id: string; state: string; queriesUsed: number; error: string | null; verified: string[] };

async function poll(
  server: RunningServer,
  id: string,
  token: string,
  runId: string,
  until: (r: Run) => boolean,
) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const res = await call<Run>(server, "GET", `/api/assessments/${id}/runs/${runId}`, token);
    expect(res.status).toBe(200);
    if (until(res.body)) return res.body;
    if (Date.now() > deadline) throw new Error(`run ${runId} still ${res.body.state}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
const finished = (r: Run) => ["succeeded", "failed", "cancelled"].includes(r.state);

beforeAll(async () => {
  db = await createTestDatabase();
  const victim = await loadVictim("tabular-logreg", { tiny: true, dataDir: DATA_DIR });
  probs = await startDemoServer({ victim, output: "probs" });
  slow = await startDemoServer({ victim, output: "label", rateLimit: { perSecond: 5, burst: 2 } });
  const [a, w1, w2] = await Promise.all([
    startServer({
      databaseUrl: db.url,
      port: 0,
      inlineJobs: false,
      logger: false,
      rateLimits: NO_LIMITS,
      webRoot: null,
    }),
    startWorker(db.url),
    startWorker(db.url),
  ]);
  // The second server starts once the first has migrated (both would also be safe at once).
  const b = await startServer({
    databaseUrl: db.url,
    port: 0,
    inlineJobs: false,
    logger: false,
    rateLimits: NO_LIMITS,
    webRoot: null,
  });
  servers = [a, b];
  workers = [w1, w2];
}, 60_000);

afterAll(async () => {
  for (const w of workers) {
    w.child.kill("SIGKILL");
    await w.exited;
  }
  for (const s of servers) await s.close();
  await probs?.close();
  await slow?.close();
  await db?.drop();
});

async function createAssessment(server: RunningServer) {
  const res = await call<{ assessment: { id: string }; tokens: Record<string, string> }>(
    server,
    "POST",
    "/api/assessments",
    undefined,
    { name: "scale", domain: "finance" },
  );
  expect(res.status).toBe(201);
  return res.body;
}

describe("two servers and two workers on one PostgreSQL", () => {
  it("interleaves answers written through both servers with no loss", async () => {
    const [a, b] = servers as [RunningServer, RunningServer];
    const { assessment, tokens } = await createAssessment(a);
    const single = [...questionsOf(CATALOG, "risk"), ...questionsOf(CATALOG, "surface")].filter(
      (q) => q.type !== "multiple" && q.options.length >= 2,
    );
    // Every question written twice, alternately through each server, all at the same time.
    const writes = single.map(async (q, i) => {
      const [first, second] = i % 2 === 0 ? [a, b] : [b, a];
      const one = await call<{ revision: number }>(
        first,
        "PUT",
        `/api/assessments/${assessment.id}/answers/${q.id}`,
        tokens.owner,
        {
          value: q.options[0]?.id,
          baseRevision: 0,
        },
      );
      expect(one.status).toBe(200);
      const two = await call<{ revision: number }>(
        second,
        "PUT",
        `/api/assessments/${assessment.id}/answers/${q.id}`,
        tokens.owner,
        {
          value: q.options[1]?.id,
          baseRevision: one.body.revision,
        },
      );
      expect(two.status).toBe(200);
      return { id: q.id, value: q.options[1]?.id, revision: two.body.revision };
    });
    const acked = await Promise.all(writes);
    expect(acked.length).toBeGreaterThan(20);
    for (const server of [a, b]) {
      const exported = await call<{ answers: Record<string, string> }>(
        server,
        "GET",
        `/api/assessments/${assessment.id}/export`,
        tokens.owner,
      );
      for (const w of acked) expect(exported.body.answers[w.id], w.id).toBe(w.value);
    }
    expect(acked.every((w) => w.revision === 2)).toBe(true);
  });

  it("runs a lab run started through one server on a worker, watched through the other", async () => {
    const [a, b] = servers as [RunningServer, RunningServer];
    const { assessment, tokens } = await createAssessment(a);
    const before = probs.stats().inputs;
    const started = await call<Run>(a, "POST", `/api/assessments/${assessment.id}/runs`, tokens.owner, {
      attack: "equation-solving",
      target: { kind: "http", config: probs.targetConfig },
      budget: 20,
    });
    expect(started.status).toBe(202);
    const run = await poll(b, assessment.id, tokens.owner as string, started.body.id, finished);
    expect(run.error).toBeNull();
    expect(run.state).toBe("succeeded");
    expect(run.verified).toEqual([ATTACKS_EVALUATED]);
    expect(probs.stats().inputs - before).toBe(run.queriesUsed);
    // Executed by one of the worker processes, not by a server (they run no lab jobs).
    const [row] = await (servers[0] as RunningServer).store.db.query<{ worker: string }>(
      "SELECT worker FROM lab_run WHERE id = $1",
      [run.id],
    );
    const pids = workers.map((w) => w.child.pid);
    expect(pids.some((pid) => row?.worker.endsWith(`:${pid}`))).toBe(true);
    const result = await call<{ verified: Array<{ question: string }> }>(
      b,
      "GET",
      `/api/assessments/${assessment.id}/result`,
      tokens.owner,
    );
    expect(result.body.verified.map((v) => v.question)).toEqual([ATTACKS_EVALUATED]);
  });

  it("marks the run of a worker killed mid-run failed, leaves the other worker's run alone", async () => {
    const [a, b] = servers as [RunningServer, RunningServer];
    const { assessment, tokens } = await createAssessment(b);
    const owner = tokens.owner as string;
    const long = {
      attack: "hop-skip-jump",
      target: { kind: "http", config: slow.targetConfig },
      data: { kind: "demo", victim: "tabular-logreg", tiny: true, count: 50 },
      budget: 100_000,
    };
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) {
      const res = await call<Run>(b, "POST", `/api/assessments/${assessment.id}/runs`, owner, long);
      expect(res.status).toBe(202);
      ids.push(res.body.id);
    }
    // One run per worker (concurrency 1 each), both sending queries.
    for (const id of ids)
      await poll(a, assessment.id, owner, id, (r) => r.state === "running" && r.queriesUsed > 0);
    const rows = await (servers[0] as RunningServer).store.db.query<{ id: string; worker: string }>(
      "SELECT id, worker FROM lab_run WHERE id = ANY($1::text[])",
      [ids],
    );
    const victim = workers[0] as Worker;
    const doomed = rows.find((r) => r.worker.endsWith(`:${victim.child.pid}`));
    const survivor = rows.find((r) => r !== doomed);
    expect(doomed && survivor).toBeTruthy();

    victim.child.kill("SIGKILL");
    await victim.exited;
    const t0 = Date.now();
    const lost = await poll(a, assessment.id, owner, doomed?.id as string, finished);
    expect(lost.state).toBe("failed");
    expect(lost.error).toMatch(/worker lost/);
    expect(Date.now() - t0).toBeLessThan(8000);
    // The other worker's run was never mistaken for lost: still running, then cancelled on request.
    const other = await call<Run>(b, "GET", `/api/assessments/${assessment.id}/runs/${survivor?.id}`, owner);
    expect(other.body.state).toBe("running");
    await call(b, "POST", `/api/assessments/${assessment.id}/runs/${survivor?.id}/cancel`, owner);
    expect((await poll(a, assessment.id, owner, survivor?.id as string, finished)).state).toBe("cancelled");
    // The lost job was released and completed by the surviving worker: the queue ends empty.
    const deadline = Date.now() + 10_000;
    let left = 1;
    while (left > 0 && Date.now() < deadline) {
      const [n] = await (servers[0] as RunningServer).store.db.query<{ n: number }>(
        "SELECT count(*) AS n FROM graphile_worker.jobs",
      );
      left = n?.n ?? 0;
      if (left > 0) await new Promise((r) => setTimeout(r, 200));
    }
    expect(left).toBe(0);
    const stuck = await (servers[0] as RunningServer).store.db.query(
      "SELECT id FROM lab_run WHERE state IN ('queued', 'running')",
    );
    expect(stuck).toEqual([]);
  });
});
