// Assessment endpoints: create, who-am-I, read, rename, delete, tokens (rotate, revoke), consent,
// combined result, import / export, and the percentile among peers.
import { z } from "zod";
import { formatAnswerFile } from "../../catalog/answer-file.js";
import { RiskPicture } from "../../contracts/result.js";
import type { AssessmentRecord, Principal, Store } from "../../store/index.js";
import { RateLimited } from "../errors.js";
import { defineRoute, type Route } from "../route.js";
import {
  AnswerFile,
  AnswerFileBody,
  AssessmentView,
  ConsentBody,
  ConsentResponse,
  CreateAssessmentBody,
  CreateAssessmentResponse,
  Empty,
  ExportQuery,
  IdParams,
  ImportResponse,
  PatchAssessmentBody,
  PercentileResponse,
  RoleParams,
  RotateResponse,
  SessionResponse,
  TokenStatus,
} from "../schemas.js";
import type { Limiter } from "../security.js";
import { answerFileInput } from "./public.js";

/** An assessment as the caller may see it: respondents only see their own questionnaire. */
export function viewOf(record: AssessmentRecord, principal: Principal): z.infer<typeof AssessmentView> {
  return {
    ...record,
    role: principal.role,
    questionnaires: record.questionnaires.filter(
      (q) => principal.role === "owner" || q.questionnaire === principal.role,
    ),
  };
}

const IMPORT_LIMIT = 5 * 1024 * 1024;

