// Privacy and hardening over real HTTP: no token or address in the logs of a whole run, security
// headers on every response, body limits, rate limits, no CORS, and clear 4xx errors that write nothing.
import { Writable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../../test/support/server.js";
import { CATALOG } from "../catalog/index.js";
import { ANSWER_FORMAT } from "../contracts/answers.js";
import { rng, sampleAnswers } from "../store/seed.js";
import { CreateAssessmentResponse } from "./schemas.js";
import { SECURITY_HEADERS } from "./security.js";

const servers: TestServer[] = [];
afterAll(async () => {
  for (const s of servers) await s.close();
});

function collector() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { stream, text: () => lines.join("") };
}

describe("logs", () => {
  it("never contain a token, an address, a header or a query string", async () => {
    const log = collector();
    const server = await startTestServer({ log: log.stream });
    servers.push(server);
    const created = CreateAssessmentResponse.parse(
      (await server.call("POST", "/api/assessments", { body: { domain: "finance" } })).body,
    );
    const { id } = created.assessment;
    const tokens: string[] = Object.values(created.tokens);
    const answers = sampleAnswers(CATALOG, "finance", rng(9));
    await server.call("PUT", `/api/assessments/${id}/import`, {
      token: created.tokens.owner,
      body: { format: ANSWER_FORMAT, catalog: CATALOG.version, answers },
    });
    await server.call("PUT", `/api/assessments/${id}/answers/risk.domain.sector`, {
      token: created.tokens.risk,
      body: { value: "healthcare", baseRevision: 1 },
    });
    await server.call("GET", `/api/assessments/${id}/export?format=yaml&token=${created.tokens.owner}`, {
      token: created.tokens.owner,
    });
    const rotated = await server.call<{ token: string }>(
      "POST",
      `/api/assessments/${id}/tokens/surface/rotate`,
      {
        token: created.tokens.owner,
      },
    );
    tokens.push(rotated.body.token);
    // failures too: unknown token, token in a path that does not exist, bad body
    await server.call("GET", `/api/assessments/${id}`, { token: "Z".repeat(43) });
    await server.call("GET", `/api/nothing/${created.tokens.owner}`);
    await server.call("PUT", `/api/assessments/${id}/answers/risk.domain.sector`, {
      token: created.tokens.risk,
      body: { value: 7, baseRevision: 0 },
    });
    await server.call("GET", "/api/session", { token: created.tokens.security });
    // the one line naming an address is the server announcing its own listening socket
    const text = log
      .text()
      .split("\n")
      .filter((line) => !line.includes('"msg":"Server listening at'))
      .join("\n");
    expect(text).toContain("request completed"); // the logs are there, so the checks below mean something
    expect(text).toContain("/api/assessments/:id/answers/:questionId");
    for (const t of tokens) expect(text).not.toContain(t);
    expect(text).not.toContain("127.0.0.1");
    expect(text.toLowerCase()).not.toContain("authorization");
    expect(text.toLowerCase()).not.toContain("bearer");
    expect(text).not.toContain("?format");
  });
});

