// Protocol-level hardening: bodies must be valid UTF-8 with well-formed text, errors raised before a
// route runs (malformed HTTP, bad URLs) keep our JSON error shape, and slow requests time out.
import type { Socket } from "node:net";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { Invalid } from "../contracts/errors.js";
import { errorHandler } from "./errors.js";
import { SECURITY_HEADERS } from "./security.js";

/** A whole request (headers and body) must arrive within this time; slow senders are cut off. */
export const REQUEST_TIMEOUT_MS = 60_000;

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

function decodeBody(body: Buffer): string {
  try {
    return strictUtf8.decode(body);
  } catch {
    const message = "the body is not valid UTF-8";
    throw new Invalid(message, [{ path: "(body)", message }]);
  }
}

/**
 * JSON and YAML/text bodies are decoded strictly: invalid UTF-8 is a 400, never silently replaced.
 * JSON then goes through fastify's own parser (prototype-poisoning checks included).
 */
export function registerBodyParsers(app: FastifyInstance): void {
  const json = app.getDefaultJsonParser("error", "error");
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "buffer" }, (request, body, done) => {
    try {
      json(request, decodeBody(body as Buffer), done);
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  app.removeContentTypeParser("text/plain");
  app.addContentTypeParser(
    ["application/yaml", "application/x-yaml", "text/yaml", "text/plain"],
    { parseAs: "buffer" },
    (_request, body, done) => {
      try {
        done(null, decodeBody(body as Buffer));
      } catch (error) {
        done(error as Error, undefined);
      }
    },
  );
}

// NUL cannot be stored in PostgreSQL text; a lone surrogate has no UTF-8 form (it would be replaced).
const LONE_SURROGATE = /\p{Cs}/u;
const badText = (s: string) => s.includes("\u0000") || LONE_SURROGATE.test(s);

/** The path of the first string (value or key) in a parsed body holding NUL or a lone surrogate. */
export function findBadText(value: unknown, where = "body"): string | null {
  const stack: Array<{ value: unknown; path: string }> = [{ value, path: where }];
  while (stack.length > 0) {
    const { value: v, path } = stack.pop() as { value: unknown; path: string };
    if (typeof v === "string") {
      if (badText(v)) return path;
    } else if (Array.isArray(v)) {
      v.forEach((item, i) => {
        stack.push({ value: item, path: `${path}.${i}` });
      });
    } else if (v !== null && typeof v === "object") {
      for (const [key, item] of Object.entries(v)) {
        if (badText(key)) return `${path}.(key)`;
        stack.push({ value: item, path: `${path}.${key}` });
      }
    }
  }
  return null;
}

/** Reject bodies whose text holds NUL or lone surrogates, naming the field. */
export function registerTextCheck(app: FastifyInstance): void {
  app.addHook("preValidation", async (request) => {
    const path = findBadText(request.body);
    if (path) {
      const message = "text must not contain NUL characters or unpaired surrogates";
      throw new Invalid(`invalid body: ${path}: ${message}`, [{ path, message }]);
    }
  });
}

/** Errors fastify raises before routing (bad percent-encoding, overlong path segment). */
export function frameworkErrors(error: Error, request: FastifyRequest, reply: FastifyReply): void {
  void reply.headers(SECURITY_HEADERS);
  void reply.header("cache-control", "no-store");
  errorHandler(error, request, reply);
}

const CLIENT_ERRORS: Record<string, { status: number; text: string; message: string }> = {
  HPE_HEADER_OVERFLOW: {
    status: 431,
    text: "Request Header Fields Too Large",
    message: "request headers too large",
  },
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: 408,
    text: "Request Timeout",
    message: "the request did not arrive in time",
  },
};

/** Malformed HTTP (Node's parser refused it): answer in our JSON error shape, then close. */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === "ECONNRESET" || socket.destroyed) return;
  const known = (error.code && CLIENT_ERRORS[error.code]) || {
    status: 400,
    text: "Bad Request",
    message: "malformed HTTP request",
  };
  const body = JSON.stringify({
    error: known.message,
    issues: [{ path: "(request)", message: known.message }],
  });
  const headers = {
    ...SECURITY_HEADERS,
    "content-type": "application/json; charset=utf-8",
    "content-length": String(Buffer.byteLength(body)),
    "cache-control": "no-store",
    connection: "close",
  };
  const head = Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}`)
    .join("\r\n");
  socket.end(`HTTP/1.1 ${known.status} ${known.text}\r\n${head}\r\n\r\n${body}`);
}

/** HTTP/1.1 requires Host; answer its absence ourselves (Node's own answer has no body). */
export function registerHostCheck(app: FastifyInstance): void {
  app.addHook("onRequest", async (request) => {
    if (request.raw.httpVersion === "1.1" && !request.headers.host) {
      const message = "HTTP/1.1 requests need a Host header";
      throw new Invalid(message, [{ path: "(request)", message }]);
    }
  });
}
