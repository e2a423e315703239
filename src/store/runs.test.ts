// The lab-run store on PGlite and on PostgreSQL: claiming is exclusive, heartbeats belong to the
// claimant, the sweeper fails only stale runs, cancellation rules, verified answers written as
// revisions (never into a finished questionnaire), and verification records in import / export.
import { afterAll, describe, expect, it } from "vitest";
import { freshPglite } from "../../test/support/pglite.js";
import { migratedPostgres } from "../../test/support/postgres.js";
import { CATALOG } from "../catalog/index.js";
import { ANSWER_FORMAT } from "../contracts/answers.js";
import { Conflict } from "../contracts/errors.js";
import { ATTACKS_EVALUATED, verifiedAnswers } from "../lab/verifies.js";
import type { Db } from "./db.js";
import { createStore, type NewRun, type Principal, type RunResult, type Store } from "./index.js";
import { openPostgres } from "./postgres.js";

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of cleanups) await c();
});

const FACTORIES: Array<[string, () => Promise<Db>]> = [
  ["PGlite", () => freshPglite()],
  [
    "PostgreSQL",
    async () => {
      const { db, cleanup } = await migratedPostgres();
      cleanups.push(cleanup);
      return db;
    },
  ],
];

const NEW_RUN: NewRun = {
  attack: "equation-solving",
  family: "extraction",
  target: { kind: "demo", victim: "tabular-logreg", output: "probs", tiny: true },
  data: null,
  params: { referenceClass: 0 },
  seed: 1,
  budget: 20,
};

const SUCCESS: RunResult = {
  state: "succeeded",
  queriesUsed: 5,
  wallTimeMs: 12,
  metrics: { maxParameterError: 1e-9 },
  summary: "recovered the parameters",
  examples: [],
};

const verifyFor = (runId: string) => (current: Parameters<typeof verifiedAnswers>[1]) =>
  verifiedAnswers(
    {
      id: runId,
      attack: "equation-solving",
      family: "extraction",
      summary: "ok",
      finishedAt: "2026-01-01T00:00:00Z",
    },
    current,
  );

