// The API as the hardening tests see it: every operation read from /api/openapi.json (so a new
// endpoint is covered without editing the tests), a valid request for each, and a populated world
// of assessments whose tokens the tests turn against each other.
import { z } from "zod";
import { CATALOG } from "../../src/catalog/index.js";
import { ANSWER_FORMAT } from "../../src/contracts/answers.js";
import { CreateAssessmentResponse } from "../../src/server/schemas.js";
import { rng, sampleAnswers } from "../../src/store/seed.js";
import type { TestServer } from "../support/server.js";

/** A JSON schema as found in the OpenAPI document. */
export type JsonSchema = Record<string, unknown>;

/** One operation of the API. */
export interface Operation {
  /** "PUT /api/assessments/{id}/answers/{questionId}" */
  key: string;
  method: string;
  path: string;
  pathParams: Array<{ name: string; schema: JsonSchema }>;
  queryParams: Array<{ name: string; schema: JsonSchema }>;
  /** The JSON body schema; `yaml` when the body may also be an answer file in YAML. */
  body?: { schema: JsonSchema; yaml: boolean };
  auth: boolean;
}

interface OpenApi {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: Array<{ name: string; in: "path" | "query"; schema: JsonSchema }>;
        requestBody?: { content: Record<string, { schema: JsonSchema }> };
        security?: unknown[];
      }
    >
  >;
}

/** Every operation of an OpenAPI document. */
export function operationsOf(doc: unknown): Operation[] {
  const out: Operation[] = [];
  for (const [path, ops] of Object.entries((doc as OpenApi).paths)) {
    for (const [m, op] of Object.entries(ops)) {
      const method = m.toUpperCase();
      const params = op.parameters ?? [];
      const content = op.requestBody?.content;
      const json = content?.["application/json"]?.schema;
      out.push({
        key: `${method} ${path}`,
        method,
        path,
        pathParams: params.filter((p) => p.in === "path").map(({ name, schema }) => ({ name, schema })),
        queryParams: params.filter((p) => p.in === "query").map(({ name, schema }) => ({ name, schema })),
        ...(json ? { body: { schema: json, yaml: content?.["application/yaml"] !== undefined } } : {}),
        auth: (op.security ?? []).length > 0,
      });
    }
  }
  return out;
}

/** An assessment created through the API, with its four tokens. */
export interface Party {
  id: string;
  name: string;
  tokens: { owner: string; risk: string; surface: string; security: string };
  /** A lab run of this assessment (queued, never executed), when the API has run endpoints. */
  runId?: string;
}

/** A question with single-choice options, used for valid answers. */
export const BASE_QUESTION = "risk.domain.sector";

/** A valid answer file (one answer). */
export const VALID_ANSWER_FILE = {
  format: ANSWER_FORMAT,
  catalog: CATALOG.version,
  answers: { [BASE_QUESTION]: "finance" },
};

/** Path parameter values that name real things of a party. */
const PATH_VALUES: Record<string, (p: Party) => string> = {
  id: (p) => p.id,
  questionnaire: () => "risk",
  role: () => "risk",
  questionId: () => BASE_QUESTION,
  runId: (p) => p.runId ?? "",
};

/** Query strings for a cheap valid request where the default would be costly (a PDF via Chromium). */
const QUERY_EXAMPLES: Record<string, string> = {
  "GET /api/assessments/{id}/report": "format=md",
};

/** Valid bodies where the schema alone cannot say what is valid (catalog options, domains). */
const BODY_EXAMPLES: Record<string, unknown> = {
  "POST /api/assessments": { name: "baseline", domain: "finance" },
  "PATCH /api/assessments/{id}": { name: "renamed" },
  "PUT /api/assessments/{id}/consent": { consent: false },
  "PUT /api/assessments/{id}/answers/{questionId}": { value: "healthcare", baseRevision: 0 },
};

