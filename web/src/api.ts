// The HTTP API client (routes in src/server/routes, documented in docs/api.md). Capability tokens
// go only in the Authorization header, never in a path or query string; every endpoint the web
// app uses is named here, so API changes touch one file.
import type { z } from "zod";
import type { AnswerValue } from "../../src/contracts/answers.js";
import type { Catalog, Questionnaire } from "../../src/contracts/catalog.js";
import type { RiskPicture } from "../../src/contracts/result.js";
import type * as S from "../../src/server/schemas.js";
import type { Key } from "./router.js";

// Response types come from the server's zod schemas (what it validates every response against), as
// type imports only: nothing of zod or the server reaches the bundle.
type Out<T extends z.ZodType> = z.output<T>;

/** An error answer from the API (status 0: the network failed). */
export class ApiProblem extends Error {
  override readonly name = "ApiProblem";
  constructor(
    readonly status: number,
    message: string,
    readonly body?: ErrorBody,
  ) {
    super(message);
  }
}

/** The error body of every 4xx/5xx answer. */
export type ErrorBody = Out<typeof S.ApiError>;

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

interface Send {
  token?: string | null;
  json?: unknown;
  text?: { body: string; type: string };
}

async function send(method: Method, path: string, { token, json, text }: Send = {}): Promise<Response> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (token) headers.authorization = `Bearer ${token}`;
  let body: string | undefined;
  if (text) {
    headers["content-type"] = text.type;
    body = text.body;
  } else if (json !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(json);
  }
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body, cache: "no-store", referrerPolicy: "no-referrer" });
  } catch {
    throw new ApiProblem(0, "The server could not be reached. Check your connection and try again.");
  }
  if (!res.ok) {
    const data = (await res.json().catch(() => undefined)) as ErrorBody | undefined;
    throw new ApiProblem(res.status, messageOf(data, res.status), data);
  }
  return res;
}

function messageOf(data: ErrorBody | undefined, status: number): string {
  if (status === 429) return "Too many requests in a short time; wait a moment and try again.";
  if (data && typeof data.error === "string") {
    const detail = data.issues?.[0]?.message;
    return detail && !data.error.includes(detail) ? `${data.error} (${detail})` : data.error;
  }
  return `The server answered with an error (${status}).`;
}