describe.each(FACTORIES)("lab runs on %s", (_name, factory) => {
  let store: Store;
  const setup = async (): Promise<{ store: Store; owner: Principal; tokens: Record<string, string> }> => {
    if (!store) {
      const db = await factory();
      store = createStore(db);
      if (db.kind === "pglite") cleanups.push(() => db.close());
    }
    const { assessment, tokens } = await store.create({ domain: "finance" });
    return { store, owner: await store.authorize(tokens.owner, assessment.id, "owner"), tokens };
  };

  it("lets exactly one worker claim a run, and only the claimant renew or finish it", async () => {
    const { store, owner } = await setup();
    const run = await store.runs.create(owner, NEW_RUN, "inline");
    const claims = await Promise.all([store.runs.claim(run.id, "w1"), store.runs.claim(run.id, "w2")]);
    expect(claims.filter((c) => c !== null)).toHaveLength(1);
    const holder = claims[0] ? "w1" : "w2";
    const other = holder === "w1" ? "w2" : "w1";
    expect(await store.runs.tick(run.id, other, { progress: 0.5, message: "x", queriesUsed: 1 })).toEqual({
      alive: false,
      cancel: false,
    });
    expect(await store.runs.tick(run.id, holder, { progress: 0.5, message: "half", queriesUsed: 3 })).toEqual(
      {
        alive: true,
        cancel: false,
      },
    );
    expect((await store.runs.get(owner, run.id)).progress).toBe(0.5);
    expect(await store.runs.finish(run.id, other, SUCCESS)).toBe(false);
    expect(await store.runs.finish(run.id, holder, SUCCESS, verifyFor(run.id))).toBe(true);
    const done = await store.runs.get(owner, run.id);
    expect(done).toMatchObject({
      state: "succeeded",
      progress: 1,
      queriesUsed: 5,
      verified: [ATTACKS_EVALUATED],
    });
    expect(done.finishedAt).not.toBeNull();
    expect(await store.runs.claim(run.id, "w3")).toBeNull();
  });

  it("cancels queued runs at once, flags running ones, refuses finished ones", async () => {
    const { store, owner } = await setup();
    const queued = await store.runs.create(owner, NEW_RUN, "inline");
    expect((await store.runs.cancel(owner, queued.id)).state).toBe("cancelled");
    expect(await store.runs.claim(queued.id, "w")).toBeNull();
    const running = await store.runs.create(owner, NEW_RUN, "inline");
    await store.runs.claim(running.id, "w");
    const flagged = await store.runs.cancel(owner, running.id);
    expect(flagged).toMatchObject({ state: "running", cancelRequested: true });
    expect(
      (await store.runs.tick(running.id, "w", { progress: 0, message: "", queriesUsed: 0 })).cancel,
    ).toBe(true);
    await store.runs.finish(running.id, "w", { ...SUCCESS, state: "cancelled" });
    expect((await store.runs.cancel(owner, running.id)).state).toBe("cancelled");
    const done = await store.runs.create(owner, NEW_RUN, "inline");
    await store.runs.claim(done.id, "w");
    await store.runs.finish(done.id, "w", SUCCESS);
    await expect(store.runs.cancel(owner, done.id)).rejects.toBeInstanceOf(Conflict);
  });

  it("fails only runs whose heartbeat is stale, and a swept run cannot be finished", async () => {
    const { store, owner } = await setup();
    const stale = await store.runs.create(owner, NEW_RUN, "inline");
    const fresh = await store.runs.create(owner, NEW_RUN, "inline");
    await store.runs.claim(stale.id, "gone@host:1");
    await store.runs.claim(fresh.id, "alive@host:2");
    await store.db.query("UPDATE lab_run SET heartbeat_at = now() - interval '1 minute' WHERE id = $1", [
      stale.id,
    ]);
    const swept = await store.runs.sweep(30_000);
    expect(swept).toEqual([{ id: stale.id, worker: "gone@host:1" }]);
    const lost = await store.runs.get(owner, stale.id);
    expect(lost.state).toBe("failed");
    expect(lost.error).toMatch(/worker lost/);
    expect((await store.runs.get(owner, fresh.id)).state).toBe("running");
    expect(await store.runs.finish(stale.id, "gone@host:1", SUCCESS, verifyFor(stale.id))).toBe(false);
    expect((await store.runs.verified(owner))[ATTACKS_EVALUATED]).toBeUndefined();
  });

  it("adds to the respondent's answer as a new revision, and leaves finished questionnaires alone", async () => {
    const { store, owner, tokens } = await setup();
    const security = await store.authorize(tokens.security as string, owner.assessmentId, "security");
    await store.save(security, ATTACKS_EVALUATED, ["membership"], 0);
    const run = await store.runs.create(owner, NEW_RUN, "inline");
    await store.runs.claim(run.id, "w");
    await store.runs.finish(run.id, "w", SUCCESS, verifyFor(run.id));
    const [answer] = (await store.answers(owner, "security")).filter(
      (a) => a.questionId === ATTACKS_EVALUATED,
    );
    expect(answer).toEqual({
      questionId: ATTACKS_EVALUATED,
      value: ["membership", "extraction"],
      revision: 2,
    });

    await store.finish(owner, "security", true);
    const second = await store.runs.create(
      owner,
      { ...NEW_RUN, attack: "hop-skip-jump", family: "evasion" },
      "inline",
    );
    await store.runs.claim(second.id, "w");
    await store.runs.finish(second.id, "w", SUCCESS, (current) =>
      verifiedAnswers(
        {
          id: second.id,
          attack: "hop-skip-jump",
          family: "evasion",
          summary: "ok",
          finishedAt: "2026-01-02T00:00:00Z",
        },
        current,
      ),
    );
    const after = await store.runs.get(owner, second.id);
    expect(after.state).toBe("succeeded");
    expect(after.verified).toEqual([]);
    expect(after.verifyNote).toMatch(/finished security questionnaire/);
    const [unchanged] = (await store.answers(owner, "security")).filter(
      (a) => a.questionId === ATTACKS_EVALUATED,
    );
    expect(unchanged?.revision).toBe(2);
    expect((await store.runs.verified(owner))[ATTACKS_EVALUATED]?.run).toBe(run.id);
  });

  it("exports verification records and replaces them on import; erased with the assessment", async () => {
    const { store, owner } = await setup();
    const file = {
      format: ANSWER_FORMAT,
      catalog: CATALOG.version,
      answers: { [ATTACKS_EVALUATED]: ["evasion"] },
      verified: {
        [ATTACKS_EVALUATED]: {
          run: "cli-run-1",
          attack: "square",
          at: "2026-01-01T00:00:00Z",
          summary: "97 % success",
        },
      },
    };
    await store.import(owner, file);
    expect((await store.export(owner)).verified).toEqual(file.verified);
    expect((await store.result(owner)).verified).toEqual([
      { question: ATTACKS_EVALUATED, attack: "square", summary: "97 % success" },
    ]);
    await store.import(owner, { ...file, verified: undefined });
    expect((await store.export(owner)).verified).toBeUndefined();
    await store.runs.create(owner, NEW_RUN, "inline");
    await store.import(owner, file);
    await store.delete(owner);
    const left = await store.db.query(
      "SELECT (SELECT count(*) FROM lab_run WHERE assessment_id = $1) + (SELECT count(*) FROM answer_verification WHERE assessment_id = $1) AS n",
      [owner.assessmentId],
    );
    expect(left[0]?.n).toBe(0);
  });
});

describe("verified answers racing a respondent on PostgreSQL", () => {
  it("recomputes from the respondent's write that lands mid-way, keeping both", async () => {
    const { db, url, cleanup } = await migratedPostgres();
    cleanups.push(cleanup);
    const store = createStore(db);
    const { assessment, tokens } = await store.create({ domain: "finance" });
    const owner = await store.authorize(tokens.owner, assessment.id, "owner");
    await store.save(owner, ATTACKS_EVALUATED, ["membership"], 0);
    const run = await store.runs.create(owner, NEW_RUN, "inline");
    await store.runs.claim(run.id, "w");
    // A respondent's write is in flight (row locked, not committed) while the run finishes.
    const respondent = openPostgres(url, { max: 1 });
    let release: () => void = () => {};
    const held = new Promise<void>((r) => {
      release = r;
    });
    const write = respondent.transaction(async (tx) => {
      await tx.query(
        "UPDATE answer SET value = $3::jsonb, revision = revision + 1 WHERE assessment_id = $1 AND question_id = $2",
        [assessment.id, ATTACKS_EVALUATED, JSON.stringify(["membership", "poisoning"])],
      );
      await held;
    });
    await new Promise((r) => setTimeout(r, 100));
    let calls = 0;
    const finishing = store.runs.finish(run.id, "w", SUCCESS, (current) => {
      calls++;
      return verifyFor(run.id)(current);
    });
    await new Promise((r) => setTimeout(r, 300)); // finish is now waiting on the respondent's row lock
    release();
    await write;
    expect(await finishing).toBe(true);
    await respondent.close();
    expect(calls).toBe(2);
    const [answer] = (await store.answers(owner, "security")).filter(
      (a) => a.questionId === ATTACKS_EVALUATED,
    );
    expect(answer).toEqual({
      questionId: ATTACKS_EVALUATED,
      value: ["membership", "poisoning", "extraction"],
      revision: 3,
    });
  });
});
