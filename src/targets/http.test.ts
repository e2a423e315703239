import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Invalid } from "../contracts/errors.js";
import { guardTarget, TargetCallError } from "../lab/guard.js";
import { type DemoServer, startDemoServer } from "./demo-server.js";
import { createHttpTarget, fillTemplate, type HttpTargetConfig, parseHttpTargetConfig } from "./http.js";
import { loadSuiteVictim, runTargetSuite } from "./target-suite.js";

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void | Promise<void>;

/** A plain node:http server on 127.0.0.1 recording every request it receives. */
async function rawServer(handler: Handler) {
  const seen: Array<{ method?: string; url?: string; headers: IncomingMessage["headers"]; body: string }> =
    [];
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (d) => {
      body += d;
    });
    req.on("end", () => {
      seen.push({ method: req.method, url: req.url, headers: req.headers, body });
      void handler(req, body, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, seen, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const json = (res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(value));
};

runTargetSuite("HTTP", async (output, topK) => {
  const victim = await loadSuiteVictim();
  const server = await startDemoServer({ victim, output, topK });
  const config = server.targetConfig;
  return {
    target: createHttpTarget(config),
    reference: (xs) => victim.predictProbs(xs),
    inputs: victim.splits.test.x.slice(0, 16),
    expectedInfo: {
      kind: "http",
      numClasses: 10,
      inputShape: [28, 28, 1],
      description: `mlsa demo victim digits: POST ${server.url}/predict`,
    },
    // A real server in front of the demo API that answers the status first, then proxies.
    flaky: async (plan) => {
      let failures = 0;
      const front = await rawServer(async (req, body, res) => {
        if (failures < plan.count) {
          failures++;
          const headers: Record<string, string> =
            plan.retryAfterSeconds === undefined ? {} : { "retry-after": String(plan.retryAfterSeconds) };
          json(res, plan.status, { error: "try later" }, headers);
          return;
        }
        const upstream = await fetch(`${server.url}${req.url}`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body,
        });
        json(res, upstream.status, await upstream.json());
      });
      return {
        target: createHttpTarget({ ...config, url: `${front.url}/predict` }),
        failures: () => failures,
        close: front.close,
      };
    },
    close: server.close,
  };
});

describe("HTTP target: origin pinning", () => {
  it("refuses a redirect to another port; the other server receives nothing", async () => {
    const other = await rawServer((_req, _body, res) => json(res, 200, { label: 1 }));
    const redirecting = await rawServer((_req, _body, res) => {
      res.writeHead(302, { location: `${other.url}/predict` });
      res.end();
    });
    try {
      const target = createHttpTarget({
        url: `${redirecting.url}/predict`,
        response: { label: "label" },
        output: "label",
        numClasses: 2,
        inputShape: [2],
        inputBounds: { min: 0, max: 1 },
      });
      const error = await target.predict([Float32Array.from([0.5, 0.5])]).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TargetCallError);
      expect((error as TargetCallError).retryable).toBe(false);
      expect((error as Error).message).toBe(
        `refused redirect from ${redirecting.url} to ${other.url}: an HTTP target only talks to the origin it was configured with`,
      );
      expect(redirecting.seen).toHaveLength(1);
      expect(other.seen).toHaveLength(0);
      // the guard does not retry it either
      const g = guardTarget(target, { budget: 5, retries: 3, backoffMs: 1 });
      await expect(g.predict([Float32Array.from([0.5, 0.5])])).rejects.toThrow(/refused redirect/);
      expect(other.seen).toHaveLength(0);
    } finally {
      await other.close();
      await redirecting.close();
    }
  });

  it("follows a redirect within the same origin, keeping method and body", async () => {
    const server = await rawServer((req, body, res) => {
      if (req.url === "/old") {
        res.writeHead(308, { location: "/new" });
        res.end();
      } else json(res, 200, { label: JSON.parse(body).input[0] > 0.5 ? 1 : 0 });
    });
    try {
      const target = createHttpTarget({
        url: `${server.url}/old`,
        response: { label: "label" },
        output: "label",
        numClasses: 2,
        inputShape: [1],
        inputBounds: { min: 0, max: 1 },
      });
      expect(await target.predict([Float32Array.from([0.75])])).toEqual([{ label: 1 }]);
      expect(server.seen.map((r) => [r.method, r.url])).toEqual([
        ["POST", "/old"],
        ["POST", "/new"],
      ]);
      expect(server.seen[1]!.body).toBe('{"input":[0.75]}');
    } finally {
      await server.close();
    }
  });
});

