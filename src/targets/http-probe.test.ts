// Raw probe requests against a real server on 127.0.0.1: what is sent, what is kept, what is mapped.
import type { AddressInfo } from "node:net";
import Fastify from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpProbe, encodeBody, fillRaw } from "./http-probe.js";

const seen: Array<{ body: string; auth?: string }> = [];
const app = Fastify({ logger: false });
let base = "";
beforeAll(async () => {
  app.addContentTypeParser("application/json", { parseAs: "string" }, (_r, body, done) => done(null, body));
  app.post("/predict", async (req, reply) => {
    seen.push({ body: String(req.body), auth: req.headers.authorization });
    if (String(req.body).includes("boom"))
      return reply.code(500).send({ error: `failed for token s3cret-token at handler (/srv/x.js:1:2)` });
    return { label: 1, scores: [0.25, 0.75] };
  });
  app.post("/moved", async (_req, reply) => reply.redirect("https://elsewhere.example/predict", 307));
  await app.listen({ port: 0, host: "127.0.0.1" });
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
});
afterAll(() => app.close());

const config = (path = "/predict") => ({
  url: `${base}${path}`,
  request: { data: { features: "{{input}}" }, model: "m1" },
  response: { label: "label", scores: "scores" },
  output: "probs" as const,
  numClasses: 2,
  inputShape: [3],
  inputBounds: { min: 0, max: 1 },
  auth: { header: "authorization", env: "PROBE_TOKEN", prefix: "Bearer " },
});
const env = { PROBE_TOKEN: "s3cret-token" };

describe("encodeBody and fillRaw", () => {
  it("places any value where the template takes an input, batch placeholders as a one-item list", () => {
    expect(fillRaw({ a: "{{input}}", b: ["{{inputs}}"] }, "x")).toEqual({ a: "x", b: [["x"]] });
  });
  it("writes non-finite numbers as null or as bare literals", () => {
    expect(encodeBody({ x: [Number.NaN, 1, Number.NEGATIVE_INFINITY] }, "null")).toBe('{"x":[null,1,null]}');
    expect(encodeBody({ x: [Number.NaN, 1, Number.NEGATIVE_INFINITY] }, "literal")).toBe(
      '{"x":[NaN,1,-Infinity]}',
    );
  });
});

describe("createHttpProbe", () => {
  it("sends the raw input with auth, keeps status, headers and body, and maps a 2xx answer", async () => {
    const probe = createHttpProbe(config(), { env });
    const ex = await probe.sendInput([0.5, "1", Number.NaN], { nonFinite: "literal" });
    expect(seen.at(-1)).toEqual({
      body: '{"data":{"features":[0.5,"1",NaN]},"model":"m1"}',
      auth: "Bearer s3cret-token",
    });
    expect(ex.status).toBe(200);
    expect(ex.headers["content-type"]).toMatch(/json/);
    expect(ex.prediction).toEqual({ label: 1, scores: [0.25, 0.75] });
    expect(probe.description).not.toMatch(/s3cret/);
  });

  it("redacts the secret from error bodies and reports, but never follows, redirects", async () => {
    const probe = createHttpProbe(config(), { env });
    const ex = await probe.sendInput(["boom"]);
    expect(ex.status).toBe(500);
    expect(ex.body).not.toMatch(/s3cret/);
    expect(ex.body).toMatch(/\[redacted\]/);
    expect(ex.prediction).toBeUndefined();
    const moved = await createHttpProbe(config("/moved"), { env }).sendInput([0, 0, 0]);
    expect(moved.status).toBe(307);
  });

  it("reports an unreachable API as status 0 instead of throwing", async () => {
    const probe = createHttpProbe(
      { ...config(), url: "http://127.0.0.1:9/predict" },
      { env, timeoutMs: 2000 },
    );
    const ex = await probe.sendInput([0, 0, 0]);
    expect(ex.status).toBe(0);
    expect(ex.problem).toBeTruthy();
  });
});
