// Poisoning simulations through the lab-runs API on the embedded database (jobs in-process): a tiny
// label-flip run on the digits demo data trains real models, stores its curve and metrics and marks
// "poisoning" as evaluated; bad bodies are refused naming the field; other tokens get 404.
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../../test/support/server.js";
import { ATTACKS_EVALUATED } from "../lab/verifies.js";
import { labSettings, startInlineExecutor } from "./lab/executor.js";
import { CreateAssessmentResponse } from "./schemas.js";

type Run = {
  id: string;
  attack: string;
  family: string;
  state: string;
  progress: number;
  budget: number;
  target: unknown;
  params: Record<string, unknown>;
  metrics: Record<string, number>;
  summary: string | null;
  error: string | null;
  verified: string[];
  examples?: Array<{ label: string; values?: Record<string, number[]> }>;
};
type Issues = { error: string; issues: Array<{ path: string; message: string }> };

let server: TestServer;

beforeAll(async () => {
  const dataDir = join(tmpdir(), "mlsa-poisoning-runs-test-cache");
  server = await startTestServer({
    lab: (store) => startInlineExecutor(store, labSettings({}, { dataDir, heartbeatMs: 100, staleMs: 5000 })),
    labEnv: {},
  });
}, 60_000);
afterAll(async () => {
  await server?.close();
});

async function create() {
  const res = await server.call("POST", "/api/assessments", { body: { name: "poison", domain: "finance" } });
  return CreateAssessmentResponse.parse(res.body);
}

const start = (id: string, token: string, body: unknown) =>
  server.call<Run & Issues>("POST", `/api/assessments/${id}/runs`, { token, body });

async function poll(id: string, token: string, runId: string, ms = 30_000): Promise<Run> {
  const deadline = Date.now() + ms;
  for (;;) {
    const res = await server.call<Run>("GET", `/api/assessments/${id}/runs/${runId}`, { token });
    expect(res.status).toBe(200);
    if (["succeeded", "failed", "cancelled"].includes(res.body.state)) return res.body;
    if (Date.now() > deadline) throw new Error(`run ${runId} still ${res.body.state}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const tinyFlip = {
  attack: "label-flip",
  data: { kind: "demo", victim: "digits", tiny: true, count: 500 },
  params: { mode: "targeted", sourceClass: 1, targetClass: 7 },
  rates: [0.05, 0.1],
  trainer: { hidden: [32], epochs: 5 },
  seed: 2,
};

describe("poisoning runs through the API (PGlite, in-process jobs)", () => {
  it("runs a tiny label-flip sweep, stores the curve and metrics and marks poisoning verified", async () => {
    const { assessment, tokens } = await create();
    const started = await start(assessment.id, tokens.owner, tinyFlip);
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    expect(started.body.family).toBe("poisoning");
    expect(started.body.budget).toBe(3);
    expect(started.body.target).toEqual({ kind: "trainer", trainer: "mlsa", hidden: [32], epochs: 5 });

    const run = await poll(assessment.id, tokens.owner, started.body.id);
    expect(run.error).toBeNull();
    expect(run.state).toBe("succeeded");
    expect(run.progress).toBe(1);
    expect(run.metrics.trainSize).toBe(400);
    expect(run.metrics.testSize).toBe(100);
    expect(run.metrics.baselineAccuracy).toBeGreaterThan(0.4);
    expect(run.metrics).toHaveProperty("cleanAccuracyAt5pct");
    // Flipping 1s to 7s works: more 1s are read as 7 by the poisoned model than by the clean one.
    expect(run.metrics.attackSuccessRateAt10pct).toBeGreaterThan(run.metrics.baselineAttackSuccessRate ?? 1);
    expect(run.summary).toContain("400 training examples");
    const curve = run.examples?.find((e) => e.label === "poison-rate curve");
    expect(curve?.values?.poisonRate).toEqual([0, 0.05, 0.1]);
    expect(run.verified).toEqual([ATTACKS_EVALUATED]);

    const answers = await server.call<{ answers: Array<{ questionId: string; value: unknown }> }>(
      "GET",
      `/api/assessments/${assessment.id}/questionnaires/security`,
      { token: tokens.security },
    );
    const evaluated = answers.body.answers.find((a) => a.questionId === ATTACKS_EVALUATED);
    expect(evaluated?.value).toEqual(["poisoning"]);
    const result = await server.call<{ verified: Array<{ question: string; attack: string }> }>(
      "GET",
      `/api/assessments/${assessment.id}/result`,
      { token: tokens.owner },
    );
    expect(result.body.verified).toEqual([
      expect.objectContaining({ question: ATTACKS_EVALUATED, attack: "label-flip" }),
    ]);
  }, 30_000);

  it("refuses bad bodies with 400 naming the field, before anything is queued", async () => {
    const { assessment, tokens } = await create();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...tinyFlip, params: { mode: "sideways" } }, "body.params.mode"],
      [{ ...tinyFlip, params: { bogus: 1 } }, "body.params"],
      [{ ...tinyFlip, rates: [0.3] }, "body.rates.0"],
      [{ ...tinyFlip, rates: [0.005, 0.01, 0.02, 0.05, 0.1, 0.1] }, "body.rates"],
      [{ ...tinyFlip, data: { kind: "demo", victim: "digits", count: 10_001 } }, "body.data.count"],
      [{ ...tinyFlip, data: { kind: "demo", victim: "tabular-logreg" } }, "body.data.victim"],
      [{ ...tinyFlip, data: undefined }, "body.data"],
      [{ ...tinyFlip, trainer: { epochs: 21 } }, "body.trainer.epochs"],
      [{ ...tinyFlip, budget: 10 }, "body.budget"],
      [{ ...tinyFlip, target: { kind: "demo", victim: "digits" } }, "body.target"],
      [
        {
          attack: "equation-solving",
          target: { kind: "demo", victim: "tabular-logreg" },
          budget: 5,
          rates: [0.1],
        },
        "body.rates",
      ],
      [{ attack: "equation-solving", target: { kind: "demo", victim: "tabular-logreg" } }, "body.budget"],
    ];
    for (const [body, path] of cases) {
      const res = await start(assessment.id, tokens.owner, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(
        res.body.issues.map((i) => i.path),
        JSON.stringify(res.body),
      ).toContain(path);
    }
    const list = await server.call<{ runs: unknown[] }>("GET", `/api/assessments/${assessment.id}/runs`, {
      token: tokens.owner,
    });
    expect(list.body.runs).toEqual([]);
  });

  it("answers 404 to another assessment's token", async () => {
    const a = await create();
    const b = await create();
    for (const token of [b.tokens.owner, a.tokens.security]) {
      const res = await start(a.assessment.id, token, tinyFlip);
      expect(res.status).toBe(404);
    }
    const list = await server.call<{ runs: unknown[] }>("GET", `/api/assessments/${a.assessment.id}/runs`, {
      token: a.tokens.owner,
    });
    expect(list.body.runs).toEqual([]);
  });
});
