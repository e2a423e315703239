// One way to declare an endpoint: its zod schemas (params, query, body, response) validate the
// request, shape the response and feed the OpenAPI document. Bad input becomes Invalid here.
import { createHash } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { Invalid } from "../contracts/errors.js";
import { RateLimited, Unauthorized, UnsupportedMediaType } from "./errors.js";
import type { Limiter } from "./security.js";

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** What a handler gets: validated input, the bearer token (checked by the store), the raw reply. */
export interface Call<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  /** The bearer token; throws Unauthorized when missing. Rate-limited per token. */
  token: () => string;
  request: FastifyRequest;
  reply: FastifyReply;
}

export interface RouteSpec<P, Q, B, R> {
  method: Method;
  /** Fastify path, e.g. /api/assessments/:id */
  url: string;
  summary: string;
  description?: string;
  tag: string;
  /** Whether the endpoint needs `Authorization: Bearer <token>`. */
  auth: boolean;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  /** Also accept the body as application/yaml text (the handler gets a string). */
  textBody?: boolean;
  /** Schema shown in OpenAPI for the JSON body when `body` is looser (handler validates itself). */
  bodyDoc?: z.ZodType;
  /** Overrides the server's 1 MiB body limit. */
  bodyLimit?: number;
  response: { status: number; schema: z.ZodType<R>; description: string; contentType?: string };
  /** Error statuses worth documenting for this endpoint. */
  errors: number[];
  handler: (call: Call<P, Q, B>) => Promise<R>;
}

/** A route with its types erased, ready to register. */
export interface Route {
  spec: RouteSpec<unknown, unknown, unknown, unknown>;
}

/** Declare a route; the generics tie the handler's input and output to the schemas. */
export function defineRoute<P = undefined, Q = undefined, B = undefined, R = unknown>(
  spec: RouteSpec<P, Q, B, R>,
): Route {
  return { spec: spec as unknown as RouteSpec<unknown, unknown, unknown, unknown> };
}

/** Parse with a schema; failures become Invalid naming each field (`where` prefixes the path). */
export function parseInput<T>(schema: z.ZodType<T>, input: unknown, where: string): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => ({
    path: [where, ...i.path.map(String)].join("."),
    message: i.message,
  }));
  throw new Invalid(`invalid ${where}: ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`, issues);
}

const BEARER = /^Bearer ([A-Za-z0-9_-]{1,200})$/;

/**
 * The store names a bad field by its own name ("value", "questionId", "domain"); on the wire it is
 * `params.*` when it is a path parameter, `query.*` when a query parameter, else `body.*`.
 */
function located(error: Invalid, params: unknown, query: unknown): Invalid {
  const has = (o: unknown, key: string) => typeof o === "object" && o !== null && Object.hasOwn(o, key);
  const issues = error.issues.map((issue) => {
    if (/^(params|query|body)(\.|$)|^\(/.test(issue.path)) return issue;
    const first = issue.path.split(".")[0] ?? "";
    const where = has(params, first) ? "params" : has(query, first) ? "query" : "body";
    return { ...issue, path: `${where}.${issue.path}` };
  });
  return new Invalid(error.message, issues);
}

/** Register routes on a fastify instance. */
export function registerRoutes(app: FastifyInstance, routes: readonly Route[], tokenLimiter: Limiter): void {
  for (const { spec } of routes) {
    app.route({
      method: spec.method,
      url: spec.url,
      ...(spec.bodyLimit ? { bodyLimit: spec.bodyLimit } : {}),
      handler: async (request, reply) => {
        const params = spec.params ? parseInput(spec.params, request.params, "params") : undefined;
        const query = spec.query ? parseInput(spec.query, request.query ?? {}, "query") : undefined;
        // text/plain and YAML bodies arrive as strings; only endpoints that say so take them
        if (spec.body && !spec.textBody && typeof request.body === "string")
          throw new UnsupportedMediaType(
            "this endpoint takes a JSON body: send content-type application/json",
          );
        const body = spec.body ? parseInput(spec.body, request.body, "body") : undefined;
        const token = () => {
          const match = BEARER.exec(request.headers.authorization ?? "");
          if (!match?.[1])
            throw new Unauthorized("send the assessment's token as Authorization: Bearer <token>");
          const key = createHash("sha256").update(match[1]).digest("base64url");
          const wait = tokenLimiter.take(key);
          if (wait > 0) throw new RateLimited(wait);
          return match[1];
        };
        const result = await spec
          .handler({ params, query, body, token, request, reply })
          .catch((error: unknown) => {
            throw error instanceof Invalid ? located(error, params, query) : error;
          });
        const shaped = spec.response.schema.parse(result);
        void reply.code(spec.response.status);
        if (spec.response.contentType) void reply.type(spec.response.contentType);
        return spec.response.status === 204 ? reply.send() : reply.send(shaped);
      },
    });
  }
}

const jsonSchema = (schema: z.ZodType, io: "input" | "output") => {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: "any" }) as Record<
    string,
    unknown
  >;
  return rest;
};

