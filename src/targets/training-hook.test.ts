// The training-hook contract end to end: a real child process (a small Node script training a
// softmax regression in plain JS and writing ONNX) trains every poisoned copy; failures are clear.
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Invalid } from "../contracts/errors.js";
import { blobs } from "../lab/poisoning/fixtures.js";
import { runPoisoning } from "../lab/poisoning/run.js";
import { createHookTrainer, splitCommand } from "./training-hook.js";

const dir = await mkdtemp(join(tmpdir(), "mlsa-hook-test-"));
const repo = resolve(import.meta.dirname, "../..");
const exporter = resolve(import.meta.dirname, "onnx-export.ts");
afterAll(() => rm(dir, { recursive: true, force: true }));

// The hook: read CSV or JSON as the contract says, fit softmax regression by gradient descent,
// write ONNX with mlsa's exporter. A third argument "wrong" writes one class too many.
const trainScript = join(dir, "train.mts");
await writeFile(
  trainScript,
  `import { readFileSync } from "node:fs";
import { exportDenseOnnx } from ${JSON.stringify(exporter)};
const [dataPath, outPath, mode] = process.argv.slice(2);
let x, y;
if (process.env.MLSA_FORMAT === "json") {
  const j = JSON.parse(readFileSync(dataPath, "utf8"));
  x = j.x; y = j.y;
} else {
  const lines = readFileSync(dataPath, "utf8").trim().split("\\n").slice(1);
  const rows = lines.map((l) => l.split(",").map(Number));
  x = rows.map((r) => r.slice(0, -1)); y = rows.map((r) => r[r.length - 1]);
}
const k = Number(process.env.MLSA_NUM_CLASSES) + (mode === "wrong" ? 1 : 0);
const d = x[0].length, n = x.length;
const w = new Array(d * k).fill(0), b = new Array(k).fill(0);
for (let step = 0; step < 300; step++) {
  const gw = new Array(d * k).fill(0), gb = new Array(k).fill(0);
  for (let i = 0; i < n; i++) {
    const z = b.map((bc, c) => x[i].reduce((s, v, j) => s + v * w[j * k + c], bc));
    const m = Math.max(...z), e = z.map((v) => Math.exp(v - m)), s = e.reduce((a, v) => a + v, 0);
    for (let c = 0; c < k; c++) {
      const g = e[c] / s - (y[i] === c ? 1 : 0);
      gb[c] += g / n;
      for (let j = 0; j < d; j++) gw[j * k + c] += (g * x[i][j]) / n;
    }
  }
  for (let t = 0; t < w.length; t++) w[t] -= 0.2 * gw[t];
  for (let c = 0; c < k; c++) b[c] -= 0.2 * gb[c];
}
console.log("trained on " + n + " examples, seed " + process.env.MLSA_SEED);
await exportDenseOnnx({ layers: [{ inputs: d, outputs: k, weights: w, bias: b, activation: "softmax" }] }, outPath);
`,
);
const node = process.execPath;
const hookCommand = (extra = "") => `"${node}" --import tsx "${trainScript}" {data} {out} ${extra}`.trim();
const script = async (name: string, body: string) => {
  const path = join(dir, name);
  await writeFile(path, body);
  return `"${node}" "${path}" {data} {out}`;
};

const data = blobs(240, 3, 3, 11);

describe("splitCommand", () => {
  it("splits like a shell for plain words and quotes", () => {
    expect(splitCommand(`python  train.py {data} {out}`)).toEqual(["python", "train.py", "{data}", "{out}"]);
    expect(splitCommand(`"my tool" --name 'a b' x\\ y "say \\"hi\\""`)).toEqual([
      "my tool",
      "--name",
      "a b",
      "x y",
      'say "hi"',
    ]);
    expect(splitCommand(`run ''`)).toEqual(["run", ""]);
    expect(() => splitCommand(`run "open`)).toThrow(Invalid);
    expect(() => splitCommand("   ")).toThrow(Invalid);
  });
});

