// Malformed answer files given to `mlsa` (its main() in this process for speed, and the real binary
// for a few): binary junk, huge files, billion laughs, deep nesting, wrong types, unknown keys, a
// catalog-version mismatch. Every one exits 2 with a message naming the problem, never a stack trace.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { rng } from "../../src/store/seed.js";
import { pool } from "./wire.js";

const dir = mkdtempSync(join(tmpdir(), "mlsa-bad-files-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The real binary, as a user runs it. */
function mlsaBinary(
  args: string[],
): Promise<{ status: number | null; stdout: string; stderr: string; ms: number }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["bin/mlsa.js", ...args], {
      env: { ...process.env, NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"],
      timeout: 60_000,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c) => {
      stdout += String(c);
    });
    child.stderr.on("data", (c) => {
      stderr += String(c);
    });
    child.on("close", (status) => resolve({ status, stdout, stderr, ms: performance.now() - started }));
  });
}

/** The CLI's main() in this process, with stdout and stderr captured. */
async function mlsaInProcess(args: string[]) {
  const started = performance.now();
  const out = { stdout: "", stderr: "" };
  const writes = { stdout: process.stdout.write, stderr: process.stderr.write };
  const capture = (key: "stdout" | "stderr") =>
    ((chunk: string | Uint8Array) => {
      out[key] += String(chunk);
      return true;
    }) as typeof process.stdout.write;
  process.stdout.write = capture("stdout");
  process.stderr.write = capture("stderr");
  try {
    const status = await main(["node", "mlsa", ...args]);
    return { status, ...out, ms: performance.now() - started };
  } finally {
    process.stdout.write = writes.stdout;
    process.stderr.write = writes.stderr;
    process.exitCode = undefined;
  }
}

const header = "format: mlsa-answers/1\ncatalog: 1.0.0\n";
const random = rng(42);
const junk = Buffer.from(Array.from({ length: 64 * 1024 }, () => Math.floor(random() * 256)));
const laughs = [
  "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]",
  ...Array.from({ length: 20 }, (_, i) => `a${i + 1}: &a${i + 1} [*a${i}, *a${i}, *a${i}, *a${i}, *a${i}]`),
].join("\n");
const manyKeys = (n: number) =>
  `${header}answers:\n${Array.from({ length: n }, (_, i) => `  risk.x.q${i}: a\n`).join("")}`;

/** File name, content, and what the message must say. */
const BAD_FILES: ReadonlyArray<[string, string | Buffer, RegExp]> = [
  ["binary.yaml", junk, /cannot parse YAML|not a valid answer file/],
  ["binary.json", junk, /cannot parse JSON/],
  [
    "huge.yaml",
    `${header}system: {name: ${"x".repeat(6 * 2 ** 20)}}\nanswers: {}\n`,
    /6\.0 MiB; an answer file may be at most 5 MiB/,
  ],
  ["many-keys.yaml", manyKeys(60_000), /unknown question id "risk\.x\.q0"[\s\S]*… and 59950 more/],
  ["billion-laughs.yaml", `${laughs}\n${header}answers: *a20\n`, /cannot parse YAML: Excessive alias count/],
  ["deep.yaml", `${header}answers: ${"[".repeat(20_000)}${"]".repeat(20_000)}\n`, /nested too deeply/],
  [
    "deep.json",
    `{"answers":${"[".repeat(100_000)}${"]".repeat(100_000)}}`,
    /answers: expected a mapping of question id to an option id/,
  ],
  [
    "types.yaml",
    "format: mlsa-answers/1\ncatalog: 1\nanswers: 5\n",
    /catalog: expected the catalog version this file answers, e.g. 1\.0\.0; got the number 1[\s\S]*answers: expected a mapping of question id .*; got the number 5/,
  ],
  [
    "value-type.yaml",
    `${header}answers:\n  risk.domain.sector: {a: 1}\n`,
    /answers\.risk\.domain\.sector: expected an option id, a list of option ids, or dont_know; got a mapping/,
  ],
  [
    "format.yaml",
    "format: [x]\ncatalog: 1.0.0\nanswers: {}\n",
    /format: expected the file format, mlsa-answers\/1; got a list/,
  ],
  [
    "unknown-keys.yaml",
    `${header}colour: red\nsystem: {owner: me}\nanswers: {}\n`,
    /system: unknown key "owner"[\s\S]*\n {2}unknown key "colour"; expected format, catalog, system, answers, verified/,
  ],
  [
    "unknown-question.yaml",
    `${header}answers:\n  risk.nope.nope: yes\n`,
    /answers\.risk\.nope\.nope: unknown question id/,
  ],
  [
    "catalog-version.yaml",
    "format: mlsa-answers/1\ncatalog: 0.9.0\nanswers: {}\n",
    /catalog version 0\.9\.0 is not known to this mlsa; known: 1\.0\.0/,
  ],
  [
    "duplicate.yaml",
    `${header}answers: {}\nanswers: {}\n`,
    /Map keys must be unique: "answers" appears twice/,
  ],
  [
    "proto.yaml",
    `${header}answers:\n  __proto__: {risk.domain.sector: finance}\n`,
    /answers\.__proto__: "__proto__" is not allowed as a key/,
  ],
  [
    "proto.json",
    `{"format":"mlsa-answers/1","catalog":"1.0.0","answers":{"__proto__":{"x":1}}}`,
    /"__proto__" is not allowed/,
  ],
  [
    "js-tag.yaml",
    `format: !!js/function "function(){}"\ncatalog: 1.0.0\nanswers: {}\n`,
    /format: expected the file format/,
  ],
  [
    "empty.yaml",
    "",
    /\n {2}the file is empty: expected an answer file \(format: mlsa-answers\/1, catalog, answers\)/,
  ],
  ["utf16.yaml", Buffer.from(`\ufeff${header}answers: {}\n`, "utf16le"), /not a valid answer file/],
  [
    "nul.yaml",
    `${header.replace("1.0.0", "1.0.0\u0000")}answers: {}\n`,
    /catalog: expected the catalog version this file answers, e.g. 1\.0\.0; got the text "1\.0\.0\\u0000"/,
  ],
];

