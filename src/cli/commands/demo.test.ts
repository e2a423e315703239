import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { afterAll, describe, expect, it, vi } from "vitest";
import { createHttpTarget } from "../../targets/http.js";
import { createOnnxTarget } from "../../targets/onnx.js";
import { loadVictim } from "../../targets/victims/index.js";
import { registerDemo, serveDemo } from "./demo.js";
import { readData } from "./lab.js";

const dir = await mkdtemp(join(tmpdir(), "mlsa-demo-cli-"));
afterAll(() => rm(dir, { recursive: true, force: true }));

async function run(args: string[]): Promise<string> {
  const program = new Command("mlsa").exitOverride();
  registerDemo(program);
  const chunks: string[] = [];
  const spy = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
    chunks.push(String(chunk));
    return true;
  });
  try {
    await program.parseAsync(["node", "mlsa", ...args]);
  } finally {
    spy.mockRestore();
  }
  return chunks.join("");
}

describe("mlsa demo", () => {
  it("lists the victims as JSON", async () => {
    const out = JSON.parse(await run(["demo", "list", "--json", "--data-dir", dir]));
    expect(out.victims.map((v: { name: string }) => v.name)).toEqual([
      "digits",
      "digits-overfit",
      "digits-regularized",
      "tabular-logreg",
    ]);
  });

  it("trains tabular-logreg and exports it as ONNX that the ONNX target loads", async () => {
    const trained = JSON.parse(
      await run(["demo", "train", "--victim", "tabular-logreg", "--data-dir", dir, "--json"]),
    );
    expect(trained[0]).toMatchObject({ name: "tabular-logreg", seed: 1, fromCache: false });
    expect(trained[0].testAccuracy).toBeGreaterThan(0.8);
    const path = join(dir, "iris.onnx");
    const out = await run([
      "demo",
      "export-onnx",
      "--victim",
      "tabular-logreg",
      "--out",
      path,
      "--data-dir",
      dir,
    ]);
    expect(out).toContain("wrote");
    expect((await stat(path)).size).toBeGreaterThan(50);
    const t = await createOnnxTarget({ path, output: "probs", inputBounds: { min: -4, max: 4 } });
    expect(t.info).toMatchObject({ inputShape: [4], numClasses: 3 });
    await t.close?.();
  });

  it("exports labelled inputs that `lab run --data` reads, matching the victim's split", async () => {
    const path = join(dir, "iris-test.json");
    const out = await run([
      "demo",
      "export-data",
      "--victim",
      "tabular-logreg",
      "--count",
      "5",
      "--out",
      path,
      "--data-dir",
      dir,
    ]);
    expect(out).toContain(`wrote ${path}: 5 labelled test inputs of tabular-logreg`);
    const rows = readData(path);
    const v = await loadVictim("tabular-logreg", { dataDir: dir });
    expect(rows).toHaveLength(5);
    rows.forEach((r, i) => {
      expect(r.y).toBe(v.splits.test.y[i]);
      expect(Array.from(r.x)).toEqual(Array.from(v.splits.test.x[i]!));
    });
  });

  it("serves a victim whose /info config works as an HTTP target", async () => {
    const server = await serveDemo({
      victim: "tabular-logreg",
      output: "topk",
      topK: 2,
      port: 0,
      dataDir: dir,
    });
    try {
      const info = await (await fetch(`${server.url}/info`)).json();
      const target = createHttpTarget(info.target);
      const xs = server.victim.splits.test.x.slice(0, 4);
      const got = await target.predict(xs);
      expect(got.every((p) => p.scores?.filter((s) => s > 0).length === 2)).toBe(true);
    } finally {
      await server.close();
    }
  });

  it("refuses --top-k without topk output", async () => {
    await expect(
      serveDemo({ victim: "tabular-logreg", output: "label", topK: 2, dataDir: dir }),
    ).rejects.toThrow(/--top-k only applies/);
  });
});
