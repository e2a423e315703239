// The API probes over real HTTP on 127.0.0.1: against the strict demo server (validates, rate-limits
// when asked) and against a deliberately careless API (rounds scores, scores anything, leaks stack
// traces). Every suggested answer must be a valid option of the catalog.
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Fastify, { type FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkAnswer } from "../../catalog/answers.js";
import { CATALOG } from "../../catalog/index.js";
import { Unsupported } from "../../contracts/errors.js";
import type { OutputKind } from "../../contracts/lab.js";
import { type DemoServer, startDemoServer } from "../../targets/demo-server.js";
import { createHttpTarget, type HttpTargetConfig } from "../../targets/http.js";
import { createHttpProbe } from "../../targets/http-probe.js";
import { loadVictim, type Victim } from "../../targets/victims/index.js";
import { runAttack } from "../run.js";
import { applicableProbes } from "./index.js";

let iris: Victim;
const servers: Array<{ close(): Promise<unknown> }> = [];

beforeAll(async () => {
  iris = await loadVictim("tabular-logreg", {
    tiny: true,
    seed: 7,
    dataDir: join(tmpdir(), "mlsa-probe-test-cache"),
  });
}, 60_000);
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function demo(
  output: OutputKind,
  rateLimit?: { perSecond: number; burst: number },
): Promise<DemoServer> {
  const server = await startDemoServer({ victim: iris, output, ...(rateLimit ? { rateLimit } : {}) });
  servers.push(server);
  return server;
}

