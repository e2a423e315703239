// Raw material for malformed requests: seeded pools of hostile strings (unicode, lone surrogates,
// NUL, traversal, prototype keys) and JSON values from fast-check, and encoders that keep every
// byte as generated (percent-encoding of lone surrogates, JSON text with __proto__ keys).
import fc from "fast-check";
import { rng } from "../../src/store/seed.js";

/** A seeded source of choices. */
export interface Rand {
  next: () => number;
  int: (n: number) => number;
  pick: <T>(items: readonly T[]) => T;
  chance: (p: number) => boolean;
}

export function rand(seed: number): Rand {
  const next = rng(seed);
  const int = (n: number) => Math.floor(next() * n);
  return {
    next,
    int,
    pick: <T>(items: readonly T[]) => items[int(items.length)] as T,
    chance: (p) => next() < p,
  };
}

const surrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
const unicodeUnit = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: "grapheme", minLength: 1, maxLength: 1 }) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 1 }) },
  { weight: 1, arbitrary: surrogate },
  { weight: 1, arbitrary: fc.constantFrom("\u0000", "\u202e", "\ufeff", "\r\n", "\t", "%", "/", "\\", '"') },
);

/** Strings from fast-check: graphemes, any code point, lone surrogates, NUL and friends. */
export const FC_STRINGS: readonly string[] = fc.sample(fc.string({ unit: unicodeUnit, maxLength: 40 }), {
  seed: 20_261_123,
  numRuns: 600,
});

/** JSON values from fast-check (any shape, small depth). */
export const FC_JSON: readonly unknown[] = fc.sample(fc.jsonValue({ maxDepth: 3 }), {
  seed: 20_261_124,
  numRuns: 300,
});

/** Hand-picked hostile strings. */
export const NASTY: readonly string[] = [
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\ud800",
  "\udfff",
  "x\ud83d",
  "💥",
  "\u202egnp.exe",
  "\ufeff",
  "..",
  "../..",
  "../../../../etc/passwd",
  "..\\..\\windows\\win.ini",
  "%2e%2e%2f%2e%2e%2f",
  "....//....//",
  "/etc/passwd",
  "__proto__",
  "constructor",
  "prototype",
  "hasOwnProperty",
  "toString",
  "' OR '1'='1' --",
  "'; DROP TABLE assessment; --",
  "<script>alert(1)</script>",
  "$" + "{7*7}", // template injection probe, kept literal
  "{{7*7}}",
  "\r\nX-Injected: 1",
  "NaN",
  "-1",
  "1e309",
  "null",
  "true",
  "A".repeat(43),
  "A".repeat(22),
  "é".repeat(300),
  "x".repeat(10_000),
];

/** Every kind of JSON value, for "wrong type" variants (filtered by the schema before use). */
export const WRONG_VALUES: readonly unknown[] = [
  null,
  true,
  false,
  0,
  -1,
  1.5,
  2 ** 53 + 2,
  -1e308,
  "",
  "x",
  "Finance",
  "finance!",
  [],
  [1],
  ["a", "b"],
  {},
  { a: 1 },
  { value: "finance" },
  ...NASTY,
  ...FC_JSON.slice(0, 60),
];

/** Percent-encode one path segment, lone surrogates included (as their 3-byte WTF-8 form). */
export function encodeSegment(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const next = s.charCodeAt(i + 1);
    if (c >= 0xd800 && c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      out += encodeURIComponent(s.slice(i, i + 2));
      i++;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      out += [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)]
        .map((b) => `%${b.toString(16).toUpperCase()}`)
        .join("");
    } else {
      out += encodeURIComponent(s[i] as string);
    }
  }
  return out;
}

/** JSON text nested `depth` levels deep (arrays or objects), built as text: no recursion here. */
export function deepJson(depth: number, kind: "array" | "object"): string {
  return kind === "array"
    ? `${"[".repeat(depth)}1${"]".repeat(depth)}`
    : `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
}

/** Insert `"key": <json>` as the first member of the JSON object text `text`. */
export function withMember(text: string, key: string, json: string): string {
  const rest = text.slice(1).trim();
  return `{${JSON.stringify(key)}:${json}${rest === "}" ? "" : ","}${rest}`;
}

/** Strings that are not valid UTF-8 (lone continuation, truncated, overlong, encoded surrogate). */
export const BAD_UTF8: readonly Buffer[] = [
  Buffer.from([0xff]),
  Buffer.from([0xc3]),
  Buffer.from([0x80, 0x80]),
  Buffer.from([0xc0, 0xaf]),
  Buffer.from([0xed, 0xa0, 0x80]),
  Buffer.from([0xf8, 0x88, 0x80, 0x80, 0x80]),
];
