// Malformed requests generated from the OpenAPI operations: each case is a valid baseline request
// with exactly one fault put in (a bad parameter, token, query, body, method, URL or HTTP framing),
// so the server must refuse every one of them. Seeded: the same seed, the same cases.
import { baseline, type Operation, type World } from "./endpoints.js";
import { BODY_FAULTS } from "./fuzz-bodies.js";
import { type Case, type Fault, http, invalidFor, METHODS, pathWith, raw } from "./fuzz-request.js";
import { BAD_UTF8, encodeSegment, FC_STRINGS, NASTY, rand } from "./fuzz-values.js";

export type { Case } from "./fuzz-request.js";

const FAULTS: readonly Fault[] = [
  {
    name: "path parameter: wrong, traversal, unicode, too long",
    weight: 10,
    applies: (op) => op.pathParams.length > 0,
    make: (ctx) => {
      const { name, schema } = ctx.r.pick(ctx.op.pathParams);
      const choice = ctx.r.int(4);
      const value =
        choice === 0
          ? ctx.r.pick(FC_STRINGS)
          : choice === 1
            ? ctx.r.pick(NASTY)
            : choice === 2
              ? "x".repeat(101 + ctx.r.int(3000))
              : `${ctx.base.params[name]}${ctx.r.pick(["/..", "%00", "'", ".json", "\u0000", " "])}`;
      if (value === "" || !invalidFor(schema, value)) return null;
      return http(ctx, "path parameter", { path: pathWith(ctx, name, encodeSegment(value)) });
    },
  },
  {
    name: "path traversal in the URL",
    weight: 3,
    applies: (op) => op.pathParams.length > 0,
    make: (ctx) => {
      const { name } = ctx.r.pick(ctx.op.pathParams);
      const t = ctx.r.pick([
        "../../../../etc/passwd",
        "..",
        "./..",
        "%2e%2e/%2e%2e/etc/passwd",
        "..%2f..%2f..%2fetc%2fpasswd",
        "%252e%252e%252f",
      ]);
      return http(ctx, "path traversal", { path: pathWith(ctx, name, t) });
    },
  },
  {
    name: "another assessment's id",
    weight: 6,
    applies: (op) => op.auth && op.pathParams.some((p) => p.name === "id"),
    make: (ctx) => {
      const id = ctx.r.pick([ctx.world.b.id, ctx.world.deletedId, "AAAAAAAAAAAAAAAAAAAAAA"]);
      return http(ctx, "another assessment's id", { path: pathWith(ctx, "id", id) }, [404]);
    },
  },
  {
    name: "another assessment's token, or a revoked one",
    weight: 8,
    applies: (op) => op.auth,
    make: (ctx) => {
      const named = ctx.op.pathParams.some((p) => p.name === "id");
      const tokens = named ? [...Object.values(ctx.world.b.tokens), ...ctx.world.stale] : ctx.world.stale;
      const token = ctx.r.pick(tokens);
      return http(
        ctx,
        "another assessment's token",
        { headers: { authorization: `Bearer ${token}` } },
        [404],
      );
    },
  },
  {
    name: "malformed Authorization",
    weight: 5,
    applies: (op) => op.auth,
    make: (ctx) => {
      const t = ctx.world.a.tokens.owner;
      const variants = [
        "",
        "Bearer",
        "Bearer ",
        `bearer${t}`,
        `Basic ${Buffer.from(`u:${t}`).toString("base64")}`,
        `Bearer ${t} ${t}`,
        `Bearer ${t}x`,
        `Bearer ${t.slice(1)}`,
        `Bearer ${"A".repeat(43)}`,
        `Bearer ${"-".repeat(43)}`,
        `Bearer ${"x".repeat(8000)}`,
        `Token ${t}`,
      ];
      const v = ctx.r.pick(variants);
      if (v === "") return http(ctx, "malformed Authorization", { headers: { authorization: "" } }, [401]);
      return http(ctx, "malformed Authorization", { headers: { authorization: v } }, [401, 404]);
    },
  },
  {
    name: "query: unknown key or bad value",
    weight: 5,
    applies: (op) => op.queryParams.length > 0,
    make: (ctx) => {
      const { queryParams } = ctx.op;
      if (ctx.r.chance(0.4)) {
        const key = ctx.r.pick([
          "foo",
          "__proto__",
          "constructor",
          "token",
          "access_token",
          "prototype",
          "__proto__[polluted]",
          ctx.r.pick(FC_STRINGS) || "k",
        ]);
        const value = key === "token" ? ctx.world.a.tokens.owner : encodeSegment(ctx.r.pick(FC_STRINGS));
        if (queryParams.some((p) => p.name === key)) return null;
        return http(ctx, "query", { path: `${ctx.base.route}?${encodeSegment(key)}=${value}` });
      }
      const { name, schema } = ctx.r.pick(queryParams);
      if (ctx.r.chance(0.2)) return http(ctx, "query", { path: `${ctx.base.route}?${name}=a&${name}=b` });
      const value = ctx.r.chance(0.5) ? ctx.r.pick(FC_STRINGS) : ctx.r.pick(NASTY);
      if (!invalidFor(schema, value)) return null;
      return http(ctx, "query", { path: `${ctx.base.route}?${name}=${encodeSegment(value)}` });
    },
  },
  ...BODY_FAULTS,
  {
    name: "method the path does not have",
    weight: 3,
    applies: () => true,
    make: (ctx) => {
      const defined = new Set(ctx.world.ops.filter((o) => o.path === ctx.op.path).map((o) => o.method));
      const free = METHODS.filter((m) => !defined.has(m) && !(m === "GET" && defined.has("HEAD")));
      if (free.length === 0) return null;
      return http(ctx, "method", { method: ctx.r.pick(free), body: null }, [404]);
    },
  },
  {
    name: "path suffix that names nothing",
    weight: 3,
    applies: () => true,
    make: (ctx) => {
      const suffix = ctx.r.pick([
        "/x",
        "/..",
        "/.",
        "//",
        "/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "/index.html",
        ".json",
        "/~",
        "/%20",
        "/__proto__",
      ]);
      return http(ctx, "path suffix", { path: `${ctx.base.route}${suffix}` }, [400, 404]);
    },
  },
  {
    name: "malformed HTTP",
    weight: 5,
    applies: () => true,
    make: (ctx) => {
      const { op, base, world, r } = ctx;
      const auth = op.auth ? `authorization: Bearer ${world.a.tokens.owner}\r\n` : "";
      const text = base.body === undefined ? "" : JSON.stringify(base.body);
      const ct = text ? "content-type: application/json\r\n" : "";
      const line = (path: string, method = op.method) =>
        `${method} ${path} HTTP/1.1\r\nhost: 127.0.0.1\r\n${auth}${ct}`;
      const v = r.int(12);
      if (v === 0)
        return raw(
          ctx,
          "raw NUL in path",
          Buffer.concat([
            Buffer.from(`${op.method} ${base.path}`),
            Buffer.from([0]),
            Buffer.from(`x HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: close\r\n\r\n`),
          ]),
        );
      if (v === 1)
        return raw(
          ctx,
          "raw non-ASCII in path",
          Buffer.concat([
            Buffer.from(`${op.method} ${base.path}`),
            r.pick(BAD_UTF8),
            Buffer.from(` HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: close\r\n\r\n`),
          ]),
        );
      if (v === 2)
        return raw(
          ctx,
          "bad percent-encoding",
          `${line(`${base.route}${r.pick(["%", "%zz", "%E0%A4%A", "%ED%A0%80", "%C0%AF"])}`)}connection: close\r\ncontent-length: ${text.length}\r\n\r\n${text}`,
        );
      if (v === 3)
        return {
          ...raw(
            ctx,
            "header overflow",
            `${line(base.path)}x-pad: ${"a".repeat(20_000)}\r\nconnection: close\r\n\r\n`,
          ),
          expect: [431],
        };
      if (v === 4)
        return raw(ctx, "no Host", `${op.method} ${base.path} HTTP/1.1\r\n${auth}connection: close\r\n\r\n`);
      if (v === 5)
        return raw(
          ctx,
          "Content-Length and Transfer-Encoding",
          `${line(base.path)}content-length: 5\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n0\r\n\r\n`,
        );
      if (v === 6)
        return raw(
          ctx,
          "bad chunk",
          `${line(base.path)}transfer-encoding: chunked\r\nconnection: close\r\n\r\nZZ\r\nabc\r\n0\r\n\r\n`,
        );
      if (v === 7)
        return raw(
          ctx,
          "unknown method",
          `FOO ${base.path} HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: close\r\n\r\n`,
        );
      if (v === 8)
        return raw(
          ctx,
          "bad Content-Length",
          `${line(base.path)}content-length: ${r.pick(["abc", "-1", "1e3", "0x10"])}\r\nconnection: close\r\n\r\n${text}`,
        );
      if (v === 9)
        return raw(ctx, "NUL in a header", `${line(base.path)}x-a: a\u0000b\r\nconnection: close\r\n\r\n`);
      if (v === 10 && !op.auth) return null;
      if (v === 10)
        return raw(
          ctx,
          "unicode Authorization",
          Buffer.concat([
            Buffer.from(`${op.method} ${base.path} HTTP/1.1\r\nhost: 127.0.0.1\r\nauthorization: Bearer `),
            Buffer.from(`${r.pick(FC_STRINGS)}ü`, "utf8"),
            Buffer.from(
              `\r\n${ct}connection: close\r\ncontent-length: ${Buffer.byteLength(text)}\r\n\r\n${text}`,
            ),
          ]),
        );
      if (!text) return null;
      // truncated: the declared length is longer than what is sent before the client stops sending
      return raw(
        ctx,
        "truncated body",
        `${line(base.path)}content-length: ${Buffer.byteLength(text) + 50}\r\n\r\n`,
        Buffer.from(text),
        true,
      );
    },
  },
];

const STATELESS_ONLY_FAULTS = new Set([
  "method the path does not have",
  "path suffix that names nothing",
  "malformed HTTP",
]);

/**
 * The i-th malformed request of a seeded sequence. Operations take turns; within an operation a
 * fault kind is drawn by weight among those that apply. Never returns a request without a fault.
 */
export function makeCase(world: World, seed: number, i: number): Case {
  const op = world.ops[i % world.ops.length] as Operation;
  const r = rand(seed * 1_000_003 + i);
  const base = baseline(op, world.a, world.bodies);
  const faults = FAULTS.filter((f) => f.applies(op));
  // an operation without inputs can only be called wrongly at the HTTP level
  const usable = faults.length > 0 ? faults : FAULTS.filter((f) => STATELESS_ONLY_FAULTS.has(f.name));
  const total = usable.reduce((s, f) => s + f.weight, 0);
  for (let attempt = 0; attempt < 50; attempt++) {
    let pick = r.next() * total;
    const fault =
      usable.find((f) => {
        pick -= f.weight;
        return pick <= 0;
      }) ?? (usable[0] as Fault);
    const c = fault.make({ world, op, base, r });
    if (c) return c;
  }
  throw new Error(`no fault applies to ${op.key}`);
}
