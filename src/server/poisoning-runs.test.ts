// Poisoning simulations through the lab-runs API on the embedded database (jobs in-process): tiny
// label-flip and backdoor runs on the digits demo data train real models, store their curve and
// metrics and mark "poisoning" as evaluated; bad bodies are refused naming the field; other tokens
// get 404. GET /api/lab/attacks lists them beside the query attacks, and every listed entry starts.
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../../test/support/server.js";
import { DEFAULT_RATES } from "../lab/poisoning/run.js";
import { ATTACKS, POISONING_ATTACKS } from "../lab/registry.js";
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

async function create(on: TestServer = server) {
  const res = await on.call("POST", "/api/assessments", { body: { name: "poison", domain: "finance" } });
  return CreateAssessmentResponse.parse(res.body);
}

const start = (id: string, token: string, body: unknown, on: TestServer = server) =>
  on.call<Run & Issues>("POST", `/api/assessments/${id}/runs`, { token, body });

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

/** Each body gets a 400 naming its field, and no run is created. */
async function expectRefused(id: string, owner: string, cases: Array<[Record<string, unknown>, string]>) {
  for (const [body, path] of cases) {
    const res = await start(id, owner, body);
    expect(res.status, JSON.stringify(body)).toBe(400);
    expect(
      res.body.issues.map((i) => i.path),
      JSON.stringify(res.body),
    ).toContain(path);
  }
  const list = await server.call<{ runs: unknown[] }>("GET", `/api/assessments/${id}/runs`, { token: owner });
  expect(list.body.runs).toEqual([]);
}

/** A succeeded poisoning run answered "attacks evaluated: poisoning", verified by `attack`. */
async function expectPoisoningVerified(
  id: string,
  tokens: { owner: string; security: string },
  attack: string,
) {
  const answers = await server.call<{ answers: Array<{ questionId: string; value: unknown }> }>(
    "GET",
    `/api/assessments/${id}/questionnaires/security`,
    { token: tokens.security },
  );
  expect(answers.body.answers.find((a) => a.questionId === ATTACKS_EVALUATED)?.value).toEqual(["poisoning"]);
  const result = await server.call<{ verified: Array<{ question: string; attack: string }> }>(
    "GET",
    `/api/assessments/${id}/result`,
    { token: tokens.owner },
  );
  expect(result.body.verified).toEqual([expect.objectContaining({ question: ATTACKS_EVALUATED, attack })]);
}

const tinyFlip = {
  attack: "label-flip",
  data: { kind: "demo", victim: "digits", tiny: true, count: 500 },
  params: { mode: "targeted", sourceClass: 1, targetClass: 7 },
  rates: [0.05, 0.1],
  trainer: { hidden: [32], epochs: 5 },
  seed: 2,
};

