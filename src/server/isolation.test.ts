// Every endpoint that names an assessment, called with another assessment's tokens (and with
// tokens that open nothing): the same 404, none of the assessment's data in the body, nothing changed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../../test/support/server.js";
import { CATALOG } from "../catalog/index.js";
import { ANSWER_FORMAT } from "../contracts/answers.js";
import { rng, sampleAnswers } from "../store/seed.js";
import { CreateAssessmentResponse } from "./schemas.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server?.close());

type Created = import("zod").infer<typeof CreateAssessmentResponse>;
const NOT_FOUND = { error: "no such assessment, or the token does not open it", issues: [] };

async function populated(domain: string, seed: number): Promise<Created> {
  const created = CreateAssessmentResponse.parse(
    (await server.call("POST", "/api/assessments", { body: { name: `system ${seed}`, domain } })).body,
  );
  const answers = sampleAnswers(CATALOG, domain, rng(seed));
  const res = await server.call("PUT", `/api/assessments/${created.assessment.id}/import`, {
    token: created.tokens.owner,
    body: { format: ANSWER_FORMAT, catalog: CATALOG.version, answers },
  });
  expect(res.status).toBe(200);
  return created;
}

/** A well-formed run id (the isolation checks fail before any run is looked up). */
const RUN_ID = "00000000-0000-4000-8000-000000000000";

/** A valid request for each endpoint naming an assessment, so only authorisation can refuse it. */
const REQUESTS: ReadonlyArray<{
  method: string;
  path: string;
  fill?: Record<string, string>;
  body?: unknown;
}> = [
  { method: "GET", path: "/api/assessments/{id}" },
  { method: "PATCH", path: "/api/assessments/{id}", body: { name: "taken over" } },
  { method: "DELETE", path: "/api/assessments/{id}" },
  { method: "GET", path: "/api/assessments/{id}/tokens" },
  { method: "POST", path: "/api/assessments/{id}/tokens/{role}/rotate", fill: { role: "risk" } },
  { method: "DELETE", path: "/api/assessments/{id}/tokens/{role}", fill: { role: "surface" } },
  { method: "PUT", path: "/api/assessments/{id}/consent", body: { consent: true } },
  { method: "GET", path: "/api/assessments/{id}/result" },
  { method: "GET", path: "/api/assessments/{id}/export" },
  {
    method: "PUT",
    path: "/api/assessments/{id}/import",
    body: {
      format: ANSWER_FORMAT,
      catalog: CATALOG.version,
      answers: { "risk.domain.sector": "healthcare" },
    },
  },
  { method: "GET", path: "/api/assessments/{id}/percentile" },
  { method: "GET", path: "/api/assessments/{id}/report" },
  { method: "GET", path: "/api/assessments/{id}/questionnaires/{questionnaire}" },
  {
    method: "PUT",
    path: "/api/assessments/{id}/answers/{questionId}",
    fill: { questionId: "risk.domain.sector" },
    body: { value: "healthcare", baseRevision: 1 },
  },
  { method: "POST", path: "/api/assessments/{id}/questionnaires/{questionnaire}/finish" },
  { method: "POST", path: "/api/assessments/{id}/questionnaires/{questionnaire}/reopen" },
  {
    method: "POST",
    path: "/api/assessments/{id}/runs",
    body: {
      attack: "equation-solving",
      target: { kind: "demo", victim: "tabular-logreg", output: "probs", tiny: true },
      budget: 10,
    },
  },
  { method: "GET", path: "/api/assessments/{id}/runs" },
  { method: "GET", path: "/api/assessments/{id}/runs/{runId}", fill: { runId: RUN_ID } },
  { method: "POST", path: "/api/assessments/{id}/runs/{runId}/cancel", fill: { runId: RUN_ID } },
];

const concrete = (path: string, id: string, fill: Record<string, string> = {}) =>
  path.replace(/\{(\w+)\}/g, (_, name: string) => (name === "id" ? id : (fill[name] ?? "risk")));

async function snapshot(): Promise<string> {
  const tables = [
    "assessment",
    "access_token",
    "questionnaire_state",
    "answer",
    "pool_system",
    "pool_answer",
    "lab_run",
    "answer_verification",
  ];
  const parts: string[] = [];
  for (const t of tables) {
    parts.push(JSON.stringify(await server.store.db.query(`SELECT * FROM ${t} ORDER BY 1, 2, 3`)));
  }
  return parts.join("\n");
}

describe("cross-assessment isolation", () => {
  it("the test below covers every documented endpoint that names an assessment", async () => {
    const spec = await server.call<{ paths: Record<string, Record<string, unknown>> }>(
      "GET",
      "/api/openapi.json",
    );
    const documented = Object.entries(spec.body.paths)
      .filter(([path]) => path.includes("{id}"))
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    expect(REQUESTS.map((r) => `${r.method} ${r.path}`).sort()).toEqual(documented.sort());
  });

  it("answers 404 to another assessment's tokens on every endpoint, reading and changing nothing", async () => {
    const a = await populated("finance", 1);
    const b = await populated("healthcare", 2);
    const before = await snapshot();
    const secretsOfA = [a.assessment.name as string, ...Object.values(a.tokens)];
    const strangers = [...Object.values(b.tokens), "A".repeat(43)];
    for (const r of REQUESTS) {
      const path = concrete(r.path, a.assessment.id, r.fill);
      for (const token of strangers) {
        const res = await server.call(r.method, path, { token, ...(r.body ? { body: r.body } : {}) });
        expect(res.status, `${r.method} ${r.path}`).toBe(404);
        expect(res.body).toEqual(NOT_FOUND);
        for (const s of secretsOfA) expect(res.text).not.toContain(s);
      }
    }
    expect(await snapshot()).toBe(before);
  });

  it("keeps a respondent inside its own questionnaire", async () => {
    const a = await populated("finance", 3);
    const before = await snapshot();
    const token = a.tokens.security;
    for (const r of REQUESTS) {
      if (r.path === "/api/assessments/{id}" && r.method === "GET") continue; // any token may read the summary
      const path = concrete(r.path, a.assessment.id, r.fill); // questionnaire "risk", question risk.*
      const res = await server.call(r.method, path, { token, ...(r.body ? { body: r.body } : {}) });
      expect(res.status, `${r.method} ${r.path}`).toBe(404);
    }
    expect(await snapshot()).toBe(before);
  });
});