/** A careless API: 2-decimal scores, no validation, NaN accepted, stack traces in 500 answers. */
async function careless(): Promise<{
  app: FastifyInstance;
  config: HttpTargetConfig;
  requests: () => number;
}> {
  const app = Fastify({ logger: false });
  let requests = 0;
  app.addContentTypeParser("application/json", { parseAs: "string" }, (_req, body, done) => {
    try {
      done(null, JSON.parse(String(body).replace(/\bNaN\b|-?Infinity\b/g, "null")));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  app.addHook("onRequest", async () => {
    requests++;
  });
  app.post("/score", async (request, reply) => {
    try {
      const x = (request.body as { input: unknown[] }).input.map((v) => {
        if (typeof v === "string") throw new TypeError(`cannot score feature value ${v}`);
        return Number(v ?? 0);
      });
      const z = [x[0] ?? 0, x[1] ?? 0, (x[2] ?? 0) + (x[3] ?? 0)].map((v) => Math.exp(Math.min(50, v)));
      const s = z.reduce((a, b) => a + b, 0);
      const scores = z.map((v) => Math.round((v / s) * 100) / 100);
      return { label: scores.indexOf(Math.max(...scores)), scores };
    } catch (error) {
      return reply.code(500).send({ error: String(error), stack: (error as Error).stack });
    }
  });
  await app.listen({ port: 0, host: "127.0.0.1" });
  servers.push(app);
  const port = (app.server.address() as AddressInfo).port;
  return {
    app,
    requests: () => requests,
    config: {
      url: `http://127.0.0.1:${port}/score`,
      request: { input: "{{input}}" },
      response: { label: "label", scores: "scores" },
      output: "probs",
      numClasses: 3,
      inputShape: [4],
      inputBounds: { min: 0, max: 1 },
    },
  };
}

function expectValidAnswers(suggested: Record<string, string> | undefined): void {
  for (const [q, option] of Object.entries(suggested ?? {}))
    expect(checkAnswer(CATALOG, q, option)).toBeNull();
}

describe("probe-output", () => {
  it.each([
    ["probs", "full_probabilities", "no"],
    ["topk", "top_k", "partial"],
    ["label", "label_only", "yes"],
  ] as const)("recognises %s outputs of the demo API", async (output, granularity, coarse) => {
    const server = await demo(output);
    const r = await runAttack("probe-output", createHttpTarget(server.targetConfig), {
      seed: 1,
      budget: 30,
      raw: createHttpProbe(server.targetConfig),
      params: { queries: 10 },
    });
    expect(r.run.error).toBeUndefined();
    expect(r.run.suggestedAnswers).toEqual({
      "surface.inference.output_granularity": granularity,
      "security.mitigation.coarse_outputs": coarse,
    });
    expect(r.run.queriesUsed).toBe(11);
    expect(server.stats().requests).toBe(1 + 1); // one raw request, one batch of 10
    if (output === "probs") expect(r.run.metrics.decimalDigits).toBeGreaterThan(6);
    expectValidAnswers(r.run.suggestedAnswers);
  });

  it("sees rounded scores, and scores hidden behind a label-only mapping", async () => {
    const api = await careless();
    const rounded = await runAttack("probe-output", createHttpTarget(api.config), {
      seed: 1,
      budget: 30,
      raw: createHttpProbe(api.config),
    });
    expect(rounded.run.suggestedAnswers?.["surface.inference.output_granularity"]).toBe("rounded_scores");
    expect(rounded.run.metrics.decimalDigits).toBeLessThanOrEqual(2);
    const labelOnly = { ...api.config, output: "label" as const, response: { label: "label" } };
    const hidden = await runAttack("probe-output", createHttpTarget(labelOnly), {
      seed: 1,
      budget: 30,
      raw: createHttpProbe(labelOnly),
    });
    expect(hidden.run.suggestedAnswers?.["surface.inference.output_granularity"]).toBe("rounded_scores");
    expect(hidden.run.summary).toMatch(/does not even read/);
  });
});

describe("probe-determinism", () => {
  it("finds the demo API deterministic and a noisy API not", async () => {
    const server = await demo("probs");
    const r = await runAttack("probe-determinism", createHttpTarget(server.targetConfig), {
      seed: 1,
      budget: 20,
    });
    expect(r.run.metrics.identicalAnswers).toBe(1);
    expect(r.run.queriesUsed).toBe(20);
    const target = createHttpTarget(server.targetConfig);
    let calls = 0;
    const noisy = {
      info: target.info,
      async predict(xs: readonly Float32Array[]) {
        calls++;
        return (await target.predict(xs)).map((p) => ({
          ...p,
          scores: p.scores?.map((v) => v + calls * 1e-3),
        }));
      },
    };
    const n = await runAttack("probe-determinism", noisy, { seed: 1, budget: 20 });
    expect(n.run.metrics.identicalAnswers).toBe(0);
    expect(n.run.metrics.maxScoreDifference).toBeCloseTo(1e-3, 6);
  });
});

describe("probe-input-handling", () => {
  it("reports the demo API as rejecting malformed inputs (and its framework's error code)", async () => {
    const server = await demo("probs");
    const r = await runAttack("probe-input-handling", createHttpTarget(server.targetConfig), {
      seed: 1,
      budget: 20,
      raw: createHttpProbe(server.targetConfig),
    });
    expect(r.run.error).toBeUndefined();
    expect(r.run.suggestedAnswers).toEqual({ "surface.inference.input_validation": "rejected" });
    expect(r.run.metrics.accepted).toBe(0);
    expect(r.run.metrics.rejected).toBe(8);
    // The NaN literal is refused by fastify's JSON parser, whose error code names the framework.
    expect(r.run.examples.find((e) => e.label.startsWith("nan_literal"))?.label).toMatch(/FST_ERR/);
    // Nine requests; the server's own counter misses the one its JSON parser refused.
    expect(r.run.queriesUsed).toBe(9);
    expect(server.stats().requests).toBe(8);
    expectValidAnswers(r.run.suggestedAnswers);
  });

  it("reports a careless API as scoring inputs as sent and leaking stack traces", async () => {
    const api = await careless();
    const r = await runAttack("probe-input-handling", createHttpTarget(api.config), {
      seed: 1,
      budget: 20,
      raw: createHttpProbe(api.config),
    });
    expect(r.run.suggestedAnswers).toEqual({ "surface.inference.input_validation": "scored_as_sent" });
    expect(r.run.metrics.outOfRangeClipped).toBe(0);
    expect(r.run.metrics.serverErrors).toBeGreaterThanOrEqual(1);
    expect(r.run.summary).toMatch(/JavaScript stack trace/);
    expect(r.run.queriesUsed).toBe(api.requests());
  });

  it("refuses to run without raw HTTP access, before sending anything", async () => {
    const server = await demo("probs");
    await expect(
      runAttack("probe-input-handling", iris.target("probs"), { seed: 1, budget: 20 }),
    ).rejects.toThrow(Unsupported);
    await expect(
      runAttack("probe-rate-limit", createHttpTarget(server.targetConfig), { seed: 1, budget: 20 }),
    ).rejects.toThrow(/raw HTTP/);
    expect(server.stats().requests).toBe(0);
    expect(applicableProbes(false).map((p) => p.id)).toEqual(["probe-output", "probe-determinism"]);
  });

  it("stops at the budget", async () => {
    const api = await careless();
    const r = await runAttack("probe-input-handling", createHttpTarget(api.config), {
      seed: 1,
      budget: 5,
      raw: createHttpProbe(api.config),
    });
    expect(r.run.state).toBe("failed");
    expect(api.requests()).toBe(0);
  });
});

describe("probe-rate-limit", () => {
  it("stops at the first 429 of a rate-limited API", async () => {
    const server = await demo("probs", { perSecond: 2, burst: 8 });
    const r = await runAttack("probe-rate-limit", createHttpTarget(server.targetConfig), {
      seed: 1,
      budget: 200,
      raw: createHttpProbe(server.targetConfig),
      params: { maxRequests: 100, concurrency: 2 },
    });
    expect(r.run.metrics.throttled).toBe(1);
    expect(r.run.metrics.firstThrottledRequest).toBeGreaterThanOrEqual(9);
    expect(r.run.metrics.requests).toBeLessThan(15);
    expect(r.run.suggestedAnswers).toEqual({ "surface.inference.query_limits": "per_client" });
    expect(server.stats().requests).toBe(r.run.queriesUsed);
    expectValidAnswers(r.run.suggestedAnswers);
  });

  it("sends the whole bounded burst to an API without limits, never more than the budget", async () => {
    const api = await careless();
    const r = await runAttack("probe-rate-limit", createHttpTarget(api.config), {
      seed: 1,
      budget: 30,
      raw: createHttpProbe(api.config),
      params: { maxRequests: 100 },
    });
    expect(r.run.metrics.throttled).toBe(0);
    expect(api.requests()).toBe(30);
    expect(r.run.queriesUsed).toBe(30);
    expect(r.run.suggestedAnswers).toEqual({ "surface.inference.query_limits": "none" });
  });
});
