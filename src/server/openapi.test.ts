// The OpenAPI document: generated from the same zod schemas that validate requests, covering every
// route, and the stateless endpoints the foundation issue asks for.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../../test/support/server.js";
import { CATALOG } from "../catalog/index.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server?.close());

interface Doc {
  openapi: string;
  paths: Record<
    string,
    Record<string, { responses: Record<string, unknown>; requestBody?: unknown; security: unknown[] }>
  >;
}

describe("OpenAPI", () => {
  it("describes every route with its schemas", async () => {
    const res = await server.call<Doc>("GET", "/api/openapi.json");
    expect(res.status).toBe(200);
    const doc = res.body;
    expect(doc.openapi).toBe("3.1.0");
    const ops = Object.entries(doc.paths).flatMap(([p, o]) => Object.keys(o).map((m) => `${m} ${p}`));
    expect(ops.length).toBe(32); // every endpoint in docs/api.md; a new one updates both
    for (const path of ["/api/catalog", "/api/score", "/api/openapi.json", "/api/trends/questions"]) {
      expect(doc.paths[path]).toBeDefined();
    }
    const save = doc.paths["/api/assessments/{id}/answers/{questionId}"]?.put;
    expect(JSON.stringify(save?.requestBody)).toContain("baseRevision");
    expect(Object.keys(save?.responses ?? {})).toEqual(expect.arrayContaining(["200", "400", "404", "409"]));
    expect(save?.security).toEqual([{ bearer: [] }]);
    expect(doc.paths["/api/catalog"]?.get?.security).toEqual([]);
  });

  it("serves the stateless catalog and scoring endpoints", async () => {
    const catalog = await server.call<{ version: string }>("GET", "/api/catalog");
    expect(catalog.body.version).toBe(CATALOG.version);
    expect((await server.call("GET", "/api/catalog?version=0.0.9")).status).toBe(404);
    const scored = await server.call<{ catalogVersion: string }>("POST", "/api/score", {
      body: {
        format: "mlsa-answers/1",
        catalog: CATALOG.version,
        answers: { "risk.domain.sector": "finance" },
      },
    });
    expect(scored.status).toBe(200);
    expect(scored.body.catalogVersion).toBe(CATALOG.version);
    const bad = await server.call<{ issues: Array<{ path: string; message: string }> }>(
      "POST",
      "/api/score",
      {
        body: {
          format: "mlsa-answers/1",
          catalog: CATALOG.version,
          answers: { "risk.domain.sector": "astrology" },
        },
      },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.issues[0]?.path).toBe("body.answers.risk.domain.sector");
  });
});
