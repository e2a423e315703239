// The shape of a generated malformed request and the helpers every fault kind builds it with: a
// valid baseline request (endpoints.ts) with one part replaced.
import { validateAnswerFile } from "../../src/catalog/answers.js";
import { findBadText } from "../../src/server/transport.js";
import { type Baseline, type JsonSchema, type Operation, type World, zodOf } from "./endpoints.js";
import type { Rand } from "./fuzz-values.js";
import type { Wire } from "./wire.js";

/** One generated request and what it tests. */
export interface Case {
  op: string;
  fault: string;
  wire: Wire;
  /** Statuses that are right for this fault (any 4xx when absent). */
  expect?: readonly number[];
  /** What the answer must say (e.g. the field it names). */
  expectText?: RegExp;
}

export interface Ctx {
  world: World;
  op: Operation;
  base: Baseline;
  r: Rand;
}

export type Fault = {
  name: string;
  weight: number;
  applies: (op: Operation) => boolean;
  make: (ctx: Ctx) => Case | null;
};

export const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

export function http(
  ctx: Ctx,
  fault: string,
  parts: { method?: string; path?: string; headers?: Record<string, string>; body?: Buffer | string | null },
  expect?: readonly number[],
): Case {
  const { op, base, world } = ctx;
  const headers: Record<string, string> = { host: "127.0.0.1" };
  if (op.auth) headers.authorization = `Bearer ${world.a.tokens.owner}`;
  let body: Buffer | undefined;
  if (parts.body !== null && (parts.body !== undefined || base.body !== undefined)) {
    body = Buffer.isBuffer(parts.body) ? parts.body : Buffer.from(parts.body ?? JSON.stringify(base.body));
    headers["content-type"] = "application/json";
  }
  Object.assign(headers, parts.headers);
  for (const [k, v] of Object.entries(headers)) if (v === "") delete headers[k];
  return {
    op: op.key,
    fault,
    wire: {
      kind: "http",
      method: parts.method ?? op.method,
      path: parts.path ?? base.path,
      headers,
      ...(body ? { body } : {}),
    },
    ...(expect ? { expect } : {}),
  };
}

/** A request written byte by byte (for what Node's client refuses to send). */
export function raw(
  ctx: Ctx,
  fault: string,
  head: string | Buffer,
  body: Buffer = Buffer.alloc(0),
  halfClose = false,
): Case {
  return {
    op: ctx.op.key,
    fault,
    wire: {
      kind: "raw",
      bytes: Buffer.concat([Buffer.isBuffer(head) ? head : Buffer.from(head, "latin1"), body]),
      halfClose,
    },
  };
}

export const pathWith = (ctx: Ctx, name: string, encoded: string) =>
  ctx.op.path.replace(/\{(\w+)\}/g, (_, n: string) =>
    n === name ? encoded : encodeURIComponent(ctx.base.params[n] as string),
  );

export const invalidFor = (schema: JsonSchema, value: unknown) => !zodOf(schema).safeParse(value).success;

/** Whether the server must refuse this body: invalid for the schema, bad text, or a bad answer file. */
export function bodyRefused(op: Operation, value: unknown): boolean {
  if (findBadText(value) !== null) return true;
  if (op.body?.yaml) {
    try {
      validateAnswerFile(value);
      return false;
    } catch {
      return true;
    }
  }
  return op.body ? invalidFor(op.body.schema, value) : false;
}

export const objectProps = (schema: JsonSchema): Record<string, JsonSchema> =>
  (schema.properties ?? {}) as Record<string, JsonSchema>;