describe("HTTP target: auth secret", () => {
  const base = {
    response: { label: "label" },
    output: "label" as const,
    numClasses: 2,
    inputShape: [1],
    inputBounds: { min: 0, max: 1 },
    auth: { header: "Authorization", env: "MLSA_TEST_TOKEN", prefix: "Bearer " },
  };

  it("reads the header value from the environment at call time and never exposes it", async () => {
    const secret = "s3cr3t-token-value";
    const server = await rawServer((req, _body, res) =>
      req.headers.authorization === `Bearer ${secret}`
        ? json(res, 200, { label: 1 })
        : json(res, 401, { error: `bad token ${req.headers.authorization}` }),
    );
    try {
      const env: Record<string, string | undefined> = {};
      const target = createHttpTarget({ ...base, url: `${server.url}/p` }, { env });
      await expect(target.predict([Float32Array.from([1])])).rejects.toThrow(
        /environment variable MLSA_TEST_TOKEN .* is not set/,
      );
      expect(server.seen).toHaveLength(0);
      env.MLSA_TEST_TOKEN = secret;
      expect(await target.predict([Float32Array.from([1])])).toEqual([{ label: 1 }]);
      expect(JSON.stringify(target.info)).not.toContain(secret);
      // the server echoes a wrong token: the error message must not carry it
      env.MLSA_TEST_TOKEN = "other-secret-xyz";
      const error = (await target.predict([Float32Array.from([1])]).catch((e: unknown) => e)) as Error;
      expect(error.message).toMatch(/HTTP 401/);
      expect(error.message).not.toContain("other-secret-xyz");
      expect(error.message).toContain("[redacted]");
    } finally {
      await server.close();
    }
  });

  it("refuses secrets in static headers or in the URL", () => {
    expect(() =>
      parseHttpTargetConfig({ ...base, url: "http://127.0.0.1:1/p", headers: { Authorization: "Bearer x" } }),
    ).toThrow(/secret headers/);
    expect(() => parseHttpTargetConfig({ ...base, url: "http://user:pw@127.0.0.1:1/p" })).toThrow(
      /credentials/,
    );
  });
});

describe("HTTP target: response validation", () => {
  const cases: Array<[string, unknown, RegExp]> = [
    [
      "scores of the wrong length",
      { predictions: [{ label: 0, scores: [0.5, 0.5] }] },
      /array of 3 finite numbers/,
    ],
    ["a NaN score", { predictions: [{ label: 0, scores: [0.2, "NaN", 0.8] }] }, /array of 3 finite numbers/],
    [
      "a label out of range",
      { predictions: [{ label: 7, scores: [0.2, 0, 0.8] }] },
      /not a class index in \[0, 3\)/,
    ],
    ["probabilities above 1", { predictions: [{ label: 0, scores: [2, 0, 0] }] }, /must lie in \[0, 1\]/],
    ["the wrong number of results", { predictions: [] }, /must be a list of 1 results, got 0/],
    ["no result list", { result: 1 }, /"predictions" must be a list of 1 results, got undefined/],
  ];
  let server: Awaited<ReturnType<typeof rawServer>>;
  let reply: unknown;
  beforeAll(async () => {
    server = await rawServer((_req, _body, res) => {
      if (typeof reply === "string") res.end(reply);
      else json(res, 200, reply);
    });
  });
  afterAll(() => server.close());
  const config = (): HttpTargetConfig => ({
    url: `${server.url}/predict`,
    batch: true,
    response: { items: "predictions", label: "label", scores: "scores" },
    output: "probs",
    numClasses: 3,
    inputShape: [2],
    inputBounds: { min: 0, max: 1 },
  });

  for (const [what, body, message] of cases) {
    it(`rejects ${what}`, async () => {
      reply = body;
      const error = await createHttpTarget(config())
        .predict([Float32Array.from([0, 1])])
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TargetCallError);
      expect((error as Error).message).toMatch(message);
    });
  }

  it("rejects a body that is not JSON", async () => {
    reply = "<html>oops</html>";
    await expect(createHttpTarget(config()).predict([Float32Array.from([0, 1])])).rejects.toThrow(
      /did not answer JSON: <html>oops<\/html>/,
    );
  });

  it("maps class-name labels, logits and top-k lists", async () => {
    reply = { predictions: [{ cls: "b", logits: [0, 2, 1], top: [{ c: "c", p: 0.25 }] }] };
    const names = { ...config(), classNames: ["a", "b", "c"] };
    const logits = createHttpTarget({
      ...names,
      response: { items: "predictions", label: "cls", scores: "logits", scoresAre: "logits" },
    });
    const [p] = await logits.predict([Float32Array.from([0, 1])]);
    expect(p!.label).toBe(1);
    expect(p!.scores!.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
    expect(p!.scores![1]!).toBeGreaterThan(p!.scores![2]!);
    const top = createHttpTarget({
      ...names,
      output: "topk",
      topK: 1,
      response: { items: "predictions", topk: { path: "top", label: "c", score: "p" } },
    });
    expect(await top.predict([Float32Array.from([0, 1])])).toEqual([{ label: 2, scores: [0, 0, 0.25] }]);
  });
});

