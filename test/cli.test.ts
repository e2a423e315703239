// Runs the real `mlsa` binary: help everywhere, exit codes, error messages naming the bad key,
// NO_COLOR, template round trip, the interactive questionnaire fed through stdin, and diff.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const mlsa = (args: string[], input?: string) =>
  spawnSync(process.execPath, ["bin/mlsa.js", ...args], {
    encoding: "utf8",
    input,
    env: { ...process.env, NO_COLOR: "1" },
    timeout: 60_000,
  });
const dir = mkdtempSync(join(tmpdir(), "mlsa-cli-"));
const write = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

describe("mlsa CLI", () => {
  it("prints --help for the program and every command", () => {
    const top = mlsa(["--help"]);
    expect(top.status).toBe(0);
    const commands = [...top.stdout.matchAll(/^ {2}([a-z]+)\b/gm)]
      .map((m) => m[1]!)
      .filter((c) => c !== "help");
    expect(commands).toEqual(expect.arrayContaining(["catalog", "template", "answer", "score", "diff"]));
    for (const c of commands) {
      const r = mlsa([c, "--help"]);
      expect(r.status, c).toBe(0);
      expect(r.stdout, c).toContain(`Usage: mlsa ${c}`);
    }
  });

  it("exits 2 on an unknown command or option", () => {
    expect(mlsa(["frobnicate"]).status).toBe(2);
    expect(mlsa(["score", "--bogus"]).status).toBe(2);
  });

  it("prints the catalog as Markdown, JSON and YAML", () => {
    const md = mlsa(["catalog", "-q", "risk"]).stdout;
    expect(md).toContain("## Risk & impact (`risk`)");
    expect(md).toMatch(/^Content hash `sha256:[0-9a-f]{64}`\.$/m);
    expect(md).not.toContain("do not edit"); // that note heads docs/catalog.md only
    const json = JSON.parse(mlsa(["catalog", "--format", "json"]).stdout) as { version: string };
    expect(json.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(
      parse(mlsa(["catalog", "--format", "yaml", "-q", "security"]).stdout).sections.length,
    ).toBeGreaterThan(0);
  });

  it("writes a template that parses and scores once filled in", () => {
    const r = mlsa(["template", "-q", "surface"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("  # surface.inference.output_granularity: ");
    const empty = mlsa(["score", write("empty.yaml", r.stdout), "--json"]);
    expect(empty.status, empty.stderr).toBe(0);
    const filled = r.stdout.replace(
      "  # surface.inference.output_granularity: ",
      "  surface.inference.output_granularity: full_probabilities",
    );
    const s = mlsa(["score", write("filled.yaml", filled), "--json"]);
    expect(s.status, s.stderr).toBe(0);
    const picture = JSON.parse(s.stdout) as {
      classes: Array<{ attackClass: string; likelihood: { exposure: number } }>;
    };
    expect(picture.classes.find((c) => c.attackClass === "extraction")?.likelihood.exposure).toBe(3);
  });

  it("names the exact bad key and exits 2 on invalid answers", () => {
    const cases: Array<[string, RegExp]> = [
      ["answers:\n  surface.nope.question: yes\n", /answers\.surface\.nope\.question: unknown question id/],
      [
        "answers:\n  surface.inference.output_granularity: everything\n",
        /answers\.surface\.inference\.output_granularity: option "everything" is not allowed; expected one of label_only/,
      ],
    ];
    for (const [body, pattern] of cases) {
      const file = write("bad.yaml", `format: mlsa-answers/1\ncatalog: 1.0.0\n${body}`);
      const r = mlsa(["score", file]);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(pattern);
    }
    const wrongVersion = write("v.yaml", "format: mlsa-answers/1\ncatalog: 9.9.9\nanswers: {}\n");
    const v = mlsa(["score", wrongVersion]);
    expect(v.status).toBe(2);
    expect(v.stderr).toMatch(/catalog version 9\.9\.9 is not known/);
    const missing = mlsa(["score", join(dir, "nope.yaml")]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/cannot read .*ENOENT/);
    const broken = mlsa(["score", write("broken.yaml", "answers: [\n")]);
    expect(broken.status).toBe(2);
    expect(broken.stderr).toMatch(/cannot parse YAML/);
  });

  it("explains a missing catalog, an empty file and bad YAML in plain words", () => {
    const cases: Array<[string, string, RegExp]> = [
      [
        "no-catalog.yaml",
        "format: mlsa-answers/1\nanswers: {}\n",
        /^ {2}catalog: missing — the catalog version this file answers, e\.g\. 1\.0\.0$/m,
      ],
      [
        "empty.yaml",
        "",
        /^ {2}the file is empty: expected an answer file \(format: mlsa-answers\/1, catalog, answers\)$/m,
      ],
      [
        "bad-indent.yaml",
        "format: mlsa-answers/1\ncatalog: 1.0.0\nanswers:\n  a: b\n c: [\n",
        /^ {2}cannot parse YAML: All mapping items must start at the same column at line 5, column 1: "c: \["$/m,
      ],
    ];
    for (const [name, body, pattern] of cases) {
      const r = mlsa(["score", write(name, body)]);
      expect(r.status, name).toBe(2);
      expect(r.stderr, name).toMatch(pattern);
      expect(r.stderr, name).not.toMatch(/Invalid input|received|:\s*$/);
    }
  });

  it("exits 1 at or above --fail-on and 0 below it", () => {
    const file = "examples/public-image-api.yaml";
    const json = JSON.parse(mlsa(["score", file, "--json"]).stdout) as { overall: { rating: string } };
    expect(json.overall.rating).toBe("critical");
    expect(mlsa(["score", file, "--fail-on", "high"]).status).toBe(1);
    expect(mlsa(["score", "examples/well-defended.yaml", "--fail-on", "critical"]).status).toBe(0);
  });

  it("prints plain text without ANSI colour under NO_COLOR", () => {
    const r = mlsa(["score", "examples/public-image-api.yaml"]);
    expect(r.stdout).toContain("Overall: CRITICAL");
    expect(r.stdout.includes("\u001b[")).toBe(false);
  });

  it("shows the likelihood after defences and the '? = assumed' legend only when something is assumed", () => {
    const r = mlsa(["score", "examples/fraud-feedback.yaml"]);
    expect(r.stdout).toMatch(/^attack class +likelihood +covered +after defences +impact +residual$/m);
    // Same likelihood, impact and coverage, different ratings: the residual likelihood tells them apart.
    expect(r.stdout).toMatch(/^Model inversion +2\/5 +37 % +2\/5 +3\/5 +MEDIUM \(6\/25\)$/m);
    expect(r.stdout).toMatch(/^Membership inference +2\/5 +37 % +1\/5 +3\/5 +LOW \(3\/25\)$/m);
    expect(r.stdout).not.toContain("? = assumed");
    expect(mlsa(["score", "examples/public-image-api.yaml"]).stdout).toContain("? = assumed");
  });

  it("answers a questionnaire interactively, saving and resuming from the file", () => {
    const out = join(dir, "interactive.yaml");
    // First session: "?" shows the hint, "9" is rejected, then answer two questions and quit.
    const first = mlsa(["answer", "-q", "risk", "-o", out], "?\n99\n1\nd\nq\n");
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toContain("type a number from 1 to");
    const saved = parse(readFileSync(out, "utf8")) as { answers: Record<string, unknown> };
    const values = Object.values(saved.answers);
    expect(values).toHaveLength(2);
    // Second session resumes: the answered questions are not asked again.
    const second = mlsa(["answer", "-q", "risk", "-o", out], "1\nq\n");
    expect(second.stdout).toContain("Resuming");
    expect(Object.keys((parse(readFileSync(out, "utf8")) as { answers: object }).answers)).toHaveLength(3);
  });

  it("numbers questions by position, so the one after a skipped question moves on", () => {
    const r = mlsa(["answer", "-q", "risk", "-o", join(dir, "skipping.yaml")], "s\ns\n1\nq\n");
    expect(r.status, r.stderr).toBe(0);
    const numbers = [...r.stdout.matchAll(/^\[(\d+)\/(\d+)\]/gm)].map((m) => Number(m[1]));
    expect(numbers).toEqual([1, 2, 3, 4]);
  });

  it("shows changed answers with their option labels in text and their ids in --json", () => {
    const text = mlsa(["diff", "examples/public-image-api.yaml", "examples/well-defended.yaml"]).stdout;
    expect(text).toContain(
      "risk.process.ownership: Split between teams without clear boundaries → A named owner with budget and the authority to stop a release",
    );
    const json = JSON.parse(
      mlsa(["diff", "examples/public-image-api.yaml", "examples/well-defended.yaml", "--json"]).stdout,
    ) as { answers: Array<{ question: string; before: unknown; after: unknown }> };
    expect(json.answers.find((a) => a.question === "risk.process.ownership")).toMatchObject({
      before: "unclear_split",
      after: "owner_with_mandate",
    });
  });

  it("diffs two assessments", () => {
    const r = mlsa(["diff", "examples/public-image-api.yaml", "examples/well-defended.yaml", "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const d = JSON.parse(r.stdout) as { answers: unknown[]; closedFindings: string[] };
    expect(d.answers.length).toBeGreaterThan(5);
    expect(d.closedFindings).toEqual(expect.arrayContaining(["extraction"]));
  });

  it("states each recommendation's effect the same way in the CLI text, the Markdown report and the JSON", () => {
    const file = "examples/fraud-feedback.yaml";
    const json = JSON.parse(mlsa(["score", file, "--json"]).stdout) as {
      recommendations: { name: string; share: number; reduction: number }[];
      classes: { residual: { weight: number } }[];
    };
    const text = mlsa(["score", file]).stdout;
    const md = mlsa(["report", file, "--format", "md"]).stdout;
    const total = json.classes.reduce((s, c) => s + c.residual.weight, 0);
    const shown = json.recommendations.slice(0, 8).map((r) => {
      expect(r.share).toBeCloseTo(r.reduction / total, 9);
      return `${(Math.round(r.share * 1000) / 10).toFixed(1)} %`;
    });
    // The top two differ, so the figure must tell them apart.
    expect(shown[0]).not.toBe(shown[1]);
    json.recommendations.slice(0, 8).forEach((r, i) => {
      expect(text).toContain(`${i + 1}. ${r.name}`);
      const line = text.split("\n").find((l) => l.includes(`${i + 1}. ${r.name}`))!;
      expect(line).toContain(`removes ${shown[i]} of the remaining risk`);
      const row = md.split("\n").find((l) => l.startsWith(`| ${i + 1} | ${r.name}`));
      expect(row, r.name).toContain(`| ${shown[i]} |`);
    });
    expect(text).not.toContain("risk points");
  });
});
