// Lab runs through the API on the embedded database (jobs in-process): real attacks against a tiny
// demo victim served over HTTP on 127.0.0.1, polled to the end, evidence stored, answers verified;
// cancellation, isolation, and every refusal with the field it names.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../../test/support/server.js";
import { ATTACKS_EVALUATED } from "../lab/verifies.js";
import { type DemoServer, startDemoServer } from "../targets/demo-server.js";
import { loadVictim } from "../targets/victims/index.js";
import { labSettings, startInlineExecutor } from "./lab/executor.js";
import { CreateAssessmentResponse } from "./schemas.js";

const DATA_DIR = join(tmpdir(), "mlsa-runs-test-cache");

let server: TestServer;
let probs: DemoServer;
let labels: DemoServer;
/** Answers 429 beyond 5 requests per second: runs against it last until cancelled. */
let slow: DemoServer;

type Run = {
  id: string;
  state: string;
  progress: number;
  queriesUsed: number;
  metrics: Record<string, number>;
  summary: string | null;
  error: string | null;
  verified: string[];
  targetInfo: { kind: string } | null;
  examples?: unknown[];
  startedAt: string | null;
};
type Issues = { error: string; issues: Array<{ path: string; message: string }> };

beforeAll(async () => {
  const victim = await loadVictim("tabular-logreg", { tiny: true, dataDir: DATA_DIR });
  probs = await startDemoServer({ victim, output: "probs" });
  labels = await startDemoServer({ victim, output: "label" });
  slow = await startDemoServer({ victim, output: "label", rateLimit: { perSecond: 5, burst: 2 } });
  server = await startTestServer({
    lab: (store) =>
      startInlineExecutor(store, labSettings({}, { dataDir: DATA_DIR, heartbeatMs: 100, staleMs: 2000 })),
    labEnv: {},
  });
}, 60_000);
afterAll(async () => {
  await server?.close();
  await probs?.close();
  await labels?.close();
  await slow?.close();
});

async function create() {
  const res = await server.call("POST", "/api/assessments", { body: { name: "lab", domain: "finance" } });
  return CreateAssessmentResponse.parse(res.body);
}

const start = (id: string, token: string, body: unknown) =>
  server.call<Run & Issues>("POST", `/api/assessments/${id}/runs`, { token, body });

