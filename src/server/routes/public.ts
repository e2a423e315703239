// Stateless endpoints: the catalog, scoring an uploaded answer file, health, and the OpenAPI document.
import { z } from "zod";
import { parseAnswerText } from "../../catalog/answer-file.js";
import { validateAnswerFile } from "../../catalog/answers.js";
import { CATALOG, getCatalog, listCatalogVersions } from "../../catalog/index.js";
import { Catalog } from "../../contracts/catalog.js";
import { NotFound } from "../../contracts/errors.js";
import { RiskPicture } from "../../contracts/result.js";
import { score } from "../../scoring/index.js";
import type { Store } from "../../store/index.js";
import { defineRoute, type Route } from "../route.js";
import { AnswerFile, AnswerFileBody, CatalogQuery, CatalogVersions, Health } from "../schemas.js";

/** Parse an answer file sent as JSON (object) or as YAML/JSON text. */
export function answerFileInput(body: unknown): unknown {
  return typeof body === "string" ? parseAnswerText(body) : body;
}

/** The stateless routes; `document` returns the OpenAPI document (built once by the caller). */
export function publicRoutes(store: Store, document: () => unknown): Route[] {
  return [
    defineRoute({
      method: "GET",
      url: "/api/health",
      summary: "Liveness and which database is in use",
      tag: "meta",
      auth: false,
      response: { status: 200, schema: Health, description: "The server is up" },
      errors: [],
      handler: async () => {
        await store.db.query("SELECT 1");
        return { status: "ok" as const, database: store.db.kind };
      },
    }),
    defineRoute({
      method: "GET",
      url: "/api/openapi.json",
      summary: "This API as an OpenAPI 3.1 document",
      tag: "meta",
      auth: false,
      response: { status: 200, schema: z.record(z.string(), z.unknown()), description: "OpenAPI 3.1" },
      errors: [],
      handler: async () => document() as Record<string, unknown>,
    }),
    defineRoute({
      method: "GET",
      url: "/api/catalog/versions",
      summary: "Catalog versions this server knows",
      description:
        "The current version and every released one, oldest first. Each can be read with `GET /api/catalog?version=`, pinned by a new assessment and scored.",
      tag: "catalog",
      auth: false,
      response: { status: 200, schema: CatalogVersions, description: "Current and known versions" },
      errors: [],
      handler: async () => ({ current: CATALOG.version, versions: listCatalogVersions() }),
    }),
    defineRoute({
      method: "GET",
      url: "/api/catalog",
      summary: "The question catalog (current version, or ?version=)",
      tag: "catalog",
      auth: false,
      query: CatalogQuery,
      response: {
        status: 200,
        schema: Catalog,
        description: "Questionnaires, mitigations, contradiction rules",
      },
      errors: [400, 404],
      handler: async ({ query }) => {
        const catalog = getCatalog(query.version ?? CATALOG.version);
        if (!catalog) throw new NotFound(`catalog version ${query.version} is not known to this server`);
        return catalog;
      },
    }),
    defineRoute({
      method: "POST",
      url: "/api/score",
      summary: "Score an answer file (JSON or YAML) without storing it",
      description: "The same as `mlsa score answers.yaml --json`. Nothing is stored or logged.",
      tag: "catalog",
      auth: false,
      body: AnswerFileBody,
      bodyDoc: AnswerFile,
      textBody: true,
      response: { status: 200, schema: RiskPicture, description: "The risk picture" },
      errors: [400, 413, 415],
      handler: async ({ body }) => {
        const { file, catalog } = validateAnswerFile(answerFileInput(body));
        return score(catalog, {
          answers: file.answers,
          ...(file.verified ? { verified: file.verified } : {}),
        });
      },
    }),
  ];
}
