// HTTP prediction API target: maps inputs into a JSON request template, maps the JSON response to
// labels / scores, reads the auth secret from the environment at call time, and never leaves the origin.
import { z } from "zod";
import { Invalid } from "../contracts/errors.js";
import { OutputKind, type Prediction, type TargetInfo } from "../contracts/lab.js";
import { TargetCallError } from "../lab/guard.js";
import type { Target } from "../lab/target.js";
import { argmax, softmax } from "./dense.js";

/** Placeholders a request template may contain (as whole JSON string values). */
export const PLACEHOLDERS = {
  single: ["{{input}}", "{{input_shaped}}"],
  batch: ["{{inputs}}", "{{inputs_shaped}}"],
} as const;

const SECRET_HEADERS = new Set(["authorization", "proxy-authorization", "cookie", "x-api-key", "api-key"]);

/** Configuration of an HTTP target; safe to store (it names the secret's env var, never the secret). */
export const HttpTargetConfig = z
  .object({
    url: z
      .string()
      .url()
      .refine((u) => /^https?:$/.test(new URL(u).protocol), "only http and https URLs")
      .refine(
        (u) => !new URL(u).username && !new URL(u).password,
        "put credentials in auth.env, not in the URL",
      ),
    method: z.enum(["POST", "PUT", "PATCH"]).default("POST"),
    headers: z
      .record(z.string(), z.string())
      .default({})
      .refine((h) => Object.keys(h).every((k) => !SECRET_HEADERS.has(k.toLowerCase())), {
        message: "secret headers (Authorization, Cookie, API keys) go in auth: { header, env }",
      }),
    /** The auth header is `prefix + process.env[env]`, read at every call and never stored. */
    auth: z
      .object({
        header: z.string().min(1),
        env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "an environment variable name"),
        prefix: z.string().default(""),
      })
      .optional(),
    /** One request per batch (`{{inputs}}`) or one per input (`{{input}}`). */
    batch: z.boolean().default(false),
    /** Largest batch per request when `batch` is true. */
    maxBatch: z.number().int().positive().default(256),
    /** JSON body; string values equal to a placeholder are replaced by the input(s). */
    request: z.unknown().optional(),
    response: z
      .object({
        /** Batch only: dot path to the array of per-input results ("" = the body itself). */
        items: z.string().optional(),
        /** Dot path (within one result) to the label: a class index or a class name. */
        label: z.string().optional(),
        /** Dot path to a score per class (length numClasses). */
        scores: z.string().optional(),
        /** Whether `scores` are probabilities or logits (softmax is applied). */
        scoresAre: z.enum(["probabilities", "logits"]).default("probabilities"),
        /** Dot path to a top-k list, and the fields of each entry. */
        topk: z.object({ path: z.string(), label: z.string(), score: z.string() }).optional(),
      })
      .refine((r) => r.label !== undefined || r.scores !== undefined || r.topk !== undefined, {
        message: "map at least one of label, scores or topk",
      }),
    output: OutputKind,
    topK: z.number().int().positive().optional(),
    numClasses: z.number().int().min(2),
    inputShape: z.array(z.number().int().positive()).min(1),
    inputBounds: z.object({ min: z.number(), max: z.number() }),
    featureNames: z.array(z.string()).optional(),
    classNames: z.array(z.string()).optional(),
    /** Free text for reports (the URL is appended without query string). */
    description: z.string().optional(),
  })
  .refine((c) => !c.batch || c.response.items !== undefined, {
    message: "batch APIs need response.items (dot path to the list of results)",
    path: ["response", "items"],
  })
  .refine((c) => c.output === "label" || c.response.scores !== undefined || c.response.topk !== undefined, {
    message: "topk and probs outputs need response.scores or response.topk",
    path: ["response"],
  });
export type HttpTargetConfig = z.input<typeof HttpTargetConfig>;
type Config = z.output<typeof HttpTargetConfig>;

/** Options for tests and embedding: another environment or fetch implementation. */
export interface HttpTargetOptions {
  env?: Readonly<Record<string, string | undefined>>;
  fetch?: typeof fetch;
}

/** Parse an HTTP target configuration, throwing {@link Invalid} with one issue per bad field. */
export function parseHttpTargetConfig(raw: unknown): Config {
  const parsed = HttpTargetConfig.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
    throw new Invalid(
      `invalid HTTP target config: ${issues.map((i) => `${i.path || "(root)"}: ${i.message}`).join("; ")}`,
      issues,
    );
  }
  const c = parsed.data;
  const template = c.request ?? (c.batch ? { inputs: "{{inputs}}" } : { input: "{{input}}" });
  const wanted: readonly string[] = c.batch ? PLACEHOLDERS.batch : PLACEHOLDERS.single;
  if (!findPlaceholders(template).some((p) => wanted.includes(p))) {
    throw new Invalid(`request template must contain ${wanted.join(" or ")} as a JSON string value`, [
      { path: "request", message: `missing ${wanted[0]}` },
    ]);
  }
  return { ...c, request: template };
}