export function assessmentRoutes(store: Store, createLimiter: Limiter): Route[] {
  return [
    defineRoute({
      method: "POST",
      url: "/api/assessments",
      summary: "Create an assessment; returns the owner token and one token per questionnaire, once",
      tag: "assessments",
      auth: false,
      body: CreateAssessmentBody,
      response: { status: 201, schema: CreateAssessmentResponse, description: "Created" },
      errors: [400],
      handler: async ({ body, request }) => {
        const wait = createLimiter.take(request.ip);
        if (wait > 0) throw new RateLimited(wait);
        const { assessment, tokens } = await store.create(body);
        return { assessment: { ...assessment, role: "owner" as const }, tokens };
      },
    }),
    defineRoute({
      method: "GET",
      url: "/api/session",
      summary: "Which assessment and role the bearer token opens",
      description: "Lets a web link carry only the token (in the URL fragment).",
      tag: "assessments",
      auth: true,
      response: { status: 200, schema: SessionResponse, description: "The token's assessment and role" },
      errors: [401, 404],
      handler: async ({ token }) => store.identify(token()),
    }),
    defineRoute({
      method: "GET",
      url: "/api/assessments/:id",
      summary: "Read an assessment (any of its tokens)",
      tag: "assessments",
      auth: true,
      params: IdParams,
      response: { status: 200, schema: AssessmentView, description: "The assessment" },
      errors: [400, 401, 404],
      handler: async ({ params, token }) => {
        const p = await store.authorize(token(), params.id, "any");
        return viewOf(await store.get(p), p);
      },
    }),
    defineRoute({
      method: "PATCH",
      url: "/api/assessments/:id",
      summary: "Rename or change the application domain (owner)",
      tag: "assessments",
      auth: true,
      params: IdParams,
      body: PatchAssessmentBody,
      response: { status: 200, schema: AssessmentView, description: "The updated assessment" },
      errors: [400, 401, 404],
      handler: async ({ params, body, token }) => {
        const p = await store.authorize(token(), params.id, "owner");
        await store.update(p, body);
        return viewOf(await store.get(p), p);
      },
    }),
    defineRoute({
      method: "DELETE",
      url: "/api/assessments/:id",
      summary: "Erase the assessment, its answers and tokens (owner)",
      tag: "assessments",
      auth: true,
      params: IdParams,
      response: { status: 204, schema: Empty, description: "Erased" },
      errors: [400, 401, 404],
      handler: async ({ params, token }) => {
        await store.delete(await store.authorize(token(), params.id, "owner"));
        return null;
      },
    }),
    defineRoute({
      method: "GET",
      url: "/api/assessments/:id/tokens",
      summary: "Which tokens are active (owner); token values are never shown again",
      tag: "tokens",
      auth: true,
      params: IdParams,
      response: { status: 200, schema: TokenStatus, description: "Active roles" },
      errors: [400, 401, 404],
      handler: async ({ params, token }) => ({
        tokens: await store.tokens(await store.authorize(token(), params.id, "owner")),
      }),
    }),
    defineRoute({
      method: "POST",
      url: "/api/assessments/:id/tokens/:role/rotate",
      summary: "Replace a token (or re-issue a revoked one); the old one stops working at once (owner)",
      tag: "tokens",
      auth: true,
      params: RoleParams,
      response: { status: 200, schema: RotateResponse, description: "The new token, shown once" },
      errors: [400, 401, 404],
      handler: async ({ params, token }) => {
        const p = await store.authorize(token(), params.id, "owner");
        return { role: params.role, token: await store.rotate(p, params.role) };
      },
    }),
    defineRoute({
      method: "DELETE",
      url: "/api/assessments/:id/tokens/:role",
      summary: "Revoke a respondent token (owner); the owner token can only be rotated",
      tag: "tokens",
      auth: true,
      params: RoleParams,
      response: { status: 204, schema: Empty, description: "Revoked" },
      errors: [400, 401, 404],
      handler: async ({ params, token }) => {
        await store.revoke(await store.authorize(token(), params.id, "owner"), params.role);
        return null;
      },
    }),
    defineRoute({
      method: "PUT",
      url: "/api/assessments/:id/consent",
      summary: "Give or withdraw consent to pool finished answers into the anonymous trends (owner)",
      description:
        "Consenting pools the questionnaires already finished; later finishes are pooled when they happen. " +
        "Withdrawing stops future pooling; rows already pooled cannot be singled out and stay (docs/api.md).",
      tag: "trends",
      auth: true,
      params: IdParams,
      body: ConsentBody,
      response: {
        status: 200,
        schema: ConsentResponse,
        description: "Consent state and what was pooled now",
      },
      errors: [400, 401, 404],
      handler: async ({ params, body, token }) =>
        store.consent(await store.authorize(token(), params.id, "owner"), body.consent),
    }),
    defineRoute({
      method: "GET",
      url: "/api/assessments/:id/result",
      summary: "The combined risk picture of everything answered so far (owner)",
      tag: "answers",
      auth: true,
      params: IdParams,
      response: { status: 200, schema: RiskPicture, description: "The risk picture" },
      errors: [400, 401, 404],
      handler: async ({ params, token }) => store.result(await store.authorize(token(), params.id, "owner")),
    }),
    defineRoute({
      method: "GET",
      url: "/api/assessments/:id/export",
      summary: "All answers as an answer file, JSON (default) or YAML (owner)",
      description: "The same format as `mlsa score` reads; `?format=yaml` returns application/yaml text.",
      tag: "answers",
      auth: true,
      params: IdParams,
      query: ExportQuery,
      response: { status: 200, schema: z.union([AnswerFile, z.string()]), description: "The answer file" },
      errors: [400, 401, 404],
      handler: async ({ params, query, token, reply }) => {
        const file = await store.export(await store.authorize(token(), params.id, "owner"));
        void reply.header("content-disposition", `attachment; filename="mlsa-answers.${query.format}"`);
        if (query.format === "json") return file;
        void reply.type("application/yaml; charset=utf-8");
        return formatAnswerFile(file, "yaml");
      },
    }),
    defineRoute({
      method: "PUT",
      url: "/api/assessments/:id/import",
      summary: "Replace all answers with an answer file, JSON or YAML (owner)",
      description:
        "Validated first: any wrong key rejects the whole file and nothing is written. The file's catalog " +
        "version must be the assessment's. Finished flags are kept. Limit 5 MiB.",
      tag: "answers",
      auth: true,
      params: IdParams,
      body: AnswerFileBody,
      bodyDoc: AnswerFile,
      textBody: true,
      bodyLimit: IMPORT_LIMIT,
      response: {
        status: 200,
        schema: ImportResponse,
        description: "How many answers the file has and changed",
      },
      errors: [400, 401, 404, 413, 415],
      handler: async ({ params, body, token }) =>
        store.import(await store.authorize(token(), params.id, "owner"), answerFileInput(body)),
    }),
    defineRoute({
      method: "GET",
      url: "/api/assessments/:id/percentile",
      summary: "Where this assessment's residual risk stands among pooled peers of its domain (owner)",
      tag: "trends",
      auth: true,
      params: IdParams,
      response: { status: 200, schema: PercentileResponse, description: "Percentiles (null under k peers)" },
      errors: [400, 401, 404],
      handler: async ({ params, token }) =>
        store.trends.percentile(await store.authorize(token(), params.id, "owner")),
    }),
  ];
}
