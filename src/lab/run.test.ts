import { describe, expect, it } from "vitest";
import { Invalid, NotFound, Unsupported } from "../contracts/errors.js";
import { LabRun } from "../contracts/lab.js";
import { getAttack, listAttacks } from "./registry.js";
import { runAttack } from "./run.js";
import { linearVictim, mlpVictim, randomLinear, toyInputs } from "./toy-victims.js";

describe("registry", () => {
  it("lists the evasion and extraction attacks with their papers, requirements and defaults", () => {
    const ids = listAttacks().map((a) => a.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        "hop-skip-jump",
        "square",
        "equation-solving",
        "knockoff",
        "jacobian-augmentation",
      ]),
    );
    expect(new Set(ids).size).toBe(ids.length);
    for (const a of listAttacks().filter((x) => x.family === "evasion" || x.family === "extraction")) {
      expect(a.paper.url).toMatch(/^https:\/\//);
      expect(a.paper.year).toBeGreaterThan(2010);
      expect(a.requires.outputs.length).toBeGreaterThan(0);
      expect(a.params.safeParse({}).success).toBe(true);
      expect(a.description.length).toBeGreaterThan(40);
    }
    expect(() => getAttack("fgsm")).toThrow(NotFound);
  });
});

describe("runAttack", () => {
  const mlp = () =>
    mlpVictim(1, 64, 16, 3, { inputShape: [8, 8, 1], output: "label", description: "label-only toy API" });

  it("refuses an attack whose requirements the target cannot meet, before sending anything", async () => {
    const victim = mlp();
    const run = runAttack("square", victim, { seed: 1, budget: 100, inputs: toyInputs(victim, 2, 1) });
    await expect(run).rejects.toThrow(Unsupported);
    await expect(run).rejects.toThrow(
      "Square Attack needs a target that returns probs outputs, but label-only toy API returns labels only",
    );
    const topk = linearVictim(randomLinear(1, 4, 3), { output: "topk", topK: 2 });
    await expect(runAttack("equation-solving", topk, { seed: 1, budget: 100 })).rejects.toThrow(
      /needs a target that returns probs/,
    );
    expect(victim.calls + topk.calls).toBe(0);
  });

  it("validates parameters, seed, budget and input sizes with Invalid", async () => {
    const victim = mlp();
    const inputs = toyInputs(victim, 2, 1);
    const bad = runAttack("hop-skip-jump", victim, { seed: 1, budget: 100, inputs, params: { norm: "l3" } });
    await expect(bad).rejects.toThrow(Invalid);
    await expect(bad).rejects.toThrow(/params\.norm/);
    await expect(
      runAttack("hop-skip-jump", victim, { seed: 1, budget: 100, inputs, params: { colour: 1 } }),
    ).rejects.toThrow(Invalid);
    await expect(runAttack("hop-skip-jump", victim, { seed: 1.5, budget: 100, inputs })).rejects.toThrow(
      /seed/,
    );
    await expect(runAttack("hop-skip-jump", victim, { seed: 1, budget: 0, inputs })).rejects.toThrow(
      /budget/,
    );
    await expect(runAttack("hop-skip-jump", victim, { seed: 1, budget: 10 })).rejects.toThrow(
      /needs labelled inputs/,
    );
    await expect(
      runAttack("hop-skip-jump", victim, { seed: 1, budget: 10, inputs: [{ x: new Float32Array(3), y: 0 }] }),
    ).rejects.toThrow(/expects 64/);
    expect(victim.calls).toBe(0);
  });

  it("returns a LabRun that matches the contract, with the target description only", async () => {
    const victim = mlp();
    const leaky = { ...victim, info: { ...victim.info, authorization: "Bearer s3cret" } };
    const progress: number[] = [];
    const { run, stats } = await runAttack("hop-skip-jump", leaky, {
      seed: 3,
      budget: 300,
      inputs: toyInputs(victim, 2, 4),
      onProgress: (f) => progress.push(f),
    });
    expect(LabRun.parse(run)).toEqual(run);
    expect(JSON.stringify(run)).not.toContain("s3cret");
    expect(run).toMatchObject({
      attack: "hop-skip-jump",
      family: "evasion",
      seed: 3,
      budget: 300,
      state: "succeeded",
    });
    expect(run.params).toMatchObject({ norm: "l2", initialEvals: 100 });
    expect(run.queriesUsed).toBe(stats.queriesUsed);
    expect(run.wallTimeMs).toBeGreaterThan(0);
    expect(run.examples[0]?.images?.adversarial).toMatch(/^data:image\/png;base64,/);
    expect(progress.at(-1)).toBe(1);
    expect(progress.every((f, i) => i === 0 || f >= progress[i - 1]!)).toBe(true);
  });

  it("records a failing target as a failed run with its error", async () => {
    const victim = mlp();
    const broken = { ...victim, predict: async () => Promise.reject(new Error("model server exploded")) };
    const { run, failure } = await runAttack("hop-skip-jump", broken, {
      seed: 1,
      budget: 50,
      inputs: toyInputs(victim, 1, 1),
      guard: { retries: 0 },
    });
    expect(run.state).toBe("failed");
    expect(run.error).toBe("model server exploded");
    expect(failure).toBeInstanceOf(Error);
  });
});