describe("training hook", () => {
  it("trains each poisoned copy with the user's command and evaluates the ONNX model it writes", async () => {
    const trainer = createHookTrainer({ command: hookCommand(), cwd: repo });
    const lines: string[] = [];
    const { run, sweep } = await runPoisoning("label-flip", {
      train: data,
      params: { mode: "targeted", sourceClass: 0, targetClass: 2 },
      rates: [0.02, 0.3],
      trainer,
      seed: 5,
      onProgress: (_, m) => lines.push(m),
    });
    expect(run.error).toBeUndefined();
    expect(run.state).toBe("succeeded");
    expect(run.target.kind).toBe("onnx");
    expect(run.params.trainer).toMatchObject({ kind: "hook", format: "csv" });
    expect(run.metrics.baselineAccuracy).toBeGreaterThan(0.9);
    // 30 % of the training set is more than all of class 0: every source example is flipped.
    expect(sweep?.points[1]?.attackSuccessRate).toBeGreaterThan(0.8);
    expect(run.metrics.attackSuccessRateAt30pct).toBeGreaterThan(run.metrics.attackSuccessRateAt2pct! + 0.5);
    expect(lines.some((l) => l.includes("running the training hook"))).toBe(true);
  });

  it("hands the hook the poisoned labels as JSON when asked", async () => {
    const trainer = createHookTrainer({ command: hookCommand(), cwd: repo, format: "json" });
    const poisoned = { ...data, y: data.y.map((c) => (c === 1 ? 2 : c)) };
    const model = await trainer.train(poisoned, { seed: 1, signal: new AbortController().signal });
    try {
      const labels = await model.predictLabels(data.x.filter((_, i) => data.y[i] === 1));
      expect(labels.filter((l) => l === 2).length / labels.length).toBeGreaterThan(0.9);
    } finally {
      await model.dispose();
    }
  });

  it("writes the data file the contract describes", async () => {
    const saved = join(dir, "seen");
    const trainer = createHookTrainer({
      command: await script(
        "copy.mjs",
        `import { copyFileSync } from "node:fs";
copyFileSync(process.env.MLSA_DATA, ${JSON.stringify(saved)});
process.exit(0);`,
      ),
    });
    await expect(trainer.train(data, { seed: 1, signal: new AbortController().signal })).rejects.toThrow(
      /wrote no model/,
    );
    const csv = (await readFile(saved, "utf8")).trim().split("\n");
    expect(csv[0]).toBe("f0,f1,f2,label");
    expect(csv).toHaveLength(241);
    expect(csv[1]?.split(",")).toHaveLength(4);
  });

  it("reports a failing command with its exit code and last output", async () => {
    const trainer = createHookTrainer({
      command: await script("fail.mjs", `console.error("Traceback: boom in train.py"); process.exit(3);`),
    });
    const { run } = await runPoisoning("label-flip", { train: data, rates: [0.1], trainer, seed: 1 });
    expect(run.state).toBe("failed");
    expect(run.error).toMatch(/exit code 3/);
    expect(run.error).toMatch(/boom in train\.py/);
  });

  it("refuses a model that does not fit the data", async () => {
    const trainer = createHookTrainer({ command: hookCommand("wrong"), cwd: repo });
    await expect(trainer.train(data, { seed: 1, signal: new AbortController().signal })).rejects.toThrow(
      /does not fit the data/,
    );
  });

  it("stops a hook that runs too long, and one whose run is aborted", async () => {
    const pidFile = join(dir, "pid");
    const sleeper = await script(
      "sleep.mjs",
      `import { writeFileSync } from "node:fs";
writeFileSync(${JSON.stringify(pidFile)}, String(process.pid));
setTimeout(() => {}, 60_000);`,
    );
    const slow = createHookTrainer({ command: sleeper, timeoutMs: 700 });
    await expect(slow.train(data, { seed: 1, signal: new AbortController().signal })).rejects.toThrow(
      /timed out/,
    );

    await rm(pidFile, { force: true });
    const controller = new AbortController();
    const t0 = performance.now();
    const pending = runPoisoning("backdoor", {
      train: data,
      rates: [0.1],
      trainer: createHookTrainer({ command: sleeper }),
      seed: 1,
      signal: controller.signal,
    });
    while (!existsSync(pidFile)) await new Promise((r) => setTimeout(r, 20));
    controller.abort(new Error("stop"));
    const { run } = await pending;
    expect(run.state).toBe("cancelled");
    expect(performance.now() - t0).toBeLessThan(8000);
    const pid = Number(await readFile(pidFile, "utf8"));
    expect(() => process.kill(pid, 0)).toThrow();
  });

  it("says when the command does not exist", async () => {
    const trainer = createHookTrainer({ command: "mlsa-no-such-trainer {data} {out}" });
    await expect(trainer.train(data, { seed: 1, signal: new AbortController().signal })).rejects.toThrow(
      /not found/,
    );
  });
});