function findPlaceholders(value: unknown): string[] {
  if (typeof value === "string") return /^\{\{\w+\}\}$/.test(value) ? [value] : [];
  if (Array.isArray(value)) return value.flatMap(findPlaceholders);
  if (value && typeof value === "object") return Object.values(value).flatMap(findPlaceholders);
  return [];
}

function shaped(x: Float32Array, shape: readonly number[]): unknown {
  const flat = Array.from(x);
  const build = (offset: number, dims: readonly number[]): unknown => {
    if (dims.length <= 1) return flat.slice(offset, offset + (dims[0] ?? flat.length));
    const [head, ...tail] = dims;
    const stride = tail.reduce((a, b) => a * b, 1);
    return Array.from({ length: head! }, (_, i) => build(offset + i * stride, tail));
  };
  return build(0, shape);
}

/** Fill a request template with inputs. */
export function fillTemplate(
  template: unknown,
  inputs: readonly Float32Array[],
  shape: readonly number[],
): unknown {
  const replace = (value: unknown): unknown => {
    if (typeof value === "string") {
      if (value === "{{input}}") return Array.from(inputs[0]!);
      if (value === "{{input_shaped}}") return shaped(inputs[0]!, shape);
      if (value === "{{inputs}}") return inputs.map((x) => Array.from(x));
      if (value === "{{inputs_shaped}}") return inputs.map((x) => shaped(x, shape));
      return value;
    }
    if (Array.isArray(value)) return value.map(replace);
    if (value && typeof value === "object") {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replace(v)]));
    }
    return value;
  };
  return replace(template);
}

