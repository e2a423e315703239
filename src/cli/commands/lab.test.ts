import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { LabRun } from "../../contracts/lab.js";
import { runAttack } from "../../lab/run.js";
import { type DemoServer, startDemoServer } from "../../targets/demo-server.js";
import { denseProbabilities } from "../../targets/dense.js";
import { createHttpTarget } from "../../targets/http.js";
import { createOnnxTarget } from "../../targets/onnx.js";
import { loadSuiteVictim } from "../../targets/target-suite.js";
import type { Victim } from "../../targets/victims/index.js";
import { CliError, parseParam } from "../io.js";
import { type CliRun, runCli } from "./cli-harness.js";
import { readData, registerLab } from "./lab.js";

const dir = await mkdtemp(join(tmpdir(), "mlsa-lab-cli-"));
let victim: Victim;
let labelServer: DemoServer;
let probsServer: DemoServer;

beforeAll(async () => {
  victim = await loadSuiteVictim();
  labelServer = await startDemoServer({ victim, output: "label" });
  probsServer = await startDemoServer({ victim, output: "probs" });
  await writeFile(join(dir, "label.yaml"), stringify(labelServer.targetConfig));
  await writeFile(join(dir, "probs.yaml"), stringify(probsServer.targetConfig));
  const rows = (split: "test" | "rest", n: number) =>
    victim.splits[split].x.slice(0, n).map((x, i) => ({ x: Array.from(x), y: victim.splits[split].y[i] }));
  await writeFile(join(dir, "test.json"), JSON.stringify(rows("test", 4)));
  await writeFile(join(dir, "pool.json"), JSON.stringify(rows("rest", 300)));
});
afterAll(async () => {
  await Promise.all([labelServer.close(), probsServer.close()]);
  await rm(dir, { recursive: true, force: true });
});

/** Run the lab commands in-process; returns stdout and the exit code a CliError would give. */
const mlsa = (...args: string[]): Promise<CliRun> => runCli(registerLab, args);