describe("mlsa with malformed answer files", () => {
  it("exits 2 with a clear message and no stack trace, for every command that reads answer files", async () => {
    for (const [name, content] of BAD_FILES) writeFileSync(join(dir, name), content);
    mkdirSync(join(dir, "a-folder.yaml"));
    const runs: Array<{ name: string; args: string[]; pattern: RegExp }> = BAD_FILES.map(
      ([name, , pattern]) => ({
        name,
        args: ["score", join(dir, name)],
        pattern,
      }),
    );
    const good = "examples/well-defended.yaml";
    runs.push(
      { name: "folder", args: ["score", join(dir, "a-folder.yaml")], pattern: /cannot read .*EISDIR/ },
      {
        name: "diff",
        args: ["diff", good, join(dir, "billion-laughs.yaml")],
        pattern: /Excessive alias count/,
      },
      { name: "report", args: ["report", join(dir, "proto.yaml")], pattern: /__proto__/ },
      {
        name: "answer -o",
        args: ["answer", "-q", "risk", "-o", join(dir, "deep.yaml")],
        pattern: /nested too deeply/,
      },
    );
    const results: Array<{
      name: string;
      status: number | null;
      stderr: string;
      ms: number;
      pattern: RegExp;
    }> = [];
    for (const run of runs)
      results.push({ name: run.name, pattern: run.pattern, ...(await mlsaInProcess(run.args)) });
    // the real binary, for the worst ones
    const binary = runs.filter((r) => ["binary.yaml", "billion-laughs.yaml", "deep.yaml"].includes(r.name));
    await pool(binary.length, 3, async (i) => {
      const run = binary[i] as (typeof runs)[number];
      results.push({ name: `${run.name} (binary)`, pattern: run.pattern, ...(await mlsaBinary(run.args)) });
    });
    for (const r of results) {
      expect(r.status, `${r.name}: ${r.stderr.slice(0, 300)}`).toBe(2);
      expect(r.stderr, r.name).toMatch(/^mlsa: /);
      expect(r.stderr, r.name).toMatch(r.pattern);
      expect(r.stderr, r.name).not.toMatch(/\n\s+at .+:\d+:\d+/); // no stack frames
      expect(r.stderr, r.name).not.toMatch(/unexpected error|Warning/);
      expect(r.stderr.length, r.name).toBeLessThan(10_000);
      expect(r.ms, r.name).toBeLessThan(30_000);
    }
    console.log(
      `[cli] ${results.length} malformed inputs, all exit 2; slowest ${Math.round(Math.max(...results.map((r) => r.ms)))} ms`,
    );
  }, 180_000);
});