describe("hardening", () => {
  it("sends the security headers on every kind of response and no CORS headers", async () => {
    const server = await startTestServer();
    servers.push(server);
    const responses = [
      await server.call("GET", "/api/catalog"),
      await server.call("GET", "/api/nothing"),
      await server.call("POST", "/api/assessments", { body: { domain: 3 } }),
      await server.call("GET", "/api/assessments/AAAAAAAAAAAAAAAAAAAAAA", { token: "B".repeat(43) }),
      await server.call("OPTIONS", "/api/assessments"),
    ];
    for (const res of responses) {
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(res.headers.get(name)).toBe(value);
      expect(res.headers.get("access-control-allow-origin")).toBeNull();
    }
    const cross = await fetch(`${server.url}/api/catalog`, { headers: { origin: "https://evil.example" } });
    expect(cross.headers.get("access-control-allow-origin")).toBeNull();
    expect(responses[4]?.status).toBe(404);
  });

  it("rejects bad input with the field and what was expected, writing nothing", async () => {
    const server = await startTestServer();
    servers.push(server);
    const count = async () => (await server.store.db.query("SELECT 1 FROM assessment")).length;
    const bad = await server.call("POST", "/api/assessments", {
      body: { domain: "Not A Domain!", colour: "red" },
    });
    expect(bad.status).toBe(400);
    const issues = (bad.body as { issues: Array<{ path: string; message: string }> }).issues;
    expect(issues.map((i) => i.path).sort()).toEqual(["body", "body.domain"]);
    expect(issues.find((i) => i.path === "body")?.message).toMatch(/colour/);
    const unknownDomain = await server.call("POST", "/api/assessments", { body: { domain: "astrology" } });
    expect(unknownDomain.status).toBe(400);
    expect(unknownDomain.body).toMatchObject({ issues: [{ path: "body.domain" }] });
    expect((unknownDomain.body as { issues: Array<{ message: string }> }).issues[0]?.message).toMatch(
      /finance/,
    );
    expect(await count()).toBe(0);
    const notJson = await fetch(`${server.url}/api/assessments`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{nope",
    });
    expect(notJson.status).toBe(400);
    const created = CreateAssessmentResponse.parse(
      (await server.call("POST", "/api/assessments", { body: {} })).body,
    );
    const id = created.assessment.id;
    const wrongOption = await server.call("PUT", `/api/assessments/${id}/answers/risk.domain.sector`, {
      token: created.tokens.risk,
      body: { value: "astrology", baseRevision: 0 },
    });
    expect(wrongOption.status).toBe(400);
    expect(wrongOption.body).toMatchObject({ issues: [{ path: "body.value" }] });
    const wrongId = await server.call("PUT", `/api/assessments/${id}/answers/risk.domain`, {
      token: created.tokens.risk,
      body: { value: "finance", baseRevision: 0 },
    });
    expect(wrongId.status).toBe(400);
    expect(wrongId.body).toMatchObject({ issues: [{ path: "params.questionId" }] });
    const noToken = await server.call("GET", `/api/assessments/${id}`);
    expect(noToken.status).toBe(401);
    expect((await server.store.db.query("SELECT 1 FROM answer")).length).toBe(0);
  });

  it("limits body sizes: 1 MiB in general, 5 MiB for import", async () => {
    const server = await startTestServer();
    servers.push(server);
    const created = CreateAssessmentResponse.parse(
      (await server.call("POST", "/api/assessments", { body: {} })).body,
    );
    const filler = (bytes: number) =>
      `# ${"x".repeat(bytes)}\nformat: mlsa-answers/1\ncatalog: ${CATALOG.version}\nanswers: {}\n`;
    expect((await server.call("POST", "/api/score", { text: filler(1.2 * 2 ** 20) })).status).toBe(413);
    expect((await server.call("POST", "/api/score", { text: filler(1000) })).status).toBe(200);
    const path = `/api/assessments/${created.assessment.id}/import`;
    const token = created.tokens.owner;
    expect((await server.call("PUT", path, { token, text: filler(3 * 2 ** 20) })).status).toBe(200);
    const tooBig = await server.call("PUT", path, { token, text: filler(5.5 * 2 ** 20) });
    expect(tooBig.status).toBe(413);
    expect(tooBig.body).toMatchObject({ error: "request body too large" });
  });

  it("rate-limits per address and per token in memory, with Retry-After", async () => {
    const server = await startTestServer({
      rateLimits: {
        address: { burst: 30, perSecond: 0.001 },
        token: { burst: 5, perSecond: 0.001 },
        create: { burst: 2, perSecond: 0.001 },
      },
    });
    servers.push(server);
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++)
      statuses.push((await server.call("POST", "/api/assessments", { body: {} })).status);
    expect(statuses).toEqual([201, 201, 429]);
    const created = await server.store.create({});
    const path = `/api/assessments/${created.assessment.id}`;
    const byToken: number[] = [];
    for (let i = 0; i < 7; i++)
      byToken.push((await server.call("GET", path, { token: created.tokens.owner })).status);
    expect(byToken).toEqual([200, 200, 200, 200, 200, 429, 429]);
    const other = await server.call("GET", path, { token: created.tokens.risk });
    expect(other.status).toBe(200);
    let last = other;
    for (let i = 0; i < 30 && last.status !== 429; i++) last = await server.call("GET", "/api/health");
    expect(last.status).toBe(429);
    expect(Number(last.headers.get("retry-after"))).toBeGreaterThan(0);
  });
});