describe("mlsa lab", () => {
  it("lists attacks with papers and requirements", async () => {
    const { out } = await mlsa("lab", "attacks", "--json");
    const attacks = JSON.parse(out) as Array<{
      id: string;
      paper: { url: string };
      requires: { outputs: string[] };
      runWith?: string;
    }>;
    expect(attacks.map((a) => a.id)).toContain("hop-skip-jump");
    expect(attacks.find((a) => a.id === "square")?.requires.outputs).toEqual(["probs"]);
    expect(attacks.find((a) => a.id === "square")?.runWith).toBeUndefined();
    // Poisoning attacks have their own runner; the listing says which command runs them.
    expect(attacks.find((a) => a.id === "backdoor")?.runWith).toBe("mlsa lab poison --attack backdoor");
    expect(attacks.find((a) => a.id === "label-flip")?.runWith).toBe("mlsa lab poison --attack label-flip");
    const text = await mlsa("lab", "attacks");
    expect(text.out).toContain("Chen, Michael I. Jordan, Martin J. Wainwright");
    expect(text.out).toContain("run with mlsa lab poison --attack backdoor");
  });

  it("runs HopSkipJump against an HTTP config with a data file and prints a LabRun", async () => {
    const { out, code } = await mlsa(
      "lab",
      "run",
      "hop-skip-jump",
      "--target",
      join(dir, "label.yaml"),
      "--data",
      join(dir, "test.json"),
      "--budget",
      "600",
      "--seed",
      "3",
      "--param",
      "queriesPerExample=150",
      "--json",
    );
    expect(code).toBe(0);
    const run = LabRun.parse(JSON.parse(out));
    expect(run).toMatchObject({ attack: "hop-skip-jump", seed: 3, budget: 600, state: "succeeded" });
    expect(run.queriesUsed).toBeLessThanOrEqual(600);
    expect(run.target.kind).toBe("http");
    expect(run.metrics.successRate).toBe(1);
  });

  it("exports a Knockoff surrogate as ONNX that the ONNX target loads and that matches the weights", async () => {
    const path = join(dir, "surrogate.onnx");
    const { out, code } = await mlsa(
      "lab",
      "run",
      "knockoff",
      "--target",
      join(dir, "probs.yaml"),
      "--data",
      join(dir, "pool.json"),
      "--budget",
      "300",
      "--param",
      "hidden=[16]",
      "--param",
      "epochs=3",
      "--export-surrogate",
      path,
      "--json",
    );
    expect(code).toBe(0);
    expect(JSON.parse(out).metrics.queries).toBeGreaterThan(200);
    const onnx = await createOnnxTarget({ path, output: "probs" });
    const xs = victim.splits.test.x.slice(0, 20).map((x) => Float32Array.from(x));
    const preds = await onnx.predict(xs);
    await onnx.close?.();
    // The same run through the library (same seed: same surrogate) gives the weights to compare with.
    const { artifacts } = await runAttack("knockoff", createHttpTarget(probsServer.targetConfig), {
      seed: 1,
      budget: 300,
      inputs: readData(join(dir, "pool.json")),
      params: { hidden: [16], epochs: 3 },
    });
    const net = artifacts!.surrogate!;
    preds.forEach((p, i) => {
      const expected = denseProbabilities(net, xs[i]!);
      p.scores!.forEach((v, c) => {
        expect(Math.abs(v - expected[c]!)).toBeLessThan(1e-5);
      });
    });
  });

  it("exits 2 on invalid input: unknown attack, bad parameter, unsupported target, bad budget", async () => {
    const base = ["--target", join(dir, "label.yaml"), "--data", join(dir, "test.json")];
    expect((await mlsa("lab", "run", "fgsm", ...base, "--budget", "10")).code).toBe(2);
    const bad = await mlsa("lab", "run", "hop-skip-jump", ...base, "--budget", "10", "--param", "norm=l7");
    expect(bad).toMatchObject({ code: 2 });
    expect(bad.message).toContain("params.norm");
    const unsupported = await mlsa("lab", "run", "square", ...base, "--budget", "10");
    expect(unsupported.code).toBe(2);
    expect(unsupported.message).toMatch(/needs a target that returns probs outputs/);
    expect((await mlsa("lab", "run", "square", ...base, "--budget", "-4")).code).toBe(2);
    expect((await mlsa("lab", "run", "square", "--target", "model.pkl", "--budget", "4")).code).toBe(2);
    expect(labelServer.stats().requests).toBeGreaterThan(0);
  });

  it("names the option that supplies data when an HTTP target brings none, before sending anything", async () => {
    const before = probsServer.stats().requests;
    const square = await mlsa("lab", "run", "square", "--target", join(dir, "probs.yaml"), "--budget", "500");
    expect(square.code).toBe(2);
    expect(square.message).toMatch(
      /^Square Attack needs labelled inputs to work from, and the target brings none: pass --data <file> \(JSON .* or CSV, last column = label\); for a demo victim, `mlsa demo export-data --victim NAME --out FILE` writes some$/,
    );
    const lira = await mlsa(
      "lab",
      "run",
      "membership-lira",
      "--target",
      join(dir, "probs.yaml"),
      "--budget",
      "500",
    );
    expect(lira.code).toBe(2);
    expect(lira.message).toContain("pass --records <file>");
    expect(probsServer.stats().requests).toBe(before);
  });

  it("parses parameters and data files", () => {
    expect(parseParam("epsilon=0.1")).toEqual(["epsilon", 0.1]);
    expect(parseParam("hidden=[64,32]")).toEqual(["hidden", [64, 32]]);
    expect(parseParam("norm=linf")).toEqual(["norm", "linf"]);
    expect(() => parseParam("=3")).toThrow(CliError);
    expect(readData(join(dir, "test.json"))).toHaveLength(4);
  });
});