async function poll(id: string, token: string, runId: string, until: (r: Run) => boolean, ms = 30_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const res = await server.call<Run>("GET", `/api/assessments/${id}/runs/${runId}`, { token });
    expect(res.status).toBe(200);
    if (until(res.body)) return res.body;
    if (Date.now() > deadline) throw new Error(`run ${runId} still ${res.body.state}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
const finished = (r: Run) => ["succeeded", "failed", "cancelled"].includes(r.state);

describe("lab runs on PGlite (in-process jobs)", () => {
  it("runs an extraction attack over HTTP, stores its evidence and marks the answer verified", async () => {
    const { assessment, tokens } = await create();
    // A respondent said evasion was evaluated; the run must add extraction, not replace it.
    const saved = await server.call<{ revision: number }>(
      "PUT",
      `/api/assessments/${assessment.id}/answers/${ATTACKS_EVALUATED}`,
      { token: tokens.security, body: { value: ["evasion"], baseRevision: 0 } },
    );
    expect(saved.status).toBe(200);
    const before = probs.stats().inputs;
    const started = await start(assessment.id, tokens.owner, {
      attack: "equation-solving",
      target: { kind: "http", config: probs.targetConfig },
      budget: 50,
      seed: 3,
    });
    expect(started.status).toBe(202);
    expect(started.body.state).toBe("queued");
    const run = await poll(assessment.id, tokens.owner, started.body.id, finished);
    expect(run.error).toBeNull();
    expect(run.state).toBe("succeeded");
    expect(run.progress).toBe(1);
    expect(run.targetInfo?.kind).toBe("http");
    expect(run.queriesUsed).toBeGreaterThan(0);
    expect(run.queriesUsed).toBeLessThanOrEqual(50);
    expect(probs.stats().inputs - before).toBe(run.queriesUsed);
    expect(Object.keys(run.metrics).length).toBeGreaterThan(0);
    expect(run.verified).toEqual([ATTACKS_EVALUATED]);

    const answers = await server.call<{
      answers: Array<{ questionId: string; value: unknown; revision: number }>;
    }>("GET", `/api/assessments/${assessment.id}/questionnaires/security`, { token: tokens.security });
    const evaluated = answers.body.answers.find((a) => a.questionId === ATTACKS_EVALUATED);
    expect(evaluated).toEqual({
      questionId: ATTACKS_EVALUATED,
      value: ["evasion", "extraction"],
      revision: 2,
    });
    // The respondent's stale write is refused (409 with the current value), not applied over the run's.
    const stale = await server.call<{ current: unknown }>(
      "PUT",
      `/api/assessments/${assessment.id}/answers/${ATTACKS_EVALUATED}`,
      {
        token: tokens.security,
        body: { value: ["evasion", "membership"], baseRevision: saved.body.revision },
      },
    );
    expect(stale.status).toBe(409);

    const result = await server.call<{ verified: Array<{ question: string; attack: string }> }>(
      "GET",
      `/api/assessments/${assessment.id}/result`,
      { token: tokens.owner },
    );
    expect(result.body.verified).toEqual([
      expect.objectContaining({ question: ATTACKS_EVALUATED, attack: "equation-solving" }),
    ]);
    const exported = await server.call<{ verified?: Record<string, { run: string }> }>(
      "GET",
      `/api/assessments/${assessment.id}/export`,
      { token: tokens.owner },
    );
    expect(exported.body.verified?.[ATTACKS_EVALUATED]?.run).toBe(run.id);

    // Import carries `verified` too: a copy of the file into a new assessment keeps the evidence.
    const copy = await create();
    const imported = await server.call("PUT", `/api/assessments/${copy.assessment.id}/import`, {
      token: copy.tokens.owner,
      body: exported.body,
    });
    expect(imported.status).toBe(200);
    const copied = await server.call<{ verified: unknown[] }>(
      "GET",
      `/api/assessments/${copy.assessment.id}/result`,
      {
        token: copy.tokens.owner,
      },
    );
    expect(copied.body.verified).toEqual(result.body.verified);

    const list = await server.call<{ runs: Run[] }>("GET", `/api/assessments/${assessment.id}/runs`, {
      token: tokens.owner,
    });
    expect(list.body.runs.map((r) => r.id)).toEqual([run.id]);
    expect(list.body.runs[0]?.examples).toBeUndefined();
  });

  it("runs an evasion attack on a demo victim's data and cancels a long one within a heartbeat", async () => {
    const { assessment, tokens } = await create();
    const quick = await start(assessment.id, tokens.owner, {
      attack: "hop-skip-jump",
      target: { kind: "http", config: labels.targetConfig },
      data: { kind: "demo", victim: "tabular-logreg", tiny: true, count: 2 },
      params: { maxIterations: 5, initialEvals: 20, maxEvals: 50 },
      budget: 3000,
    });
    expect(quick.status).toBe(202);
    const done = await poll(assessment.id, tokens.owner, quick.body.id, finished);
    expect(done.error).toBeNull();
    expect(done.state).toBe("succeeded");
    expect(done.metrics.successRate).toBeGreaterThan(0);
    expect(done.verified).toEqual([ATTACKS_EVALUATED]);

    const long = await start(assessment.id, tokens.owner, {
      attack: "hop-skip-jump",
      target: { kind: "http", config: slow.targetConfig },
      data: { kind: "demo", victim: "tabular-logreg", tiny: true, count: 50 },
      budget: 100_000,
    });
    const running = await poll(assessment.id, tokens.owner, long.body.id, (r) => r.queriesUsed > 0);
    expect(running.state).toBe("running");
    const cancel = await server.call<Run & { cancelRequested: boolean }>(
      "POST",
      `/api/assessments/${assessment.id}/runs/${long.body.id}/cancel`,
      { token: tokens.owner },
    );
    expect(cancel.status).toBe(200);
    expect(cancel.body.cancelRequested).toBe(true);
    const t0 = Date.now();
    const cancelled = await poll(assessment.id, tokens.owner, long.body.id, finished);
    expect(cancelled.state).toBe("cancelled");
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(cancelled.queriesUsed).toBeLessThan(100_000);
    const sent = slow.stats().requests;
    await new Promise((r) => setTimeout(r, 300));
    expect(slow.stats().requests).toBe(sent); // nothing is sent after the run ended
    // A finished run cannot be cancelled; a cancelled one can, as a no-op.
    const again = await server.call("POST", `/api/assessments/${assessment.id}/runs/${long.body.id}/cancel`, {
      token: tokens.owner,
    });
    expect(again.status).toBe(200);
    const late = await server.call("POST", `/api/assessments/${assessment.id}/runs/${quick.body.id}/cancel`, {
      token: tokens.owner,
    });
    expect(late.status).toBe(409);
  });

  it("runs an in-process demo victim and cancels a queued run before it starts", async () => {
    const { assessment, tokens } = await create();
    const demo = (output: string) => ({ kind: "demo", victim: "tabular-logreg", output, tiny: true });
    const long = await start(assessment.id, tokens.owner, {
      attack: "hop-skip-jump",
      target: { kind: "http", config: slow.targetConfig },
      data: { kind: "demo", victim: "tabular-logreg", tiny: true, count: 50 },
      budget: 100_000,
    });
    const quick = { attack: "equation-solving", target: demo("probs"), budget: 20 };
    const waiting = await start(assessment.id, tokens.owner, quick);
    // One run at a time in-process: the second waits in the queue and is cancelled there.
    const cancelled = await server.call<Run>(
      "POST",
      `/api/assessments/${assessment.id}/runs/${waiting.body.id}/cancel`,
      { token: tokens.owner },
    );
    expect(cancelled.body.state).toBe("cancelled");
    await server.call("POST", `/api/assessments/${assessment.id}/runs/${long.body.id}/cancel`, {
      token: tokens.owner,
    });
    expect((await poll(assessment.id, tokens.owner, long.body.id, finished)).state).toBe("cancelled");
    const never = await poll(assessment.id, tokens.owner, waiting.body.id, finished);
    expect(never.queriesUsed).toBe(0);
    expect(never.startedAt).toBeNull();

    const run = await start(assessment.id, tokens.owner, quick);
    const done = await poll(assessment.id, tokens.owner, run.body.id, finished);
    expect(done.state).toBe("succeeded");
    expect(done.targetInfo?.kind).toBe("demo");
    // Recovered parameters checked against the victim's own weights (demo targets expose them).
    expect(done.metrics.maxParameterError).toBeLessThan(1e-3);
  });

  it("answers 404 to another assessment's token and to another assessment's run", async () => {
    const a = await create();
    const b = await create();
    const run = await start(a.assessment.id, a.tokens.owner, {
      attack: "equation-solving",
      target: { kind: "demo", victim: "tabular-logreg", output: "probs", tiny: true },
      budget: 20,
    });
    expect(run.status).toBe(202);
    const paths = [
      ["GET", `/api/assessments/${a.assessment.id}/runs/${run.body.id}`],
      ["GET", `/api/assessments/${a.assessment.id}/runs`],
      ["POST", `/api/assessments/${a.assessment.id}/runs/${run.body.id}/cancel`],
    ] as const;
    for (const token of [b.tokens.owner, a.tokens.security]) {
      for (const [method, path] of paths) {
        expect((await server.call(method, path, { token })).status, `${method} ${path}`).toBe(404);
      }
    }
    // B's owner token on B's id with A's run id: still not found.
    const cross = await server.call("GET", `/api/assessments/${b.assessment.id}/runs/${run.body.id}`, {
      token: b.tokens.owner,
    });
    expect(cross.status).toBe(404);
    await poll(a.assessment.id, a.tokens.owner, run.body.id, finished);
  });

  it("refuses bad requests with 400 naming the field, queueing nothing", async () => {
    const { assessment, tokens } = await create();
    const http = { kind: "http", config: probs.targetConfig };
    const cases: Array<[unknown, string]> = [
      [{ attack: "hop-skip-jump", target: http, budget: 10, params: { norm: "l3" } }, "body.params.norm"],
      [{ attack: "equation-solving", target: http, budget: 10, params: { bogus: 1 } }, "body.params"],
      [{ attack: "no-such-attack", target: http, budget: 10 }, "body.attack"],
      [{ attack: "equation-solving", target: http, budget: 100_001 }, "body.budget"],
      [
        { attack: "equation-solving", target: { kind: "onnx", path: "/etc/passwd" }, budget: 10 },
        "body.target.kind",
      ],
      [
        {
          attack: "equation-solving",
          target: { kind: "http", config: { ...probs.targetConfig, url: "file:///etc/passwd" } },
          budget: 10,
        },
        "body.target.config.url",
      ],
      [
        {
          attack: "equation-solving",
          target: {
            kind: "http",
            config: { ...probs.targetConfig, auth: { header: "Authorization", env: "DATABASE_URL" } },
          },
          budget: 10,
        },
        "body.target.config.auth.env",
      ],
      [
        { attack: "equation-solving", target: { kind: "http", config: labels.targetConfig }, budget: 10 },
        "body.target.config.output",
      ],
      [
        { attack: "hop-skip-jump", target: { kind: "http", config: labels.targetConfig }, budget: 10 },
        "body.data",
      ],
      [
        { attack: "equation-solving", target: { kind: "demo", victim: "nope", output: "probs" }, budget: 10 },
        "body.target.victim",
      ],
    ];
    for (const [body, path] of cases) {
      const res = await start(assessment.id, tokens.owner, body);
      expect(res.status, JSON.stringify(body).slice(0, 120)).toBe(400);
      expect(res.body.issues.map((i) => i.path)).toContain(path);
    }
    const onnx = await start(assessment.id, tokens.owner, cases[4]?.[0]);
    expect(onnx.body.error).toMatch(/only be attacked from the CLI/);
    const list = await server.call<{ runs: Run[] }>("GET", `/api/assessments/${assessment.id}/runs`, {
      token: tokens.owner,
    });
    expect(list.body.runs).toEqual([]);
  });
});

describe("where the lab may send traffic", () => {
  let redirector: Server;
  let elsewhere: Server;
  let elsewhereHits = 0;
  beforeAll(async () => {
    const listen = async (s: Server) => {
      await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
      return (s.address() as AddressInfo).port;
    };
    elsewhere = createServer((_req, res) => {
      elsewhereHits++;
      res.end("{}");
    });
    const port = await listen(elsewhere);
    redirector = createServer((_req, res) => {
      res.writeHead(307, { location: `http://127.0.0.1:${port}/predict` }).end();
    });
    await listen(redirector);
  });
  afterAll(async () => {
    redirector?.close();
    elsewhere?.close();
  });

  it("refuses a redirect to another origin: the run fails and the other host gets nothing", async () => {
    const { assessment, tokens } = await create();
    const port = (redirector.address() as AddressInfo).port;
    const res = await start(assessment.id, tokens.owner, {
      attack: "equation-solving",
      target: { kind: "http", config: { ...probs.targetConfig, url: `http://127.0.0.1:${port}/predict` } },
      budget: 20,
    });
    const run = await poll(assessment.id, tokens.owner, res.body.id, finished);
    expect(run.state).toBe("failed");
    expect(run.error).toMatch(/refused redirect/);
    expect(elsewhereHits).toBe(0);
    expect(run.verified).toEqual([]);
  });

  it("keeps to MLSA_LAB_ALLOWED_HOSTS when the operator sets it", async () => {
    const restricted = await startTestServer({
      lab: (store) => startInlineExecutor(store, labSettings({}, { dataDir: DATA_DIR, heartbeatMs: 100 })),
      labEnv: { MLSA_LAB_ALLOWED_HOSTS: "models.example.com, *.internal.example" },
    });
    try {
      const created = CreateAssessmentResponse.parse(
        (await restricted.call("POST", "/api/assessments", { body: {} })).body,
      );
      const res = await restricted.call<Issues>("POST", `/api/assessments/${created.assessment.id}/runs`, {
        token: created.tokens.owner,
        body: {
          attack: "equation-solving",
          target: { kind: "http", config: probs.targetConfig },
          budget: 10,
        },
      });
      expect(res.status).toBe(400);
      expect(res.body.issues[0]?.path).toBe("body.target.config.url");
      expect(res.body.error).toMatch(/MLSA_LAB_ALLOWED_HOSTS/);
    } finally {
      await restricted.close();
    }
  });
});
