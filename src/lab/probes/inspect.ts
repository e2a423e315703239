// Pure helpers the probes share: how many decimal digits a number carries, what internals an error
// body or header gives away, which numeric fields a JSON answer holds, valid inputs to send, and the
// paper most probes cite.
import type { Paper, TargetInfo } from "../../contracts/lab.js";
import type { LabExample } from "../attack.js";
import { createRng } from "../rng.js";

/** Tramèr et al. 2016, whose threat model (what a prediction API's answers give away) the probes test. */
export const PREDICTION_API_PAPER: Paper = {
  authors: "Florian Tramèr, Fan Zhang, Ari Juels, Michael K. Reiter, Thomas Ristenpart",
  title: "Stealing Machine Learning Models via Prediction APIs",
  venue: "USENIX Security Symposium",
  year: 2016,
  url: "https://arxiv.org/abs/1609.02943",
};

/**
 * Decimal digits after the point in the shortest text that reads back as `v` ("0.25" → 2,
 * "1e-7" → 7, "1.5e-7" → 8); 0 for integers. On the raw JSON text, pass the token itself.
 */
export function decimalDigits(v: number | string): number {
  const text = typeof v === "number" ? (Number.isFinite(v) ? String(v) : "0") : v.trim();
  const m = /^-?\d*(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!m) return 0;
  const frac = m[1]?.length ?? 0;
  const exp = m[2] ? Number(m[2]) : 0;
  return Math.max(0, frac - exp);
}

/** Significant digits of a number or number token ("0.00120" → 3, "4.5e-14" → 2, 16 for most doubles). */
export function significantDigits(v: number | string): number {
  const text = typeof v === "number" ? (Number.isFinite(v) ? String(v) : "0") : v.trim();
  const mantissa = text
    .replace(/^-/, "")
    .replace(/[eE].*$/, "")
    .replace(".", "");
  return mantissa.replace(/^0+/, "").length;
}

/** Every non-integer number token of a JSON text, as written (trailing zeros kept). */
export function numberTokens(json: string): string[] {
  return [...json.matchAll(/-?\d+\.\d+(?:[eE][+-]?\d+)?|-?\d+[eE]-\d+/g)].map((m) => m[0]);
}

/** Paths of numeric arrays (and their lengths) inside a JSON value, e.g. `predictions.0.scores`. */
export function numericArrays(value: unknown, path = ""): Array<{ path: string; length: number }> {
  if (Array.isArray(value)) {
    if (value.length > 0 && value.every((v) => typeof v === "number"))
      return [{ path, length: value.length }];
    return value.flatMap((v, i) => numericArrays(v, path ? `${path}.${i}` : String(i)));
  }
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => numericArrays(v, path ? `${path}.${k}` : k));
  }
  return [];
}

const MARKERS: ReadonlyArray<readonly [string, RegExp]> = [
  ["JavaScript stack trace", /\n?\s+at [\w$.<>[\] ]+ \(?[^\s()]+:\d+:\d+\)?/],
  ["Python traceback", /Traceback \(most recent call last\)|File "[^"]+", line \d+/],
  ["Java stack trace", /\bat [\w$.]+\([\w$]+\.java:\d+\)|Exception in thread "/],
  [".NET stack trace", /\bat [\w.]+\(.*\) in [^\n]+:line \d+/],
  ["Go panic", /goroutine \d+ \[running\]|panic: /],
  [
    "source file path",
    /(?:\/[\w.-]+){2,}\.(?:py|js|ts|mjs|cjs|java|rb|go|cs|php)\b|[A-Z]:\\[\w\\. -]+\.(?:py|cs|java)\b/,
  ],
  ["exception class name", /\b[A-Z]\w*(?:Error|Exception)\b/],
  [
    "framework or library name",
    /\b(?:fastify|FST_ERR_\w+|express|koa|flask|werkzeug|django|fastapi|starlette|uvicorn|gunicorn|pydantic|torch|pytorch|tensorflow|keras|onnxruntime|sklearn|scikit-learn|numpy|xgboost|lightgbm|triton|torchserve|bentoml|mlflow|spring|tomcat|jetty)\b/i,
  ],
];

/** What an error body or a set of headers reveals about the stack behind an API. */
export function internalsLeaked(body: string, headers: Readonly<Record<string, string>> = {}): string[] {
  const found: string[] = [];
  for (const [name, re] of MARKERS) {
    const m = re.exec(body);
    if (m) found.push(`${name} (“${m[0].trim().slice(0, 60)}”)`);
  }
  for (const h of ["server", "x-powered-by", "x-aspnet-version", "x-runtime"]) {
    const v = headers[h];
    if (v) found.push(`${h} header (“${v.slice(0, 60)}”)`);
  }
  return found;
}

/**
 * `n` valid inputs for probing: the caller's inputs first, then seeded uniform draws within the
 * declared bounds.
 */
export function probeInputs(
  info: TargetInfo,
  given: readonly LabExample[],
  n: number,
  seed: number,
): Float32Array[] {
  const dims = info.inputShape.reduce((a, b) => a * b, 1);
  const rng = createRng(`${seed}:probe-inputs`);
  const { min, max } = info.inputBounds;
  return Array.from({ length: n }, (_, i) =>
    i < given.length ? given[i]!.x : Float32Array.from({ length: dims }, () => rng.uniform(min, max)),
  );
}