/** Follow a dot path ("a.b.0.c"; "" is the value itself). */
export function getPath(value: unknown, path: string): unknown {
  if (path === "") return value;
  let cur: unknown = value;
  for (const key of path.split(".")) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

const Score = z.number();

/** Turn one result object into a Prediction, validating every field. */
function mapItem(item: unknown, c: Config, where: string): Prediction {
  const fail = (msg: string) => new TargetCallError(`invalid response ${where}: ${msg}`, false);
  const n = c.numClasses;
  let scores: number[] | undefined;
  if (c.output !== "label" && c.response.scores !== undefined) {
    const parsed = z.array(Score).length(n).safeParse(getPath(item, c.response.scores));
    if (!parsed.success) throw fail(`"${c.response.scores}" must be an array of ${n} finite numbers`);
    scores = c.response.scoresAre === "logits" ? Array.from(softmax(parsed.data)) : parsed.data;
  } else if (c.output !== "label" && c.response.topk) {
    const t = c.response.topk;
    const list = z.array(z.unknown()).max(n).safeParse(getPath(item, t.path));
    if (!list.success) throw fail(`"${t.path}" must be a list of at most ${n} entries`);
    scores = new Array<number>(n).fill(0);
    for (const entry of list.data) {
      const label = toLabel(getPath(entry, t.label), c);
      const score = Score.safeParse(getPath(entry, t.score));
      if (label === undefined) throw fail(`top-k entry label "${t.label}" is not a class index or name`);
      if (!score.success) throw fail(`top-k entry score "${t.score}" is not a finite number`);
      scores[label] = score.data;
    }
  }
  if (scores?.some((s) => s < -1e-6 || s > 1 + 1e-6)) throw fail("probabilities must lie in [0, 1]");
  let label: number | undefined;
  if (c.response.label !== undefined) {
    label = toLabel(getPath(item, c.response.label), c);
    if (label === undefined)
      throw fail(`"${c.response.label}" is not a class index in [0, ${n}) or a class name`);
  } else if (scores) label = argmax(scores);
  if (label === undefined) throw fail("no label");
  return scores ? { label, scores } : { label };
}

function toLabel(value: unknown, c: Config): number | undefined {
  if (typeof value === "number" && Number.isInteger(value) && value >= 0 && value < c.numClasses)
    return value;
  if (typeof value === "string") {
    const i = c.classNames?.indexOf(value) ?? -1;
    if (i >= 0) return i;
    if (/^\d+$/.test(value) && Number(value) < c.numClasses) return Number(value);
  }
  return undefined;
}

const RETRYABLE_STATUS = new Set([408, 425, 429, 500, 502, 503, 504]);
const MAX_REDIRECTS = 5;

function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/**
 * Create a target for an HTTP prediction API. Only the configured origin is ever contacted:
 * redirects within it are followed (method and body kept, at most 5), a redirect to any other
 * origin is refused before anything is sent there. The auth secret is read from the environment
 * for each request and is not kept in the target, its info, or its error messages.
 */
export function createHttpTarget(raw: HttpTargetConfig | unknown, options: HttpTargetOptions = {}): Target {
  const c = parseHttpTargetConfig(raw);
  const doFetch = options.fetch ?? fetch;
  const env = () => options.env ?? process.env;
  const base = new URL(c.url);
  const origin = base.origin;
  const size = c.inputShape.reduce((a, b) => a * b, 1);
  const info: TargetInfo = {
    kind: "http",
    description: `${c.description ? `${c.description}: ` : ""}${c.method} ${origin}${base.pathname}`,
    output: c.output,
    ...(c.output === "topk" ? { topK: c.topK ?? 1 } : {}),
    numClasses: c.numClasses,
    inputShape: c.inputShape,
    inputBounds: c.inputBounds,
    ...(c.featureNames ? { featureNames: c.featureNames } : {}),
    ...(c.classNames ? { classNames: c.classNames } : {}),
    maxBatch: c.batch ? c.maxBatch : 1,
  };

  async function send(inputs: readonly Float32Array[], signal?: AbortSignal): Promise<Prediction[]> {
    const headers: Record<string, string> = {
      "content-type": "application/json",
      accept: "application/json",
      ...c.headers,
    };
    let secret: string | undefined;
    if (c.auth) {
      secret = env()[c.auth.env];
      if (!secret) throw new Invalid(`environment variable ${c.auth.env} (auth for ${origin}) is not set`);
      headers[c.auth.header] = c.auth.prefix + secret;
    }
    const redact = (text: string) => (secret ? text.split(secret).join("[redacted]") : text);
    const body = JSON.stringify(fillTemplate(c.request, inputs, c.inputShape));
    let url = base;
    let res: Response;
    for (let hop = 0; ; hop++) {
      try {
        res = await doFetch(url, { method: c.method, headers, body, redirect: "manual", signal });
      } catch (error) {
        if (signal?.aborted) throw signal.reason;
        const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
        throw new TargetCallError(`cannot reach ${origin}: ${redact(String(cause))}`, true);
      }
      if (res.status < 300 || res.status >= 400 || res.status === 304) break;
      await res.body?.cancel();
      const location = res.headers.get("location");
      if (!location)
        throw new TargetCallError(`${origin} answered ${res.status} without a Location`, false, res.status);
      const next = new URL(location, url);
      if (next.origin !== origin) {
        throw new TargetCallError(
          `refused redirect from ${origin} to ${next.origin}: an HTTP target only talks to the origin it was configured with`,
          false,
          res.status,
        );
      }
      if (hop + 1 >= MAX_REDIRECTS)
        throw new TargetCallError(`too many redirects within ${origin}`, false, res.status);
      url = next;
    }
    const text = await res.text();
    if (!res.ok) {
      throw new TargetCallError(
        `${origin} answered HTTP ${res.status}: ${redact(text.slice(0, 200))}`,
        RETRYABLE_STATUS.has(res.status),
        res.status,
        retryAfterMs(res.headers.get("retry-after")),
      );
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new TargetCallError(
        `${origin} did not answer JSON: ${redact(text.slice(0, 200))}`,
        false,
        res.status,
      );
    }
    if (!c.batch) return [mapItem(json, c, "body")];
    const items = getPath(json, c.response.items ?? "");
    if (!Array.isArray(items) || items.length !== inputs.length) {
      throw new TargetCallError(
        `invalid response: "${c.response.items}" must be a list of ${inputs.length} results, got ${
          Array.isArray(items) ? items.length : typeof items
        }`,
        false,
      );
    }
    return items.map((item, i) => mapItem(item, c, `item ${i}`));
  }

  return {
    info,
    async predict(inputs, signal) {
      inputs.forEach((x, i) => {
        if (x.length !== size) throw new Invalid(`input ${i} has ${x.length} values, expected ${size}`);
        if (!x.every(Number.isFinite)) throw new Invalid(`input ${i} contains a non-finite value`);
      });
      const chunk = c.batch ? c.maxBatch : 1;
      const out: Prediction[] = [];
      for (let i = 0; i < inputs.length; i += chunk)
        out.push(...(await send(inputs.slice(i, i + chunk), signal)));
      return out;
    },
  };
}
