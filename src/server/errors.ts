// The one place where errors become HTTP responses: domain errors (NotFound, Invalid, Conflict, ...),
// the server's own (Unauthorized, RateLimited) and fastify's (body too large, bad JSON, ...).
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { BudgetExhausted, Conflict, Invalid, NotFound, Unsupported } from "../contracts/errors.js";
import { StaleAnswer } from "../store/index.js";
import { DatabaseUnavailable } from "../store/unavailable.js";
import type { ApiError } from "./schemas.js";

/** No usable bearer token in the request. */
export class Unauthorized extends Error {
  override readonly name = "Unauthorized";
}

/** The body came in a content type this endpoint does not take. */
export class UnsupportedMediaType extends Error {
  override readonly name = "UnsupportedMediaType";
}

/** A rate limit was hit; retry after `retryAfter` seconds. */
export class RateLimited extends Error {
  override readonly name = "RateLimited";
  constructor(readonly retryAfter: number) {
    super(`too many requests; retry in ${retryAfter} s`);
  }
}

/** Fastify's own client errors, by code: status and a message naming what was expected. */
const FASTIFY_ERRORS: Record<string, { status: number; message: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, message: "request body too large" },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    message: "unsupported content type; send application/json (or application/yaml where documented)",
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, message: "content-length does not match the body" },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, message: "empty body; expected a JSON object" },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, message: "the body is not valid JSON" },
  FST_ERR_BAD_URL: { status: 400, message: "the URL is not valid (bad percent-encoding)" },
  FST_ERR_MAX_PARAM_LENGTH: { status: 414, message: "a path segment is too long" },
};

/** Seconds a client should wait before retrying while the database is unreachable. */
const DB_RETRY_AFTER_S = 2;

/** At most this many issues (and characters of message) go back: a huge bad body gets a small answer. */
const MAX_ISSUES = 50;
const MAX_MESSAGE = 2000;

function capped(error: Invalid): ApiError {
  const all = error.issues.length > 0 ? [...error.issues] : [{ path: "(body)", message: error.message }];
  const issues = all.slice(0, MAX_ISSUES);
  if (all.length > MAX_ISSUES)
    issues.push({ path: "(more)", message: `${all.length - MAX_ISSUES} more issues not listed` });
  const message =
    error.message.length > MAX_MESSAGE
      ? `${error.message.slice(0, MAX_MESSAGE)}… (truncated)`
      : error.message;
  return { error: message, issues };
}

/** Status and body for any error thrown while handling a request. */
export function toHttp(error: unknown): { status: number; body: ApiError; headers?: Record<string, string> } {
  if (error instanceof StaleAnswer) {
    return { status: 409, body: { error: error.message, issues: [], current: error.current } };
  }
  if (error instanceof Invalid) return { status: 400, body: capped(error) };
  if (error instanceof NotFound) return { status: 404, body: { error: error.message, issues: [] } };
  if (error instanceof Conflict) return { status: 409, body: { error: error.message, issues: [] } };
  if (error instanceof Unsupported) return { status: 422, body: { error: error.message, issues: [] } };
  if (error instanceof BudgetExhausted) return { status: 422, body: { error: error.message, issues: [] } };
  if (error instanceof UnsupportedMediaType) {
    return {
      status: 415,
      body: { error: error.message, issues: [{ path: "(body)", message: error.message }] },
    };
  }
  if (error instanceof Unauthorized) {
    return {
      status: 401,
      body: { error: error.message, issues: [] },
      headers: { "www-authenticate": "Bearer" },
    };
  }
  if (error instanceof RateLimited) {
    return {
      status: 429,
      body: { error: error.message, issues: [] },
      headers: { "retry-after": String(error.retryAfter) },
    };
  }
  if (error instanceof DatabaseUnavailable) {
    return {
      status: 503,
      body: { error: error.message, issues: [] },
      headers: { "retry-after": String(DB_RETRY_AFTER_S) },
    };
  }
  const f = error as Partial<FastifyError>;
  const known = f.code ? FASTIFY_ERRORS[f.code] : undefined;
  if (known)
    return {
      status: known.status,
      body: { error: known.message, issues: [{ path: "(body)", message: known.message }] },
    };
  if (typeof f.statusCode === "number" && f.statusCode >= 400 && f.statusCode < 500) {
    const message = "bad request";
    return { status: f.statusCode, body: { error: message, issues: [{ path: "(request)", message }] } };
  }
  return { status: 500, body: { error: "internal error", issues: [] } };
}

/** Fastify error handler: log server faults (never the request's secrets), answer with JSON. */
export function errorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply): void {
  const { status, body, headers } = toHttp(error);
  if (status >= 500) request.log.error({ err: error }, "request failed");
  if (headers) void reply.headers(headers);
  void reply.code(status).type("application/json; charset=utf-8").send(body);
}