const tinyBackdoor = {
  attack: "backdoor",
  data: { kind: "demo", victim: "digits", tiny: true, count: 1000 },
  params: { targetClass: 7 },
  rates: [0.01, 0.1],
  trainer: { hidden: [32], epochs: 10 },
  seed: 3,
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

    await expectPoisoningVerified(assessment.id, tokens, "label-flip");
  }, 30_000);

  it("runs a tiny backdoor sweep: triggered digits read as the target class, clean accuracy holds", async () => {
    const { assessment, tokens } = await create();
    const started = await start(assessment.id, tokens.owner, tinyBackdoor);
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    expect(started.body.attack).toBe("backdoor");
    expect(started.body.family).toBe("poisoning");
    expect(started.body.budget).toBe(3);
    expect(started.body.target).toEqual({ kind: "trainer", trainer: "mlsa", hidden: [32], epochs: 10 });
    expect(started.body.params).toMatchObject({ targetClass: 7, rates: [0.01, 0.1] });

    const run = await poll(assessment.id, tokens.owner, started.body.id, 60_000);
    expect(run.error).toBeNull();
    expect(run.state).toBe("succeeded");
    expect(run.progress).toBe(1);
    const m = run.metrics;
    expect(m.trainSize).toBe(800);
    expect(m.testSize).toBe(200);
    // The probe: every test input not of class 7, with the patch stamped on it.
    expect(m.probeSize).toBeGreaterThan(150);
    expect(m.probeSize).toBeLessThan(200);
    expect(m.poisonedAt10pct).toBeGreaterThan(m.poisonedAt1pct ?? Number.POSITIVE_INFINITY);
    for (const k of ["baselineAccuracy", "cleanAccuracyAt1pct", "cleanAccuracyAt10pct"]) {
      expect(m[k], k).toBeGreaterThan(0.7);
      expect(m[k], k).toBeLessThanOrEqual(1);
    }
    for (const k of ["baselineAttackSuccessRate", "attackSuccessRateAt1pct", "attackSuccessRateAt10pct"]) {
      expect(m[k], k).toBeGreaterThanOrEqual(0);
      expect(m[k], k).toBeLessThanOrEqual(1);
    }
    // The backdoor is learnt: at 10 % the trigger turns most digits into 7s (far more than at 1 %);
    // the clean model ignores it.
    expect(m.baselineAttackSuccessRate).toBeLessThan(0.1);
    expect(m.attackSuccessRateAt10pct).toBeGreaterThan(0.7);
    expect(m.attackSuccessRateAt10pct).toBeGreaterThan(m.attackSuccessRateAt1pct! + 0.3);
    expect(m.maxAttackSuccessRate).toBe(Math.max(m.attackSuccessRateAt1pct!, m.attackSuccessRateAt10pct!));
    // ... while clean inputs are classified about as well as by the unpoisoned model.
    expect(m.accuracyDropAt10pct).toBeLessThan(0.1);
    expect(m.accuracyDropAt10pct).toBeCloseTo(m.baselineAccuracy! - m.cleanAccuracyAt10pct!, 10);
    expect(run.summary).toContain("BadNets backdoor");
    expect(run.summary).toContain("800 training examples");
    const curve = run.examples?.find((e) => e.label === "poison-rate curve");
    expect(curve?.values?.poisonRate).toEqual([0, 0.01, 0.1]);
    expect(curve?.values?.attackSuccessRate).toEqual([
      m.baselineAttackSuccessRate,
      m.attackSuccessRateAt1pct,
      m.attackSuccessRateAt10pct,
    ]);
    expect(run.verified).toEqual([ATTACKS_EVALUATED]);

    await expectPoisoningVerified(assessment.id, tokens, "backdoor");
  }, 90_000);

  it("refuses bad backdoor bodies with 400 naming the field, creating no run", async () => {
    const { assessment, tokens } = await create();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...tinyBackdoor, rates: [0.5] }, "body.rates.0"],
      [{ ...tinyBackdoor, rates: [] }, "body.rates"],
      [{ ...tinyBackdoor, target: { kind: "demo", victim: "digits", tiny: true } }, "body.target"],
      [{ ...tinyBackdoor, budget: 3 }, "body.budget"],
      [{ ...tinyBackdoor, params: { targetClass: -1 } }, "body.params.targetClass"],
      [{ ...tinyBackdoor, params: { corner: "middle" } }, "body.params.corner"],
      [{ ...tinyBackdoor, params: { patchSize: 17 } }, "body.params.patchSize"],
      [{ ...tinyBackdoor, data: { kind: "inline", inputs: [] } }, "body.data.kind"],
      [{ ...tinyBackdoor, data: { kind: "demo", victim: "digits", count: 19 } }, "body.data.count"],
      [{ ...tinyBackdoor, trainer: { hidden: [32, 32, 32] } }, "body.trainer.hidden"],
      [{ ...tinyBackdoor, data: undefined }, "body.data"],
      // checked against the demo data before queueing: digits has classes 0–9 only
      [{ ...tinyBackdoor, params: { targetClass: 10 } }, "body.params.targetClass"],
      [{ ...tinyBackdoor, params: { targetClass: 3, sourceClass: 3 } }, "body.params.sourceClass"],
      [{ ...tinyBackdoor, rates: [0.1, 0.1] }, "body.rates"],
    ];
    await expectRefused(assessment.id, tokens.owner, cases);
  });

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
          ...tinyFlip,
          data: { kind: "demo", victim: "iris" },
          params: { mode: "targeted", sourceClass: 0, targetClass: 3 },
        },
        "body.params.targetClass",
      ],
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
    await expectRefused(assessment.id, tokens.owner, cases);
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

type JsonProp = { type?: string; minimum?: number; anyOf?: JsonProp[] };
type Listed = {
  kind: "query" | "poisoning";
  id: string;
  family: string;
  defaults: Record<string, unknown>;
  params: { properties?: Record<string, JsonProp>; required?: string[] };
  requires?: { outputs: string[]; inputs: boolean; reference: boolean; raw: boolean };
  data?: {
    schema: { properties: Record<string, { enum?: string[]; maximum?: number; minimum?: number }> };
    defaultCount: { tiny: number; full: number };
  };
  rates?: { allowed: number[]; default: number[] };
  trainer?: {
    schema: { properties: Record<string, { maximum?: number; maxItems?: number }> };
    defaults: Record<string, unknown>;
  };
};

/** Values for the parameters an attack's schema requires (the smallest a number may be). */
function requiredParams(a: Listed): Record<string, unknown> {
  const pick = (p: JsonProp | undefined): unknown => {
    const first = p?.anyOf?.[0] ?? p;
    if (first?.type === "integer" || first?.type === "number") return first.minimum ?? 0;
    throw new Error(`${a.id}: teach requiredParams a value for ${JSON.stringify(p)}`);
  };
  return Object.fromEntries((a.params.required ?? []).map((k) => [k, pick(a.params.properties?.[k])]));
}

