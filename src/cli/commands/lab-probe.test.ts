// `mlsa lab probe` and inference runs from the CLI, end to end against a demo victim served on
// 127.0.0.1, including writing the measured answers into an answer file as verified by test.
import { readFileSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { CATALOG_VERSION } from "../../catalog/index.js";
import { loadVictim } from "../../targets/victims/index.js";
import { runCli } from "./cli-harness.js";
import { registerLab } from "./lab.js";

const dir = await mkdtemp(join(tmpdir(), "mlsa-lab-probe-cli-"));
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Run the lab commands in-process; stdout, or a rejection with the CliError. */
async function run(args: string[]): Promise<string> {
  const r = await runCli(registerLab, args);
  if (r.error) throw r.error;
  return r.out;
}

describe("mlsa lab probe", () => {
  it("probes a served demo victim within the budget and fills in the answer file", async () => {
    const answers = join(dir, "answers.yaml");
    writeFileSync(answers, `format: mlsa-answers/1\ncatalog: ${CATALOG_VERSION}\nanswers: {}\n`);
    const out = JSON.parse(
      await run([
        "lab",
        "probe",
        "--target",
        "demo:tabular-logreg",
        "--output",
        "topk",
        "--budget",
        "120",
        "--demo-rate-limit",
        "20",
        "--answers",
        answers,
        "--data-dir",
        dir,
        "--json",
      ]),
    );
    expect(out.runs.map((r: { attack: string }) => r.attack)).toEqual([
      "probe-output",
      "probe-determinism",
      "probe-input-handling",
      "probe-rate-limit",
    ]);
    const used = out.runs.reduce((s: number, r: { queriesUsed: number }) => s + r.queriesUsed, 0);
    expect(used).toBeLessThanOrEqual(120);
    expect(out.suggestedAnswers).toMatchObject({
      "surface.inference.output_granularity": "top_k",
      "surface.inference.input_validation": "rejected",
      "surface.inference.query_limits": "per_client",
    });
    const file = parseYaml(readFileSync(answers, "utf8"));
    expect(file.answers["surface.inference.output_granularity"]).toBe("top_k");
    expect(file.verified["surface.inference.input_validation"].attack).toBe("probe-input-handling");
  }, 60_000);

  it("refuses a raw HTTP probe against an ONNX file target, and runs the others", async () => {
    const victim = await loadVictim("tabular-logreg", { dataDir: dir });
    const path = join(dir, "iris.onnx");
    await victim.exportOnnx(path);
    await expect(run(["lab", "probe", "--target", path, "--only", "probe-rate-limit"])).rejects.toThrow(
      /raw HTTP probes need an HTTP target/,
    );
    const out = JSON.parse(await run(["lab", "probe", "--target", path, "--budget", "40", "--json"]));
    expect(out.runs.map((r: { attack: string }) => r.attack)).toEqual(["probe-output", "probe-determinism"]);
    expect(out.suggestedAnswers["surface.inference.output_granularity"]).toBe("full_probabilities");
  });
});

describe("mlsa lab run with inference attacks", () => {
  it("uses a demo victim's own splits as candidates, and reads candidate records from CSV", async () => {
    const out = JSON.parse(
      await run([
        "lab",
        "run",
        "membership-threshold",
        "--target",
        "demo:tabular-logreg",
        "--budget",
        "200",
        "--data-dir",
        dir,
        "--json",
      ]),
    );
    expect(out.metrics.members).toBe(100);
    expect(out.metrics.nonMembers).toBe(50);
    const csv = join(dir, "cands.csv");
    writeFileSync(
      csv,
      "sepal_length_cm,sepal_width_cm,petal_length_cm,petal_width_cm,label,member\n" +
        "0,0,0,0,0,true\n1,1,1,1,1,false\n-1,1,-1,1,2,yes\n2,2,2,2,1,no\n",
    );
    const fromFile = JSON.parse(
      await run([
        "lab",
        "run",
        "membership-threshold",
        "--target",
        "demo:tabular-logreg",
        "--records",
        csv,
        "--budget",
        "10",
        "--data-dir",
        dir,
        "--json",
      ]),
    );
    expect(fromFile.metrics.candidates).toBe(4);
    expect(fromFile.queriesUsed).toBe(4);
    writeFileSync(csv, "a,b,c,d,label,member\n0,0,0,zero,0,true\n");
    await expect(
      run([
        "lab",
        "run",
        "membership-threshold",
        "--target",
        "demo:tabular-logreg",
        "--records",
        csv,
        "--budget",
        "10",
        "--data-dir",
        dir,
      ]),
    ).rejects.toThrow(/line 2, column "d"/);
  }, 60_000);
});
