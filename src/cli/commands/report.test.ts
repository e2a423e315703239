// `mlsa report` end to end in-process: every format from a real example file, to stdout or a file,
// with clear errors (exit 2) for bad input and exit 69 when Chromium is missing.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { JsonReport } from "../../reports/json.js";
import { NavigatorLayer } from "../../reports/navigator.js";
import { sampleLabRun } from "../../reports/testing.js";
import { CliError, EXIT } from "../io.js";
import { EXIT_UNAVAILABLE, formatFromPath, registerReport, reportTime } from "./report.js";

const EXAMPLE = new URL("../../../examples/fraud-feedback.yaml", import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), "mlsa-report-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.unstubAllEnvs());

/** Run `mlsa report …` in-process; returns what it wrote to stdout. */
async function run(...args: string[]): Promise<string> {
  const program = new Command("mlsa").exitOverride();
  registerReport(program);
  let out = "";
  const spy = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    out += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
    return true;
  });
  const err = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
  try {
    await program.parseAsync(["report", ...args], { from: "user" });
  } finally {
    spy.mockRestore();
    err.mockRestore();
  }
  return out;
}

async function failure(...args: string[]): Promise<CliError> {
  const error = await run(...args).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CliError);
  return error as CliError;
}

describe("mlsa report", () => {
  it("prints Markdown to stdout by default, with a reproducible timestamp", async () => {
    vi.stubEnv("SOURCE_DATE_EPOCH", "1735689600");
    const md = await run(EXAMPLE);
    expect(md.startsWith("# ML security risk report: Card fraud scoring")).toBe(true);
    expect(md).toContain("Generated 2025-01-01T00:00:00.000Z");
    expect(md).toContain("## Recommended mitigations");
  });

  it("writes JSON, a Navigator layer (format from the file name) and standalone HTML to files", async () => {
    const json = join(dir, "r.json");
    await run(EXAMPLE, "--format", "json", "-o", json);
    expect(JsonReport.parse(JSON.parse(readFileSync(json, "utf8"))).system?.name).toBe("Card fraud scoring");

    const layerPath = join(dir, "exposed.layer.json");
    await run(EXAMPLE, "-o", layerPath);
    expect(NavigatorLayer.parse(JSON.parse(readFileSync(layerPath, "utf8"))).domain).toBe("atlas-atlas");

    const html = await run(EXAMPLE, "-f", "html");
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain("<style>");
    expect(html).not.toMatch(/<script/i);
  });

  it("includes lab runs given with --lab", async () => {
    const lab = join(dir, "runs.json");
    writeFileSync(lab, JSON.stringify([sampleLabRun()]));
    const md = await run(EXAMPLE, "--lab", lab);
    expect(md).toContain("run `run-0001`");
    const bad = join(dir, "bad-run.json");
    writeFileSync(bad, JSON.stringify({ id: 3 }));
    expect((await failure(EXAMPLE, "--lab", bad)).exitCode).toBe(EXIT.invalid);
  });

  it("exits 2 on an invalid answer file, a missing file, or a PDF without -o", async () => {
    const invalid = join(dir, "bad.yaml");
    writeFileSync(
      invalid,
      "format: mlsa-answers/1\ncatalog: 1.0.0\nanswers:\n  risk.domain.sector: not_an_option\n",
    );
    const e = await failure(invalid, "-f", "md");
    expect(e.exitCode).toBe(EXIT.invalid);
    expect(e.message).toContain("risk.domain.sector");
    expect((await failure(join(dir, "missing.yaml"))).exitCode).toBe(EXIT.invalid);
    const pdf = await failure(EXAMPLE, "--format", "pdf");
    expect(pdf.exitCode).toBe(EXIT.invalid);
    expect(pdf.message).toContain("-o");
  });

  it("exits 69 with a clear message when Chromium is missing", async () => {
    vi.stubEnv("MLSA_CHROMIUM", "/nonexistent/chromium");
    const e = await failure(EXAMPLE, "-o", join(dir, "x.pdf"));
    expect(e.exitCode).toBe(EXIT_UNAVAILABLE);
    expect(e.message).toMatch(/need Chromium/);
  });

  it("prints a multi-page PDF with -o", async () => {
    const out = join(dir, "report.pdf");
    await run(EXAMPLE, "--format", "pdf", "-o", out);
    const info = execFileSync("pdfinfo", [out], { encoding: "utf8" });
    expect(Number(info.match(/^Pages:\s+(\d+)/m)?.[1])).toBeGreaterThanOrEqual(2);
  });
});

describe("report helpers", () => {
  it("infers formats from file names", () => {
    expect(formatFromPath("a.PDF")).toBe("pdf");
    expect(formatFromPath("a.layer.json")).toBe("navigator");
    expect(formatFromPath("a.json")).toBe("json");
    expect(formatFromPath("a.htm")).toBe("html");
    expect(formatFromPath("a.md")).toBe("md");
    expect(formatFromPath("a.txt")).toBeUndefined();
  });

  it("takes the time from SOURCE_DATE_EPOCH when set", () => {
    expect(reportTime({ SOURCE_DATE_EPOCH: "0" })).toBe("1970-01-01T00:00:00.000Z");
    expect(Date.parse(reportTime({}))).not.toBeNaN();
  });
});
