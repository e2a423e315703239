// The shared store test suite: the same tests run on PGlite and on a real PostgreSQL 15, like
// hono's one-suite-many-adapters. Call storeSuite(name, factory) from a test file per database.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CATALOG, questionsOf } from "../../src/catalog/index.js";
import { ANSWER_FORMAT, type AnswerValue } from "../../src/contracts/answers.js";
import { Conflict, Invalid, NotFound } from "../../src/contracts/errors.js";
import { score } from "../../src/scoring/index.js";
import type { Db } from "../../src/store/db.js";
import { createStore, StaleAnswer, type Store } from "../../src/store/index.js";
import { loadMigrations, migrate } from "../../src/store/migrate.js";
import { rng, sampleAnswers } from "../../src/store/seed.js";

/** Makes a fresh, migrated, empty database; `cleanup` closes (and drops) it. */
export type DbFactory = () => Promise<{ db: Db; cleanup: () => Promise<void> }>;

const pickOption = (id: string, i = 0): AnswerValue => {
  const q = questionsOf(CATALOG, id.split(".")[0] as "risk").find((x) => x.id === id);
  if (!q) throw new Error(`no question ${id}`);
  const option = q.options[i % q.options.length]?.id as string;
  return q.type === "multiple" ? [option] : option;
};

/** The running totals must equal what the raw pool rows say. */
async function expectTotalsMatchRows(store: Store): Promise<void> {
  const fromRows = await store.db.query(
    `SELECT catalog_version, question_id, answer, domain, month, count(*) AS n FROM pool_answer
      GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`,
  );
  const fromTotals = await store.db.query(
    "SELECT catalog_version, question_id, answer, domain, month, systems AS n FROM pool_count ORDER BY 1, 2, 3, 4, 5",
  );
  expect(fromTotals).toEqual(fromRows);
  const perQuestion = await store.db.query(
    `SELECT catalog_version, question_id, domain, month, count(DISTINCT system) AS n FROM pool_answer
      GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
  );
  const questionTotals = await store.db.query(
    "SELECT catalog_version, question_id, domain, month, systems AS n FROM pool_question ORDER BY 1, 2, 3, 4",
  );
  expect(questionTotals).toEqual(perQuestion);
  const perQuestionnaire = await store.db.query(
    `SELECT catalog_version, domain, month, q AS questionnaire, count(*) AS n
       FROM pool_system CROSS JOIN LATERAL unnest(questionnaires) AS q GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
  );
  const questionnaireTotals = await store.db.query(
    "SELECT catalog_version, domain, month, questionnaire, systems AS n FROM pool_questionnaire ORDER BY 1, 2, 3, 4",
  );
  expect(questionnaireTotals).toEqual(perQuestionnaire);
}