/** A body built only from what the listing says (the first option wherever it offers several). */
function bodyFrom(a: Listed): Record<string, unknown> {
  const params = requiredParams(a);
  if (a.kind === "poisoning") {
    const victim = a.data?.schema.properties.victim?.enum?.[0];
    return {
      attack: a.id,
      params,
      data: { kind: "demo", victim, tiny: true },
      rates: a.rates?.default.slice(0, 1),
      trainer: { epochs: 1 },
    };
  }
  const output = a.requires?.outputs[0];
  const target = a.requires?.raw
    ? {
        kind: "http",
        config: {
          url: "http://127.0.0.1:9/predict",
          request: { x: "{{input}}" },
          response: { label: "label" },
          output,
          numClasses: 2,
          inputShape: [4],
          inputBounds: { min: 0, max: 1 },
        },
      }
    : { kind: "demo", victim: "tabular-logreg", output, tiny: true };
  return { attack: a.id, params, target, budget: 10 };
}

describe("GET /api/lab/attacks", () => {
  it("lists the query attacks and the poisoning simulations, each with what a run needs", async () => {
    const res = await server.call<{ attacks: Listed[] }>("GET", "/api/lab/attacks");
    expect(res.status).toBe(200);
    const { attacks } = res.body;
    const ids = attacks.map((a) => a.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual([...Object.keys(ATTACKS), ...Object.keys(POISONING_ATTACKS)].sort());

    for (const a of attacks) {
      if (Object.hasOwn(POISONING_ATTACKS, a.id)) {
        expect(a.kind, a.id).toBe("poisoning");
        expect(a.family, a.id).toBe("poisoning");
        expect(a, a.id).not.toHaveProperty("requires");
      } else {
        expect(a.kind, a.id).toBe("query");
        expect(a.family, a.id).not.toBe("poisoning");
        expect(a.requires?.outputs.length, a.id).toBeGreaterThan(0);
        for (const field of ["data", "rates", "trainer"]) expect(a, a.id).not.toHaveProperty(field);
      }
    }

    for (const id of ["label-flip", "backdoor"]) {
      const a = attacks.find((x) => x.id === id);
      expect(a?.kind).toBe("poisoning");
      expect(a?.defaults).toEqual(POISONING_ATTACKS[id]?.params.parse({}));
      expect(a?.data?.schema.properties.victim?.enum).toEqual(["digits", "iris"]);
      expect(a?.data?.schema.properties.count).toMatchObject({ minimum: 20, maximum: 10_000 });
      expect(a?.data?.defaultCount).toEqual({ tiny: 300, full: 2000 });
      expect(a?.rates).toEqual({ allowed: [...DEFAULT_RATES], default: [...DEFAULT_RATES] });
      expect(a?.trainer?.schema.properties.epochs?.maximum).toBe(20);
      expect(a?.trainer?.schema.properties.hidden?.maxItems).toBe(2);
      expect(a?.trainer?.defaults).toEqual({ hidden: [128], epochs: 5, batchSize: 64 });
    }
    const backdoor = attacks.find((x) => x.id === "backdoor");
    expect(Object.keys(backdoor?.params.properties ?? {})).toEqual(
      expect.arrayContaining(["targetClass", "sourceClass", "trigger", "patchSize", "corner", "placement"]),
    );
    expect(backdoor?.defaults).toMatchObject({ targetClass: 0, trigger: "auto", placement: "add" });
    const flip = attacks.find((x) => x.id === "label-flip");
    expect(Object.keys(flip?.params.properties ?? {})).toContain("mode");
  });

  it("every listed attack starts from what its entry says (a server without executor passes every check)", async () => {
    const bare = await startTestServer({ lab: async () => null, labEnv: {} });
    try {
      const { attacks } = (await bare.call<{ attacks: Listed[] }>("GET", "/api/lab/attacks")).body;
      const { assessment, tokens } = await create(bare);
      for (const a of attacks) {
        const res = await start(assessment.id, tokens.owner, bodyFrom(a), bare);
        // 422 "does not run lab jobs" comes only after the attack, target, data and settings passed.
        expect(res.status, `${a.id}: ${res.text}`).toBe(422);
        expect(res.body.error, a.id).toContain("does not run lab jobs");
        if (a.kind === "poisoning") {
          // ... and what the entry says a poisoning run takes no of is refused.
          const withTarget = { ...bodyFrom(a), target: { kind: "demo", victim: "digits" } };
          const refused = await start(assessment.id, tokens.owner, withTarget, bare);
          expect(refused.status, a.id).toBe(400);
          expect(refused.body.issues.map((i) => i.path)).toEqual(["body.target"]);
        }
      }
    } finally {
      await bare.close();
    }
  });
});
