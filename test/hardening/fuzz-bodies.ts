// Malformed bodies: wrong types, missing and unknown fields, prototype-pollution keys, huge and
// deeply nested values, bad text, broken JSON, wrong content types, bad answer files (YAML and
// JSON: billion laughs, duplicate keys, unknown questions, catalog mismatch), oversized bodies.
import { parseAnswerText } from "../../src/catalog/answer-file.js";
import { validateAnswerFile } from "../../src/catalog/answers.js";
import { BASE_QUESTION, type JsonSchema } from "./endpoints.js";
import { bodyRefused, type Ctx, type Fault, http, invalidFor, objectProps, raw } from "./fuzz-request.js";
import {
  BAD_UTF8,
  deepJson,
  FC_JSON,
  FC_STRINGS,
  type Rand,
  WRONG_VALUES,
  withMember,
} from "./fuzz-values.js";

function mutateProperty(ctx: Ctx, value: (schema: JsonSchema) => unknown): unknown {
  const body = structuredClone(ctx.base.body) as Record<string, unknown>;
  const props = objectProps(ctx.op.body?.schema ?? {});
  const names = Object.keys(props);
  if (names.length === 0) return null;
  const name = ctx.r.pick(names);
  const schema = props[name] as JsonSchema;
  const inner = objectProps(schema);
  if (Object.keys(inner).length > 0 && ctx.r.chance(0.5)) {
    const innerName = ctx.r.pick(Object.keys(inner));
    body[name] = { ...(body[name] as object), [innerName]: value(inner[innerName] as JsonSchema) };
  } else body[name] = value(schema);
  return body;
}

const pickWrong = (r: Rand, schema: JsonSchema) => {
  for (let i = 0; i < 20; i++) {
    const v = r.chance(0.3) ? r.pick(FC_STRINGS) : r.pick(WRONG_VALUES);
    if (invalidFor(schema, v)) return v;
  }
  return { wrong: true };
};

const ANSWER_FILE_FAULTS: ReadonlyArray<(r: Rand) => unknown> = [
  () => ({ format: "mlsa-answers/2", catalog: "1.0.0", answers: {} }),
  () => ({ format: "mlsa-answers/1", catalog: "9.9.9", answers: {} }),
  () => ({ format: "mlsa-answers/1", catalog: "0.0.1", answers: { [BASE_QUESTION]: "finance" } }),
  () => ({ format: "mlsa-answers/1", catalog: "1.0.0", answers: { "risk.nope.nope": "finance" } }),
  () => ({ format: "mlsa-answers/1", catalog: "1.0.0", answers: { [BASE_QUESTION]: "astrology" } }),
  () => ({
    format: "mlsa-answers/1",
    catalog: "1.0.0",
    answers: { [BASE_QUESTION]: ["finance", "healthcare"] },
  }),
  () => ({ format: "mlsa-answers/1", catalog: "1.0.0", answers: [] }),
  () => ({ format: "mlsa-answers/1", catalog: "1.0.0", answers: {}, colour: "red" }),
  () => ({ format: "mlsa-answers/1", catalog: "1.0.0", answers: {}, system: { domain: "astrology" } }),
  () => ({ format: "mlsa-answers/1", catalog: "1.0.0", answers: {}, system: { owner: "me" } }),
  () => ({
    format: "mlsa-answers/1",
    catalog: "1.0.0",
    answers: {},
    verified: { "risk.nope.nope": { run: "r", attack: "a", at: "now", summary: "s" } },
  }),
  (r) => ({ format: "mlsa-answers/1", catalog: "1.0.0", answers: { [BASE_QUESTION]: r.pick(FC_STRINGS) } }),
];

const YAML_FAULTS: ReadonlyArray<(r: Rand) => string> = [
  () => "answers: [\n",
  () => "format: mlsa-answers/1\n\tcatalog: 1.0.0\n",
  () => "a: b: c\n",
  () =>
    `format: mlsa-answers/1\ncatalog: 1.0.0\nanswers:\n  ${BASE_QUESTION}: finance\n  ${BASE_QUESTION}: healthcare\n`,
  () => {
    // billion laughs: each level doubles through aliases
    const lines = ["a0: &a0 [lol, lol]"];
    for (let i = 1; i < 30; i++) lines.push(`a${i}: &a${i} [*a${i - 1}, *a${i - 1}]`);
    return `${lines.join("\n")}\nformat: mlsa-answers/1\ncatalog: 1.0.0\nanswers: *a29\n`;
  },
  () => `answers: ${deepJson(10_000, "array")}\n`,
  () => `format: !!js/function "function(){}"\ncatalog: 1.0.0\nanswers: {}\n`,
  () => "format: mlsa-answers/1\ncatalog: 1.0.0\nanswers: !!binary aGVsbG8=\n",
  () => "base: &b {format: mlsa-answers/1, catalog: 1.0.0, answers: {}}\n<<: *b\n",
  () => "format: mlsa-answers/1\ncatalog: 1.0.0\nanswers:\n  __proto__: {polluted: yes}\n",
  () => "--- \nformat: mlsa-answers/1\n---\ncatalog: 1.0.0\n",
  () => 'format: mlsa-answers/1\ncatalog: 1.0.0\nanswers: {}\nsystem: {name: "a\u0000b"}\n',
  (r) =>
    `format: mlsa-answers/1\ncatalog: 1.0.0\nanswers:\n  ${BASE_QUESTION}: ${JSON.stringify(r.pick(FC_STRINGS))}\n`,
];