export function storeSuite(name: string, factory: DbFactory): void {
  describe(`store on ${name}`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    const cleanups: Array<() => Promise<void>> = [];
    const freshStore = async (now?: () => Date) => {
      const made = await factory();
      cleanups.push(made.cleanup);
      return createStore(made.db, { now });
    };

    beforeAll(async () => {
      const made = await factory();
      store = createStore(made.db);
      cleanup = made.cleanup;
    });
    afterAll(async () => {
      await cleanup?.();
      for (const c of cleanups) await c();
    });

    async function newAssessment(domain = "finance") {
      const { assessment, tokens } = await store.create({ name: "Fraud scoring", domain });
      const owner = await store.authorize(tokens.owner, assessment.id, "owner");
      return { assessment, tokens, owner };
    }

    it("applies migrations once and again as a no-op", async () => {
      expect(await migrate(store.db)).toEqual([]);
      const tables = await store.db.query<{ name: string }>("SELECT name FROM mlsa_migration ORDER BY name");
      expect(tables.map((t) => t.name)).toEqual(loadMigrations().map((m) => m.name));
    });

    it("creates an assessment pinned to the current catalog with four distinct 256-bit tokens", async () => {
      const { assessment, tokens } = await newAssessment();
      expect(assessment.catalogVersion).toBe(CATALOG.version);
      expect(assessment.createdOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      const values = Object.values(tokens);
      expect(new Set(values).size).toBe(4);
      for (const t of values) expect(Buffer.from(t, "base64url")).toHaveLength(32);
    });

    it("stores tokens only as hashes", async () => {
      const { tokens } = await newAssessment();
      const rows = await store.db.query<{ token_hash: Uint8Array }>("SELECT token_hash FROM access_token");
      const stored = rows.map((r) => Buffer.from(r.token_hash).toString("hex"));
      for (const token of Object.values(tokens)) {
        expect(stored.some((s) => s.includes(Buffer.from(token).toString("hex")))).toBe(false);
        expect(stored.some((s) => s.includes(Buffer.from(token, "base64url").toString("hex")))).toBe(false);
      }
      expect(rows.every((r) => r.token_hash.length === 32)).toBe(true);
    });

    it("authorizes a respondent for exactly one questionnaire of one assessment", async () => {
      const a = await newAssessment();
      const b = await newAssessment();
      const p = await store.authorize(a.tokens.surface, a.assessment.id, "surface");
      expect(p.role).toBe("surface");
      await expect(store.authorize(a.tokens.surface, a.assessment.id, "risk")).rejects.toBeInstanceOf(
        NotFound,
      );
      await expect(store.authorize(a.tokens.surface, a.assessment.id, "owner")).rejects.toBeInstanceOf(
        NotFound,
      );
      await expect(store.authorize(a.tokens.surface, b.assessment.id, "surface")).rejects.toBeInstanceOf(
        NotFound,
      );
      await expect(store.authorize(b.tokens.owner, a.assessment.id, "any")).rejects.toBeInstanceOf(NotFound);
      await expect(store.authorize("x".repeat(43), a.assessment.id, "any")).rejects.toBeInstanceOf(NotFound);
      await expect(store.authorize("short", a.assessment.id, "any")).rejects.toBeInstanceOf(NotFound);
    });

    it("rotates and revokes tokens; the owner token can only be rotated", async () => {
      const { assessment, tokens, owner } = await newAssessment();
      const fresh = await store.rotate(owner, "risk");
      await expect(store.identify(tokens.risk)).rejects.toBeInstanceOf(NotFound);
      expect((await store.identify(fresh)).role).toBe("risk");
      await store.revoke(owner, "risk");
      await expect(store.identify(fresh)).rejects.toBeInstanceOf(NotFound);
      expect((await store.tokens(owner)).find((t) => t.role === "risk")?.active).toBe(false);
      const again = await store.rotate(owner, "risk");
      expect((await store.authorize(again, assessment.id, "risk")).role).toBe("risk");
      await expect(store.revoke(owner, "owner")).rejects.toBeInstanceOf(Invalid);
      const newOwner = await store.rotate(owner, "owner");
      await expect(store.identify(tokens.owner)).rejects.toBeInstanceOf(NotFound);
      expect((await store.identify(newOwner)).role).toBe("owner");
    });

    it("autosaves with revisions: idempotent repeats, stale writes rejected with the current value", async () => {
      const { owner } = await newAssessment();
      const id = "surface.inference.output_granularity";
      const v1 = pickOption(id, 0);
      const v2 = pickOption(id, 1);
      expect(await store.save(owner, id, v1, 0)).toEqual({ questionId: id, value: v1, revision: 1 });
      expect(await store.save(owner, id, v1, 0)).toEqual({ questionId: id, value: v1, revision: 1 });
      const stale = await store.save(owner, id, v2, 0).catch((e: unknown) => e);
      expect(stale).toBeInstanceOf(StaleAnswer);
      expect((stale as StaleAnswer).current).toEqual({ questionId: id, value: v1, revision: 1 });
      expect(await store.save(owner, id, v2, 1)).toEqual({ questionId: id, value: v2, revision: 2 });
      expect(await store.save(owner, id, null, 2)).toEqual({ questionId: id, value: null, revision: 3 });
      expect(await store.save(owner, id, v1, 3)).toEqual({ questionId: id, value: v1, revision: 4 });
    });

    it("lets exactly one of many concurrent writes on the same base win", async () => {
      const { owner } = await newAssessment();
      const id = "surface.inference.output_granularity";
      const q = questionsOf(CATALOG, "surface").find((x) => x.id === id);
      const values = (q?.options ?? []).map((o) => o.id);
      const results = await Promise.allSettled(values.map((v) => store.save(owner, id, v, 0)));
      const ok = results.filter((r) => r.status === "fulfilled");
      expect(ok).toHaveLength(1);
      expect(
        results.filter((r) => r.status === "rejected").every((r) => r.reason instanceof StaleAnswer),
      ).toBe(true);
      const [stored] = await store.answers(owner, "surface");
      expect(stored?.revision).toBe(1);
    });

    it("rejects unknown questions, options not allowed and other questionnaires, writing nothing", async () => {
      const { assessment, tokens, owner } = await newAssessment();
      await expect(store.save(owner, "surface.nowhere.nothing", "yes", 0)).rejects.toBeInstanceOf(Invalid);
      await expect(
        store.save(owner, "surface.inference.output_granularity", "not_an_option", 0),
      ).rejects.toThrow(/not allowed/);
      const risk = await store.authorize(tokens.risk, assessment.id, "risk");
      await expect(
        store.save(
          risk,
          "surface.inference.output_granularity",
          pickOption("surface.inference.output_granularity"),
          0,
        ),
      ).rejects.toBeInstanceOf(NotFound);
      expect(await store.answers(owner)).toEqual([]);
    });

    it("blocks writes to a finished questionnaire until it is reopened", async () => {
      const { assessment, tokens } = await newAssessment();
      const risk = await store.authorize(tokens.risk, assessment.id, "risk");
      await store.save(risk, "risk.domain.sector", "finance", 0);
      expect((await store.finish(risk, "risk", true)).finished).toBe(true);
      await expect(store.save(risk, "risk.domain.sector", "healthcare", 1)).rejects.toBeInstanceOf(Conflict);
      expect((await store.finish(risk, "risk", false)).finished).toBe(false);
      expect((await store.save(risk, "risk.domain.sector", "healthcare", 1)).revision).toBe(2);
    });

    it("exports and re-imports answers losslessly; the export scores like the server", async () => {
      const { owner } = await newAssessment();
      const answers = sampleAnswers(CATALOG, "healthcare", rng(7));
      const result = await store.import(owner, { format: ANSWER_FORMAT, catalog: CATALOG.version, answers });
      expect(result.answers).toBe(Object.keys(answers).length);
      const exported = await store.export(owner);
      expect(exported.answers).toEqual(answers);
      expect(await store.result(owner)).toEqual(score(CATALOG, { answers: exported.answers }));
      const other = await newAssessment();
      await store.import(other.owner, exported);
      expect((await store.export(other.owner)).answers).toEqual(exported.answers);
      expect((await store.import(other.owner, exported)).changed).toBe(0);
    });

    it("rejects a whole import when one key is wrong, and a file for another catalog version", async () => {
      const { owner } = await newAssessment();
      await store.save(owner, "risk.domain.sector", "finance", 0);
      const answers = { ...sampleAnswers(CATALOG, "finance", rng(3)), "risk.domain.sector": "nonsense" };
      const error = await store
        .import(owner, { format: ANSWER_FORMAT, catalog: CATALOG.version, answers })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Invalid);
      expect((error as Invalid).issues.map((i) => i.path)).toContain("answers.risk.domain.sector");
      await expect(
        store.import(owner, { format: ANSWER_FORMAT, catalog: "0.0.1", answers: {} }),
      ).rejects.toBeInstanceOf(Invalid);
      expect((await store.export(owner)).answers).toEqual({ "risk.domain.sector": "finance" });
    });

    it("deletes an assessment with its answers, states and tokens", async () => {
      const { assessment, tokens, owner } = await newAssessment();
      await store.save(owner, "risk.domain.sector", "finance", 0);
      await store.delete(owner);
      await expect(store.identify(tokens.owner)).rejects.toBeInstanceOf(NotFound);
      for (const table of ["assessment", "access_token", "questionnaire_state", "answer"]) {
        const col = table === "assessment" ? "id" : "assessment_id";
        const rows = await store.db.query(`SELECT 1 FROM ${table} WHERE ${col} = $1`, [assessment.id]);
        expect(rows, table).toHaveLength(0);
      }
    });

    it("pools finished questionnaires only with consent, once, without any link to the assessment", async () => {
      const s = await freshStore(() => new Date("2025-03-15T12:00:00Z"));
      const { assessment, tokens } = await s.create({ domain: "healthcare" });
      const owner = await s.authorize(tokens.owner, assessment.id, "owner");
      const answers = sampleAnswers(CATALOG, "healthcare", rng(11));
      await s.import(owner, { format: ANSWER_FORMAT, catalog: CATALOG.version, answers });
      await s.finish(owner, "risk", true);
      expect(await s.db.query("SELECT 1 FROM pool_answer")).toHaveLength(0);
      expect((await s.consent(owner, true)).pooled).toEqual(["risk"]);
      await s.finish(owner, "surface", true);
      await s.finish(owner, "risk", false);
      await s.finish(owner, "risk", true);
      const systems = await s.db.query<{ questionnaires: string[]; month: string; domain: string }>(
        "SELECT questionnaires, month, domain FROM pool_system",
      );
      expect(systems.map((r) => r.questionnaires).sort()).toEqual([["risk"], ["surface"]]);
      expect(systems.every((r) => r.month === "2025-03" && r.domain === "healthcare")).toBe(true);
      expect(await s.db.query("SELECT 1 FROM pool_score")).toHaveLength(0);
      await s.finish(owner, "security", true);
      expect(await s.db.query("SELECT 1 FROM pool_score")).toHaveLength(1);
      expect((await s.db.query("SELECT DISTINCT mitigation FROM pool_mitigation")).length).toBe(
        CATALOG.mitigations.length,
      );
      // nothing in the pool mentions the assessment or its tokens
      for (const table of ["pool_system", "pool_answer", "pool_mitigation", "pool_score"]) {
        const dump = JSON.stringify(await s.db.query(`SELECT * FROM ${table}`));
        expect(dump).not.toContain(assessment.id);
        for (const t of Object.values(tokens)) expect(dump).not.toContain(t);
      }
      const pooledAnswers = await s.db.query<{ question_id: string }>(
        "SELECT question_id FROM pool_answer WHERE question_id LIKE 'risk.%'",
      );
      expect(pooledAnswers.length).toBeGreaterThanOrEqual(
        Object.keys(answers).filter((k) => k.startsWith("risk.")).length,
      );
      await expectTotalsMatchRows(s);
      // withdrawing consent stops future pooling
      await s.consent(owner, false);
      const other = await s.create({});
      const o = await s.authorize(other.tokens.owner, other.assessment.id, "owner");
      await s.finish(o, "risk", true);
      const before = (await s.db.query("SELECT 1 FROM pool_system")).length;
      await s.finish(owner, "surface", false);
      await s.finish(owner, "surface", true);
      expect((await s.db.query("SELECT 1 FROM pool_system")).length).toBe(before);
    });
  });
}
