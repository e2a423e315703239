// The in-process executor of the embedded server: after a restart it fails the runs the previous
// process left running and resumes the queued ones; lab settings from the environment are checked.
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { freshPglite } from "../../../test/support/pglite.js";
import { Invalid } from "../../contracts/errors.js";
import { createStore } from "../../store/index.js";
import { labSettings, startInlineExecutor } from "./executor.js";

const DATA_DIR = join(tmpdir(), "mlsa-runs-test-cache");

describe("in-process executor", () => {
  it("fails runs a dead process left running and resumes queued runs", async () => {
    const store = createStore(await freshPglite());
    try {
      const { assessment, tokens } = await store.create({});
      const owner = await store.authorize(tokens.owner, assessment.id, "owner");
      const input = {
        attack: "equation-solving",
        family: "extraction" as const,
        target: { kind: "demo", victim: "tabular-logreg", output: "probs", tiny: true },
        data: null,
        params: {},
        seed: 1,
        budget: 20,
      };
      const orphan = await store.runs.create(owner, input, "inline");
      const queued = await store.runs.create(owner, input, "inline");
      await store.runs.claim(orphan.id, "inline:old-host:12345");
      const executor = await startInlineExecutor(
        store,
        labSettings({}, { dataDir: DATA_DIR, heartbeatMs: 100 }),
      );
      try {
        const lost = await store.runs.get(owner, orphan.id);
        expect(lost.state).toBe("failed");
        expect(lost.error).toMatch(/worker lost/);
        const deadline = Date.now() + 20_000;
        let state = "";
        while (Date.now() < deadline) {
          state = (await store.runs.get(owner, queued.id)).state;
          if (state !== "queued" && state !== "running") break;
          await new Promise((r) => setTimeout(r, 50));
        }
        expect(state).toBe("succeeded");
      } finally {
        await executor.close();
      }
    } finally {
      await store.close();
    }
  });
});

describe("labSettings", () => {
  it("reads defaults and checks every variable", () => {
    expect(labSettings({})).toMatchObject({ concurrency: 1, heartbeatMs: 1000, staleMs: 30_000 });
    expect(labSettings({ MLSA_LAB_CONCURRENCY: "3", MLSA_DATA_DIR: "/d" })).toMatchObject({
      concurrency: 3,
      dataDir: "/d",
    });
    expect(() => labSettings({ MLSA_LAB_CONCURRENCY: "0" })).toThrow(/MLSA_LAB_CONCURRENCY/);
    expect(() => labSettings({ MLSA_LAB_HEARTBEAT_MS: "fast" })).toThrow(Invalid);
    expect(() => labSettings({ MLSA_LAB_HEARTBEAT_MS: "1000", MLSA_LAB_STALE_MS: "2000" })).toThrow(
      /at least 3/,
    );
  });
});