function yamlRefused(text: string): boolean {
  if (text.includes("\u0000")) return true;
  try {
    validateAnswerFile(parseAnswerText(text));
    return false;
  } catch {
    return true;
  }
}

/** Every body fault kind (only for operations with a body). */
export const BODY_FAULTS: readonly Fault[] = [
  {
    name: "body: wrong types, missing or unknown fields",
    weight: 14,
    applies: (op) => op.body !== undefined,
    make: (ctx) => {
      const { r, op } = ctx;
      const schema = op.body?.schema ?? {};
      const kind = r.int(5);
      let body: unknown;
      if (kind === 0) body = mutateProperty(ctx, (s) => pickWrong(r, s));
      else if (kind === 1) {
        const required = (schema.required ?? []) as string[];
        if (required.length === 0) return null;
        body = { ...(ctx.base.body as object) };
        delete (body as Record<string, unknown>)[r.pick(required)];
      } else if (kind === 2) {
        const key = r.pick([
          "isAdmin",
          "role",
          "token",
          "id",
          "assessment_id",
          "revision",
          "prototype",
          r.pick(FC_STRINGS) || "k",
        ]);
        body = { ...(ctx.base.body as object), [key]: r.pick(FC_JSON) };
      } else if (kind === 3) body = r.pick([[], "str", 1, true, [ctx.base.body], r.pick(FC_JSON)]);
      else body = mutateProperty(ctx, () => r.pick(FC_STRINGS));
      if (body === null || !bodyRefused(op, body)) return null;
      return http(ctx, "body schema", { body: JSON.stringify(body) });
    },
  },
  {
    name: "body: prototype pollution keys",
    weight: 4,
    applies: (op) => op.body !== undefined,
    make: (ctx) => {
      const text = JSON.stringify(ctx.base.body);
      const payload = ctx.r.pick([
        ["__proto__", '{"polluted":"yes"}'],
        ["constructor", '{"prototype":{"polluted":"yes"}}'],
        ["__proto__", '{"isAdmin":true,"toString":"x"}'],
      ] as const);
      return http(ctx, "prototype pollution", { body: withMember(text, payload[0], payload[1]) });
    },
  },
  {
    name: "body: huge strings, huge arrays, deep nesting",
    weight: 2,
    applies: (op) => op.body !== undefined,
    make: (ctx) => {
      const text = JSON.stringify(ctx.base.body);
      const props = Object.keys(objectProps(ctx.op.body?.schema ?? {}));
      const key = props.length > 0 ? ctx.r.pick(props) : "extra";
      const v = ctx.r.int(4);
      const json =
        v === 0
          ? JSON.stringify("x".repeat(200_000 + ctx.r.int(600_000)))
          : v === 1
            ? JSON.stringify(Array.from({ length: 100_000 }, () => "a"))
            : deepJson(10_000, v === 2 ? "array" : "object");
      // replace the property (or add it) as text, so the nesting never goes through JSON.stringify
      const body = JSON.parse(text) as Record<string, unknown>;
      delete body[key];
      return http(ctx, "huge or deep body", { body: withMember(JSON.stringify(body), key, json) });
    },
  },
  {
    name: "body: NUL, lone surrogates and invalid UTF-8 in strings",
    weight: 4,
    applies: (op) => op.body !== undefined,
    make: (ctx) => {
      if (ctx.r.chance(0.5)) {
        const body = mutateProperty(
          ctx,
          () => `${ctx.r.pick(FC_STRINGS)}${ctx.r.pick(["\u0000", "\ud800", "\udc00x"])}`,
        );
        return body === null ? null : http(ctx, "bad text", { body: JSON.stringify(body) });
      }
      const text = JSON.stringify(ctx.base.body);
      const at = text.indexOf('"', 1) + 1 || 1; // inside the first key
      return http(ctx, "bad text", {
        body: Buffer.concat([
          Buffer.from(text.slice(0, at)),
          ctx.r.pick(BAD_UTF8),
          Buffer.from(text.slice(at)),
        ]),
      });
    },
  },
  {
    name: "body: broken or truncated JSON",
    weight: 6,
    applies: (op) => op.body !== undefined,
    make: (ctx) => {
      const text = JSON.stringify(ctx.base.body);
      const broken = ctx.r.chance(0.5)
        ? text.slice(0, ctx.r.int(text.length))
        : ctx.r.pick([
            "{nope",
            "{'a':1}",
            '{"a":1,}',
            "NaN",
            '{"a":01}',
            '"unterminated',
            "{} {}",
            "[1,2",
            '{"a":1}garbage',
            "\u0000",
          ]);
      return http(ctx, "broken JSON", { body: broken });
    },
  },
  {
    name: "body: wrong content type",
    weight: 5,
    applies: (op) => op.body !== undefined,
    make: (ctx) => {
      const types = [
        "",
        "text/html",
        "multipart/form-data; boundary=x",
        "application/x-www-form-urlencoded",
        "application/xml",
        "image/png",
        "application/octet-stream",
        "application/json-patch+json",
      ];
      if (!ctx.op.body?.yaml) types.push("text/plain", "application/yaml");
      const type = ctx.r.pick(types);
      return http(ctx, "content type", { headers: { "content-type": type } }, [400, 415]);
    },
  },
  {
    name: "body: semantic (answer files, options, revisions, domains)",
    weight: 6,
    applies: (op) => op.body !== undefined,
    make: (ctx) => {
      const { op, r } = ctx;
      if (op.body?.yaml) {
        if (r.chance(0.5)) {
          const text = r.pick(YAML_FAULTS)(r);
          if (!yamlRefused(text)) return null;
          return http(ctx, "answer file (YAML)", {
            body: text,
            headers: { "content-type": "application/yaml" },
          });
        }
        const file = r.pick(ANSWER_FILE_FAULTS)(r);
        return bodyRefused(op, file) ? http(ctx, "answer file (JSON)", { body: JSON.stringify(file) }) : null;
      }
      const base = ctx.base.body as Record<string, unknown>;
      const variants: unknown[] = [];
      if ("baseRevision" in base)
        variants.push(
          { ...base, value: "astrology" },
          { ...base, value: ["finance"] },
          { ...base, baseRevision: 1_000_000 },
        );
      if (op.key === "POST /api/assessments")
        variants.push({ domain: "astrology" }, { catalogVersion: "9.9.9" }, { name: " " });
      if (op.key.startsWith("PATCH ")) variants.push({}, { domain: "astrology" }, { name: "   " });
      if ("attack" in base) {
        // lab runs: refused for what is wrong, before anything is queued (not the 422 of a valid run)
        const runVariants = [
          { ...base, attack: "no_such_attack" },
          { ...base, target: { kind: "onnx", path: "/etc/passwd" } },
          { ...base, target: { kind: "http", config: { url: "file:///etc/passwd" } } },
          { ...base, target: { kind: "demo", victim: "../../etc/passwd" } },
          { ...base, budget: 0 },
          { ...base, budget: 1e9 },
          { ...base, params: { epsilon: "everything" } },
        ];
        return {
          ...http(ctx, "semantic (lab run)", { body: JSON.stringify(r.pick(runVariants)) }, [400]),
          expectText: /"path":"body\.(attack|target|budget|params)/,
        };
      }
      if (variants.length === 0) return null;
      return http(ctx, "semantic", { body: JSON.stringify(r.pick(variants)) });
    },
  },
  {
    name: "body: too large",
    weight: 2,
    applies: (op) => op.body !== undefined,
    make: (ctx) => {
      const limit = ctx.op.body?.yaml && ctx.op.method === "PUT" ? 5 * 2 ** 20 : 2 ** 20;
      if (ctx.r.chance(0.85)) {
        // only the header claims a large body: refused before anything is read
        const text = JSON.stringify(ctx.base.body);
        const head = `${ctx.op.method} ${ctx.base.path} HTTP/1.1\r\nhost: 127.0.0.1\r\nauthorization: Bearer ${ctx.world.a.tokens.owner}\r\ncontent-type: application/json\r\ncontent-length: ${limit + 1 + ctx.r.int(10 ** 9)}\r\nconnection: close\r\n\r\n`;
        return { ...raw(ctx, "too large (declared)", head, Buffer.from(text), true), expect: [413] };
      }
      const filler = `{"pad":"${"x".repeat(limit)}"}`;
      return http(ctx, "too large", { body: filler }, [413]);
    },
  },
];