/** A value satisfying a simple JSON schema (enough for bodies without an example above). */
export function exampleOf(schema: JsonSchema): unknown {
  if ("const" in schema) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  if (Array.isArray(schema.anyOf)) return exampleOf(schema.anyOf[0] as JsonSchema);
  switch (schema.type) {
    case "boolean":
      return true;
    case "integer":
    case "number":
      return typeof schema.minimum === "number" ? schema.minimum : 0;
    case "string":
      return "example";
    case "array":
      return [];
    case "object": {
      const props = (schema.properties ?? {}) as Record<string, JsonSchema>;
      return Object.fromEntries(Object.entries(props).map(([k, s]) => [k, exampleOf(s)]));
    }
    default:
      return null;
  }
}

/** The parts of a valid request for an operation, on a party's assessment, with its owner token. */
export interface Baseline {
  /** The path with the baseline query, if any. */
  path: string;
  /** The path without query. */
  route: string;
  params: Record<string, string>;
  body?: unknown;
}

/** A valid request for `op` on party `p` (throws when the test does not know how to make one). */
export function baseline(op: Operation, p: Party, bodies: Readonly<Record<string, unknown>> = {}): Baseline {
  const params: Record<string, string> = {};
  for (const { name, schema } of op.pathParams) {
    const value = PATH_VALUES[name]?.(p) ?? (Array.isArray(schema.enum) ? String(schema.enum[0]) : undefined);
    if (!value)
      throw new Error(
        `${op.key}: add a valid value for path parameter "${name}" in test/hardening/endpoints.ts`,
      );
    params[name] = value;
  }
  const route = op.path.replace(/\{(\w+)\}/g, (_, name: string) =>
    encodeURIComponent(params[name] as string),
  );
  const query = QUERY_EXAMPLES[op.key];
  const path = query ? `${route}?${query}` : route;
  if (!op.body) return { path, route, params };
  const body =
    bodies[op.key] ?? BODY_EXAMPLES[op.key] ?? (op.body.yaml ? VALID_ANSWER_FILE : exampleOf(op.body.schema));
  return { path, route, params, body };
}

const zodCache = new WeakMap<JsonSchema, z.ZodType>();
/** The schema as zod, to check locally whether a generated value is invalid. */
export function zodOf(schema: JsonSchema): z.ZodType {
  let s = zodCache.get(schema);
  if (!s) {
    s = z.fromJSONSchema(schema as Parameters<typeof z.fromJSONSchema>[0]);
    zodCache.set(schema, s);
  }
  return s;
}

type Call = (
  method: string,
  path: string,
  options?: { token?: string; body?: unknown },
) => Promise<{ status: number; body: unknown; text: string }>;

/** Create an assessment with a realistic set of answers (none for "empty"; "pooled" also consents
 * after finishing the risk questionnaire, so it joins the trends pool). */
export async function createParty(
  call: Call,
  domain: string,
  seed: number,
  state: "empty" | "answered" | "pooled" = "answered",
): Promise<Party> {
  const name = `system ${seed} ${domain}`;
  const created = CreateAssessmentResponse.parse(
    (await call("POST", "/api/assessments", { body: { name, domain } })).body,
  );
  const { id } = created.assessment;
  const owner = created.tokens.owner;
  if (state === "empty") return { id, name, tokens: created.tokens };
  const file = {
    format: ANSWER_FORMAT,
    catalog: CATALOG.version,
    answers: sampleAnswers(CATALOG, domain, rng(seed)),
  };
  const imported = await call("PUT", `/api/assessments/${id}/import`, { token: owner, body: file });
  if (imported.status !== 200) throw new Error(`import: ${imported.status} ${imported.text}`);
  if (state === "pooled") {
    await call("POST", `/api/assessments/${id}/questionnaires/risk/finish`, { token: owner });
    await call("PUT", `/api/assessments/${id}/consent`, { token: owner, body: { consent: true } });
  }
  return { id, name, tokens: created.tokens };
}

/** The populated world the fuzz and isolation tests run against. */
export interface World {
  ops: Operation[];
  a: Party;
  b: Party;
  /** Tokens that open nothing any more: rotated, revoked, or of a deleted assessment. */
  stale: string[];
  /** The id of a deleted assessment. */
  deletedId: string;
  /** Every token handed out (for "never in logs / errors" checks). */
  allTokens: string[];
  /** Valid bodies found at run time (a lab run needs a real attack id). */
  bodies: Record<string, unknown>;
}

/** Puts a queued lab run on an assessment (through the store: nothing executes it). */
export type SeedRun = (party: Party) => Promise<string>;