describe("HTTP target: configuration", () => {
  const ok = {
    url: "http://127.0.0.1:9/predict",
    response: { label: "label" },
    output: "label",
    numClasses: 2,
    inputShape: [2],
    inputBounds: { min: 0, max: 1 },
  };

  it("defaults the template to {input} or {inputs} and requires the placeholder", () => {
    expect(parseHttpTargetConfig(ok).request).toEqual({ input: "{{input}}" });
    expect(() => parseHttpTargetConfig({ ...ok, request: { data: "x" } })).toThrow(/\{\{input\}\}/);
    expect(() => parseHttpTargetConfig({ ...ok, batch: true, response: { label: "label" } })).toThrow(
      /response\.items/,
    );
    expect(() => parseHttpTargetConfig({ ...ok, url: "ftp://x/y" })).toThrow(Invalid);
    expect(() => parseHttpTargetConfig({ ...ok, output: "probs" })).toThrow(
      /need response\.scores or response\.topk/,
    );
  });

  it("fills flat and shaped placeholders", () => {
    const x = Float32Array.from([1, 2, 3, 4, 5, 6]);
    expect(fillTemplate({ a: { b: ["{{input_shaped}}"] }, k: "v" }, [x], [2, 3])).toEqual({
      a: {
        b: [
          [
            [1, 2, 3],
            [4, 5, 6],
          ],
        ],
      },
      k: "v",
    });
    expect(fillTemplate({ xs: "{{inputs}}" }, [x, x], [6])).toEqual({ xs: [Array.from(x), Array.from(x)] });
  });

  it("describes the target without query string or secrets", () => {
    const t = createHttpTarget({
      ...ok,
      url: "https://api.example.test/v1/predict?key=abc",
      description: "fraud model",
    });
    expect(t.info.description).toBe("fraud model: POST https://api.example.test/v1/predict");
    expect(t.info.maxBatch).toBe(1);
  });
});

describe("demo server", () => {
  let server: DemoServer;
  beforeAll(async () => {
    server = await startDemoServer({ victim: await loadSuiteVictim(), output: "probs" });
  });
  afterAll(() => server.close());

  it("answers single and batch requests and describes itself on GET /info", async () => {
    const x = Array.from(server.victim.splits.test.x[0]!);
    const single = await (await fetch(`${server.url}/predict`, post({ input: x }))).json();
    expect(single.scores).toHaveLength(10);
    const batch = await (await fetch(`${server.url}/predict`, post({ inputs: [x, x] }))).json();
    expect(batch.predictions).toEqual([single, single]);
    const info = await (await fetch(`${server.url}/info`)).json();
    expect(info).toMatchObject({
      victim: "digits",
      output: "probs",
      numClasses: 10,
      inputShape: [28, 28, 1],
    });
    expect(info.target.url).toBe(`${server.url}/predict`);
    expect(await createHttpTarget(info.target).predict([Float32Array.from(x)])).toEqual([single]);
  });

  it("answers 400 with issues for bad shapes and out-of-range values", async () => {
    const bad = async (body: unknown) => {
      const res = await fetch(`${server.url}/predict`, post(body));
      expect(res.status).toBe(400);
      return (await res.json()) as { issues: Array<{ path: string; message: string }> };
    };
    expect((await bad({ input: [1, 2] })).issues[0]).toEqual({
      path: "input",
      message: "expected 784 values, got 2",
    });
    const x = new Array(784).fill(0);
    x[5] = 1.5;
    expect((await bad({ inputs: [new Array(784).fill(0), x] })).issues[0]).toEqual({
      path: "inputs.1.5",
      message: "value 1.5 outside [0, 1]",
    });
    await bad({ input: "nope" });
    await bad({ inputs: [] });
    await bad({ input: new Array(784).fill(0), extra: 1 });
    expect(server.stats().rejected).toBeGreaterThanOrEqual(5);
  });

  it("works with a single-input (non-batch) HTTP target config", async () => {
    const t = createHttpTarget({
      ...server.targetConfig,
      batch: false,
      request: { input: "{{input}}" },
      response: { label: "label", scores: "scores" },
    });
    const xs = server.victim.splits.test.x.slice(0, 3);
    const before = server.stats().requests;
    const got = await t.predict(xs);
    expect(server.stats().requests - before).toBe(3);
    expect(got.map((p) => p.label)).toEqual(
      server.victim.predictProbs(xs).map((p) => p.indexOf(Math.max(...p))),
    );
  });

  it("rate-limits with 429 + Retry-After, and the guard recovers", async () => {
    const limited = await startDemoServer({
      victim: server.victim,
      output: "label",
      rateLimit: { perSecond: 20, burst: 1 },
    });
    try {
      const target = createHttpTarget(limited.targetConfig);
      const g = guardTarget(target, {
        budget: 50,
        maxBatch: 1,
        concurrency: 4,
        backoffMs: 20,
        maxBackoffMs: 60,
        retries: 20,
      });
      const xs = server.victim.splits.test.x.slice(0, 6);
      const got = await g.predict(xs);
      expect(got).toHaveLength(6);
      expect(limited.stats().rateLimited).toBeGreaterThan(0);
      expect(limited.stats().inputs).toBe(6);
      expect(g.queriesUsed).toBe(6);
      const res = await fetch(`${limited.url}/predict`, post({ input: Array.from(xs[0]!) }));
      if (res.status === 429) expect(res.headers.get("retry-after")).toBe("1");
    } finally {
      await limited.close();
    }
  });
});

function post(body: unknown): RequestInit {
  return { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) };
}