function parametersOf(schema: z.ZodType | undefined, where: "path" | "query") {
  if (!(schema instanceof z.ZodObject)) return [];
  return Object.entries(schema.shape as Record<string, z.ZodType>).map(([name, field]) => ({
    name,
    in: where,
    required: where === "path" || !field.safeParse(undefined).success,
    schema: jsonSchema(field, "input"),
  }));
}

const STATUS_TEXT: Record<number, string> = {
  400: "Invalid input: `issues` name each field and what was expected; nothing was written",
  401: "No bearer token",
  404: "Unknown assessment, or the token does not open it (the same answer for both)",
  409: "Conflict: a stale write (the body carries `current`) or a finished questionnaire",
  413: "Body too large",
  415: "Unsupported content type",
  429: "Rate limit hit; see Retry-After",
};

/** The OpenAPI 3.1 document for these routes. */
export function openApiDocument(routes: readonly Route[], info: { title: string; version: string }) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const { spec } of routes) {
    const path = spec.url.replace(/:([A-Za-z]+)/g, "{$1}");
    const errors = Object.fromEntries(
      [...new Set([...spec.errors, ...(spec.body ? [413, 415] : []), 429])]
        .sort((a, b) => a - b)
        .map((s) => [
          String(s),
          {
            description: STATUS_TEXT[s] ?? "Error",
            content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
          },
        ]),
    );
    const response =
      spec.response.status === 204
        ? { description: spec.response.description }
        : {
            description: spec.response.description,
            content: {
              [spec.response.contentType ?? "application/json"]: {
                schema: jsonSchema(spec.response.schema, "output"),
              },
            },
          };
    paths[path] ??= {};
    (paths[path] as Record<string, unknown>)[spec.method.toLowerCase()] = {
      summary: spec.summary,
      ...(spec.description ? { description: spec.description } : {}),
      tags: [spec.tag],
      operationId: `${spec.method.toLowerCase()}${path.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ?? "").toUpperCase())}`,
      security: spec.auth ? [{ bearer: [] }] : [],
      parameters: [...parametersOf(spec.params, "path"), ...parametersOf(spec.query, "query")],
      ...(spec.body
        ? {
            requestBody: {
              required: true,
              content: {
                "application/json": { schema: jsonSchema(spec.bodyDoc ?? spec.body, "input") },
                ...(spec.textBody ? { "application/yaml": { schema: { type: "string" } } } : {}),
              },
            },
          }
        : {}),
      responses: { [String(spec.response.status)]: response, ...errors },
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      ...info,
      description:
        "mlsa HTTP API. Capability tokens go in `Authorization: Bearer <token>`, never in URLs. See docs/api.md.",
    },
    paths,
    components: {
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "An owner or respondent token" },
      },
      schemas: {
        Error: {
          type: "object",
          required: ["error", "issues"],
          properties: {
            error: { type: "string" },
            issues: {
              type: "array",
              items: {
                type: "object",
                required: ["path", "message"],
                properties: { path: { type: "string" }, message: { type: "string" } },
              },
            },
            current: { description: "On 409 for a stale answer: the stored answer", type: "object" },
          },
        },
      },
    },
  };
}