/** A successful answer, or the refusal of a server without lab executor after every check passed. */
const accepted = (status: number, text: string) =>
  status < 300 || (status === 422 && text.includes("does not run lab jobs"));

/** A lab run body the API accepts: the first attack needing no data, on a tiny demo victim. */
async function runBody(call: Call): Promise<unknown> {
  const { attacks } = (await call("GET", "/api/lab/attacks")).body as {
    attacks: Array<{
      id: string;
      family: string;
      requires: { outputs: string[]; inputs: boolean; reference: boolean; raw: boolean };
    }>;
  };
  // an attack on a prediction API that needs no data of its own (poisoning trains its own models)
  const attack = attacks.find(
    (a) => a.family !== "poisoning" && !a.requires.inputs && !a.requires.reference && !a.requires.raw,
  );
  if (!attack) throw new Error("no lab attack runs without data; give the runs baseline some data");
  return {
    attack: attack.id,
    target: { kind: "demo", victim: "tabular-logreg", output: attack.requires.outputs[0], tiny: true },
    budget: 50,
  };
}

/** Build the world and check that the baseline request of every operation succeeds on a scratch
 * assessment (so a rejected variant is rejected for the fault put in it, not for the baseline). */
export async function buildWorld(call: Call, seedRun?: SeedRun): Promise<World> {
  const doc = (await call("GET", "/api/openapi.json")).body;
  const ops = operationsOf(doc);
  const bodies: Record<string, unknown> = {};
  const runStart = ops.find((o) => o.method === "POST" && o.path.endsWith("/runs"));
  if (runStart) bodies[runStart.key] = await runBody(call);
  const needsRun = ops.some((o) => o.path.includes("{runId}"));
  const withRun = async (p: Party) => {
    if (needsRun && seedRun) p.runId = await seedRun(p);
    return p;
  };
  const a = await withRun(await createParty(call, "finance", 11, "pooled"));
  const b = await withRun(await createParty(call, "healthcare", 12, "pooled"));
  const c = await createParty(call, "media_social", 13);
  const stale = [c.tokens.risk, c.tokens.surface];
  const rotated = await call("POST", `/api/assessments/${c.id}/tokens/risk/rotate`, {
    token: c.tokens.owner,
  });
  if (rotated.status !== 200) throw new Error(`rotate: ${rotated.status}`);
  await call("DELETE", `/api/assessments/${c.id}/tokens/surface`, { token: c.tokens.owner });
  const d = await createParty(call, "other", 14);
  await call("DELETE", `/api/assessments/${d.id}`, { token: d.tokens.owner });
  stale.push(...Object.values(d.tokens));
  const newRisk = (rotated.body as { token: string }).token;
  const scratchTokens: string[] = [];
  for (const op of ops) {
    const scratch = await withRun(await createParty(call, "finance", 99, "empty"));
    scratchTokens.push(...Object.values(scratch.tokens));
    const base = baseline(op, scratch, bodies);
    const res = await call(op.method, base.path, {
      ...(op.auth ? { token: scratch.tokens.owner } : {}),
      ...(base.body !== undefined ? { body: base.body } : {}),
    });
    if (!accepted(res.status, res.text))
      throw new Error(`baseline of ${op.key} is refused (${res.status} ${res.text}); fix it in endpoints.ts`);
  }
  return {
    ops,
    a,
    b,
    stale,
    deletedId: d.id,
    bodies,
    allTokens: [a, b, c, d].flatMap((p) => Object.values(p.tokens)).concat(newRisk, scratchTokens),
  };
}

/** A queued lab run put straight into the store (this server executes none). */
export const seedRun =
  (server: TestServer): SeedRun =>
  async (party: Party) => {
    const principal = await server.store.authorize(party.tokens.owner, party.id, "owner");
    const run = await server.store.runs.create(
      principal,
      {
        attack: "fgsm",
        family: "evasion",
        target: { kind: "demo", victim: "tabular-logreg" },
        data: null,
        params: {},
        seed: 1,
        budget: 10,
      },
      "inline",
    );
    return run.id;
  };

/** No lab executor: a valid run request passes every check, then gets 422 (nothing executes). */
export const noLab = async () => null;
