// `mlsa lab poison` in-process: a small real sweep as JSON and as a table, flags mapped to attack
// parameters, and clear exit-2 errors for bad data and bad options.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { LabRun } from "../../contracts/lab.js";
import { blobs } from "../../lab/poisoning/fixtures.js";
import { writeDatasetCsv } from "../../targets/datasets-io.js";
import { type CliRun, runCli } from "./cli-harness.js";
import { registerPoison } from "./lab-poison.js";

const dir = await mkdtemp(join(tmpdir(), "mlsa-poison-cli-"));
afterAll(() => rm(dir, { recursive: true, force: true }));
const tableCsv = join(dir, "table.csv");
await writeDatasetCsv({ ...blobs(300, 4, 3, 3), classNames: undefined }, tableCsv);

/** Run `mlsa lab poison …args` in-process. */
const mlsa = (...args: string[]): Promise<CliRun> =>
  runCli((program) => registerPoison(program.command("lab")), ["lab", "poison", ...args]);

describe("mlsa lab poison", () => {
  it("runs a backdoor sweep on demo digits and prints the run record as JSON", async () => {
    const r = await mlsa(
      "--data",
      "demo:digits",
      "--attack",
      "backdoor",
      "--limit",
      "800",
      "--rates",
      "1,20",
      "--epochs",
      "2",
      "--hidden",
      "16",
      "--target-class",
      "7",
      "--json",
    );
    expect(r.message).toBeUndefined();
    const run = LabRun.parse(JSON.parse(r.out));
    expect(run.attack).toBe("backdoor");
    expect(run.params).toMatchObject({ targetClass: 7, trigger: "patch", rates: [0.01, 0.2], testSize: 160 });
    expect(run.metrics.attackSuccessRateAt20pct).toBeGreaterThan(run.metrics.attackSuccessRateAt1pct!);
    expect(run.target.description).toContain("800-example sample");
  });

  it("prints a table for targeted label flipping on a CSV file", async () => {
    const out = join(dir, "run.json");
    const r = await mlsa(
      "--data",
      tableCsv,
      "--attack",
      "label-flip",
      "--source-class",
      "0",
      "--target-class",
      "1",
      "--rates",
      "5,30",
      "--epochs",
      "10",
      "--hidden",
      "8",
      "--learning-rate",
      "0.01",
      "--out",
      out,
    );
    expect(r.message).toBeUndefined();
    expect(r.out).toMatch(/poison rate\s+poisoned\s+clean accuracy/);
    expect(r.out).toMatch(/^30%\s+72\s/m);
    expect(r.err).toMatch(/baseline clean accuracy/);
    const saved = LabRun.parse(JSON.parse(await readFile(out, "utf8")));
    expect(saved.params).toMatchObject({ mode: "targeted", sourceClass: 0, targetClass: 1 });
  });

  it("exits 2 with a clear message for bad data and bad options", async () => {
    const bad = join(dir, "bad.csv");
    await writeFile(bad, "a,b,label\n1,2,x\n1,zz,y\n");
    const cases: Array<[string[], RegExp]> = [
      [["--data", bad, "--attack", "label-flip"], /line 3: "zz" in b is not a finite number/],
      [["--data", join(dir, "nope.csv"), "--attack", "backdoor"], /no such file/],
      [
        ["--data", tableCsv, "--attack", "backdoor", "--target-class", "9"],
        /"9" is not a class of the data \(classes: 0, 1, 2\)/,
      ],
      [["--data", tableCsv, "--attack", "backdoor", "--mode", "random"], /--mode applies to label-flip only/],
      [
        ["--data", tableCsv, "--attack", "label-flip", "--trigger", "patch"],
        /--trigger applies to backdoor only/,
      ],
      [["--data", tableCsv, "--attack", "backdoor", "--trigger", "patch"], /patch trigger needs image data/],
      [["--data", tableCsv, "--attack", "backdoor", "--pattern", "x0"], /feature=value pairs/],
      [
        ["--data", tableCsv, "--attack", "label-flip", "--mode", "targeted"],
        /needs sourceClass and targetClass/,
      ],
      [["--data", tableCsv, "--attack", "label-flip", "--rates", "0,5"], /--rates must be percentages/],
      [
        ["--data", tableCsv, "--attack", "label-flip", "--hook", "python t.py", "--epochs", "3"],
        /drop them with --hook/,
      ],
    ];
    for (const [args, message] of cases) {
      const r = await mlsa(...args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.message, args.join(" ")).toMatch(message);
    }
  });
});