async function call<T>(method: Method, path: string, options?: Send): Promise<T> {
  const res = await send(method, path, options);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

let routeList: Promise<string[]> | null = null;

/** "METHOD /path" of every API route, from the server's OpenAPI document (fetched once), so the app
 * only calls optional endpoints that exist instead of provoking 404s. */
function routes(): Promise<string[]> {
  routeList ??= call<{ paths: Record<string, Record<string, unknown>> }>("GET", "/api/openapi.json").then(
    (doc) =>
      Object.entries(doc.paths).flatMap(([path, methods]) =>
        Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`),
      ),
    (error: unknown) => {
      routeList = null;
      throw error;
    },
  );
  return routeList;
}

const at = (key: Key, rest = "") => `/api/assessments/${encodeURIComponent(key.id)}${rest}`;

export type Role = Out<typeof S.Role>;
/** A questionnaire's state. */
export type QuestionnaireState = Out<typeof S.QuestionnaireState>;
/** An assessment as the caller may see it; respondents see only their own questionnaire. */
export type AssessmentView = Out<typeof S.AssessmentView>;
/** One stored answer with its revision (value null: cleared; revision 0: never written). */
export type StoredAnswer = Out<typeof S.StoredAnswer>;
/** One questionnaire's answers, for resuming it. */
export type QuestionnaireAnswers = Out<typeof S.QuestionnaireAnswers>;
export type Tokens = Out<typeof S.TokenSet>;

export type Overview = Out<typeof S.Overview>;
export type QuestionTrend = Out<typeof S.QuestionTrends>["questions"][number];
export type MitigationTrend = Out<typeof S.MitigationTrends>["mitigations"][number];
export type DomainResidual = Out<typeof S.ResidualTrends>["domains"][number];
export type Spread = DomainResidual["overall"];
export type Percentile = Out<typeof S.PercentileResponse>;

/** A lab run as the API shows it. */
export type LabRun = Out<typeof S.RunView>;

export type ExportFormat = "json" | "yaml";
export type ReportFormat = "pdf" | "md" | "json" | "navigator" | "html";

export const api = {
  catalog: (version?: string) =>
    call<Catalog>("GET", version ? `/api/catalog?version=${encodeURIComponent(version)}` : "/api/catalog"),
  create: (input: { name?: string }) =>
    call<Out<typeof S.CreateAssessmentResponse>>("POST", "/api/assessments", { json: input }),

  assessment: (key: Key) => call<AssessmentView>("GET", at(key), { token: key.token }),
  rename: (key: Key, name: string | null) =>
    call<AssessmentView>("PATCH", at(key), { token: key.token, json: { name } }),
  remove: (key: Key) => call<undefined>("DELETE", at(key), { token: key.token }),
  tokens: (key: Key) => call<Out<typeof S.TokenStatus>>("GET", at(key, "/tokens"), { token: key.token }),
  rotate: (key: Key, role: Role) =>
    call<Out<typeof S.RotateResponse>>("POST", at(key, `/tokens/${role}/rotate`), { token: key.token }),
  revoke: (key: Key, role: Questionnaire) =>
    call<undefined>("DELETE", at(key, `/tokens/${role}`), { token: key.token }),
  consent: (key: Key, consent: boolean) =>
    call<Out<typeof S.ConsentResponse>>("PUT", at(key, "/consent"), {
      token: key.token,
      json: { consent },
    }),
  result: (key: Key) => call<RiskPicture>("GET", at(key, "/result"), { token: key.token }),
  percentile: (key: Key) => call<Percentile>("GET", at(key, "/percentile"), { token: key.token }),
  exportAnswers: async (key: Key, format: ExportFormat) =>
    (await send("GET", at(key, `/export?format=${format}`), { token: key.token })).text(),
  importAnswers: (key: Key, body: string, format: ExportFormat) =>
    call<Out<typeof S.ImportResponse>>("PUT", at(key, "/import"), {
      token: key.token,
      text: { body, type: format === "json" ? "application/json" : "application/yaml" },
    }),
  report: async (key: Key, format: ReportFormat) =>
    (await send("GET", at(key, `/report?format=${format}`), { token: key.token })).blob(),
  /** The assessment's lab runs, or null when this server has no lab-runs endpoint. */
  labRuns: async (key: Key): Promise<LabRun[] | null> => {
    const route = (await routes()).find((r) => /^GET \/api\/assessments\/\{id\}\/(lab\/)?runs$/.test(r));
    if (!route) return null;
    const rest = route.slice(route.indexOf("}") + 1);
    return (await call<Out<typeof S.RunList>>("GET", at(key, rest), { token: key.token })).runs;
  },
  /** One lab run with its evidence (example inputs as PNG data URLs). */
  labRun: (key: Key, runId: string) =>
    call<LabRun>("GET", at(key, `/runs/${encodeURIComponent(runId)}`), { token: key.token }),
  /** Whether the server offers report downloads (the endpoint comes with the reports module). */
  hasReports: async () => (await routes()).includes("GET /api/assessments/{id}/report"),

  questionnaire: (key: Key, q: Questionnaire) =>
    call<QuestionnaireAnswers>("GET", at(key, `/questionnaires/${q}`), { token: key.token }),
  save: (key: Key, questionId: string, value: AnswerValue | null, baseRevision: number) =>
    call<StoredAnswer>("PUT", at(key, `/answers/${encodeURIComponent(questionId)}`), {
      token: key.token,
      json: { value, baseRevision },
    }),
  finish: (key: Key, q: Questionnaire, finished: boolean) =>
    call<QuestionnaireState>("POST", at(key, `/questionnaires/${q}/${finished ? "finish" : "reopen"}`), {
      token: key.token,
    }),

  trends: {
    overview: () => call<Overview>("GET", "/api/trends"),
    questions: (questionnaire: Questionnaire) =>
      call<Out<typeof S.QuestionTrends>>("GET", `/api/trends/questions?questionnaire=${questionnaire}`),
    mitigations: () => call<Out<typeof S.MitigationTrends>>("GET", "/api/trends/mitigations"),
    residual: () => call<Out<typeof S.ResidualTrends>>("GET", "/api/trends/residual"),
  },
};
