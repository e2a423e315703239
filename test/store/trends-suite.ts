// The trends part of the shared store suite, on PGlite and on PostgreSQL: no figure under k, no
// difference between two filters' answers under k (the February-behind-January gap of issue 4), and
// a month shown only once it has closed. See docs/security.md, "Trends".
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { CATALOG, questionsOf } from "../../src/catalog/index.js";
import { ANSWER_FORMAT } from "../../src/contracts/answers.js";
import { NO_ANSWER, type Questionnaire } from "../../src/contracts/catalog.js";
import { createStore, type Principal, type Store } from "../../src/store/index.js";
import { buildContribution, POOL_TABLES } from "../../src/store/pool.js";
import { rng, sampleAnswers } from "../../src/store/seed.js";
import { suppress } from "../../src/store/suppress.js";
import { publishedThrough, type TrendFilter } from "../../src/store/trends.js";
import { type Figures, figuresOf, notAdditive, smallDifferences, underK } from "../support/trend-figures.js";
import type { DbFactory } from "./suite.js";

const ALL: Questionnaire[] = ["risk", "surface", "security"];

/** `n` generated systems of one (domain, month) cell. */
function cell(domain: string, month: string, n: number, random: () => number, scored = true) {
  return Array.from({ length: n }, () =>
    buildContribution(CATALOG, sampleAnswers(CATALOG, domain, random), ALL, {
      domain,
      month,
      withScore: scored,
    }),
  );
}

/** Every figure of every trends answer for one slice (questions limited to a few for speed). */
async function allFigures(s: Store, filter: TrendFilter, questions: readonly string[]): Promise<Figures> {
  const answers = await Promise.all(questions.map((question) => s.trends.questions({ ...filter, question })));
  return new Map([
    ...figuresOf.questions(answers.flat()),
    ...figuresOf.mitigations(await s.trends.mitigations(filter)),
    ...figuresOf.residual(await s.trends.residual(filter)),
  ]);
}

/**
 * The question figures of a slice recomputed from the raw pool rows with the reference suppress()
 * of src/store/suppress.ts, cell by cell (the store does the same in SQL over its running totals):
 * a question's population in a cell is every system that pooled its questionnaire there, and those
 * that did not answer it are the NO_ANSWER bucket.
 */
async function referenceQuestionFigures(
  s: Store,
  filter: TrendFilter,
  questions: readonly string[],
): Promise<Figures> {
  const inSlice = (r: { domain: string; month: string }) =>
    (!filter.domain || r.domain === filter.domain) && (!filter.month || r.month === filter.month);
  const published = [CATALOG.version, publishedThrough(new Date())];
  const systems = await s.db.query<{ domain: string; month: string; questionnaires: string[] }>(
    "SELECT domain, month, questionnaires FROM pool_system WHERE catalog_version = $1 AND month <= $2",
    published,
  );
  const rows = await s.db.query<{
    question_id: string;
    answer: string;
    domain: string;
    month: string;
    system: string;
  }>(
    `SELECT question_id, answer, domain, month, system::text AS system FROM pool_answer
      WHERE catalog_version = $1 AND month <= $2 AND question_id = ANY($3)`,
    [...published, [...questions]],
  );
  const f: Figures = new Map();
  const add = (key: string, n: number) => f.set(key, (f.get(key) ?? 0) + n);
  for (const questionId of questions) {
    const questionnaire = questionId.split(".")[0] as string;
    const pooled = new Map<string, number>();
    for (const r of systems.filter(inSlice))
      if (r.questionnaires.includes(questionnaire)) {
        const cell = `${r.domain}/${r.month}`;
        pooled.set(cell, (pooled.get(cell) ?? 0) + 1);
      }
    for (const [cell, n] of pooled) {
      const mine = rows.filter((r) => r.question_id === questionId && `${r.domain}/${r.month}` === cell);
      const answers = new Map<string, number>();
      for (const r of mine) answers.set(r.answer, (answers.get(r.answer) ?? 0) + 1);
      const answered = new Set(mine.map((r) => r.system)).size;
      if (n > answered) answers.set(NO_ANSWER, n - answered);
      const out = suppress(
        [...answers].map(([key, count]) => ({ key, count })),
        n,
        s.k,
      );
      if (out.total === null) continue;
      add(`q:${questionId}:systems`, out.total);
      for (const b of out.shown) add(`q:${questionId}:opt:${b.key}`, b.count);
      if (out.other !== null) add(`q:${questionId}:other`, out.other);
    }
  }
  return f;
}

export function trendsSuite(name: string, factory: DbFactory): void {
  describe(`trends on ${name}`, () => {
    const cleanups: Array<() => Promise<void>> = [];
    const freshStore = async (now?: () => Date) => {
      const made = await factory();
      cleanups.push(made.cleanup);
      return createStore(made.db, { now });
    };
    afterAll(async () => {
      for (const c of cleanups) await c();
    });

    it("closes a month a day after it ends", () => {
      expect(publishedThrough(new Date("2025-07-01T23:59:59Z"))).toBe("2025-05");
      expect(publishedThrough(new Date("2025-07-02T00:00:00Z"))).toBe("2025-06");
      expect(publishedThrough(new Date("2025-01-15T00:00:00Z"))).toBe("2024-12");
      expect(publishedThrough(new Date("2025-01-01T12:00:00Z"))).toBe("2024-11");
    });

    it("never returns a figure for fewer than k systems, and shows a month only once it has closed", async () => {
      let now = new Date("2025-06-02T00:00:00Z");
      const s = await freshStore(() => now);
      const owners: Principal[] = [];
      const pool = async (domain: string, seed: number) => {
        const { assessment, tokens } = await s.create({ domain });
        const owner = await s.authorize(tokens.owner, assessment.id, "owner");
        await s.import(owner, {
          format: ANSWER_FORMAT,
          catalog: CATALOG.version,
          answers: sampleAnswers(CATALOG, domain, rng(seed)),
        });
        for (const q of ALL) await s.finish(owner, q, true);
        await s.consent(owner, true);
        owners.push(owner);
      };
      for (let i = 0; i < 7; i++) await pool(i < 5 ? "finance" : "healthcare", 100 + i);
      // June is still open: nothing of it is shown, so a watcher cannot tell one newcomer from the next
      const open = await s.trends.overview();
      expect(open).toMatchObject({ publishedThrough: "2025-05", systems: null, domains: [], months: [] });
      expect((await s.trends.questions({ domain: "finance" })).every((q) => q.systems === null)).toBe(true);
      expect((await s.trends.percentile(owners[0] as Principal)).peers).toBeNull();
      // a day after June ends it is published: finance (5) in full, healthcare (2) not at all
      now = new Date("2025-07-02T09:00:00Z");
      const overview = await s.trends.overview();
      expect(overview).toEqual({
        k: 5,
        catalogVersion: CATALOG.version,
        publishedThrough: "2025-06",
        systems: 5,
        domains: [{ domain: "finance", systems: 5 }],
        months: [{ month: "2025-06", systems: 5 }],
      });
      const finance = await s.trends.questions({ domain: "finance", question: "risk.domain.sector" });
      expect(finance[0]?.systems).toBe(5);
      expect(finance[0]?.options).toEqual([{ answer: "finance", systems: 5, share: 1 }]);
      // the whole pool says exactly what finance says: healthcare's 2 are not behind any difference
      const everything = await s.trends.questions({ question: "risk.domain.sector" });
      expect(everything).toEqual(finance);
      const health = await s.trends.questions({ domain: "healthcare", questionnaire: "risk" });
      expect(health.every((q) => q.systems === null && q.options.length === 0 && q.other === null)).toBe(
        true,
      );
      expect((await s.trends.residual({})).map((d) => d.domain)).toEqual(["finance"]);
      const mitigations = await s.trends.mitigations({ domain: "healthcare" });
      expect(mitigations.every((m) => m.systems === null && m.withIt === null)).toBe(true);
      expect(underK(figuresOf.questions(await s.trends.questions({})), 5)).toEqual([]);
      const p = await s.trends.percentile(owners[0] as Principal);
      expect(p.peers).toBe(5);
      expect(p.overall?.percentile).toBeGreaterThanOrEqual(0);
      expect((await s.trends.percentile(owners[6] as Principal)).peers).toBeNull();
      // July's first contribution changes nothing that is shown
      const before = await allFigures(s, {}, ["risk.domain.sector"]);
      await pool("finance", 200);
      expect(await allFigures(s, {}, ["risk.domain.sector"])).toEqual(before);
      expect(await s.trends.overview()).toEqual(overview);
    });

    it("does not reveal a small month as 'all months' minus a large one (issue 4's gap)", async () => {
      const s = await freshStore();
      const random = rng(41);
      // 14 finance systems: 12 pooled in January, 2 in February, and a larger healthcare group
      await s.poolBulk([
        ...cell("finance", "2025-01", 12, random),
        ...cell("finance", "2025-02", 2, random),
        ...cell("healthcare", "2025-02", 9, random),
      ]);
      const questions = questionsOf(CATALOG, "security")
        .slice(0, 10)
        .map((q) => q.id);
      const finance = await allFigures(s, { domain: "finance" }, questions);
      const january = await allFigures(s, { domain: "finance", month: "2025-01" }, questions);
      const february = await allFigures(s, { domain: "finance", month: "2025-02" }, questions);
      expect(finance.size).toBeGreaterThan(10);
      expect(february.size).toBe(0);
      expect(finance).toEqual(january);
      // nor as 'February, all domains' minus healthcare
      const feb = await allFigures(s, { month: "2025-02" }, questions);
      expect(feb).toEqual(await allFigures(s, { domain: "healthcare" }, questions));
      const overview = await s.trends.overview();
      expect(overview.systems).toBe(21);
      expect(overview.domains).toEqual([
        { domain: "finance", systems: 12 },
        { domain: "healthcare", systems: 9 },
      ]);
    });

    it("does not reveal how few systems left a question unanswered (an earlier answer hid it)", async () => {
      const s = await freshStore();
      const random = rng(8);
      const question = questionsOf(CATALOG, "surface").find((q) => q.showIf?.length && q.type === "single");
      if (!question) throw new Error("the catalog has no conditional single-choice question");
      const option = question.options[0]?.id as string;
      // 6 systems in one cell: 5 chose the same option, 1 was never asked
      const contributions = Array.from({ length: 6 }, (_, i) => {
        const { [question.id]: _dropped, ...others } = sampleAnswers(CATALOG, "finance", random);
        const answers = i < 5 ? { ...others, [question.id]: option } : others;
        return buildContribution(CATALOG, answers, ALL, {
          domain: "finance",
          month: "2025-04",
          withScore: true,
        });
      });
      await s.poolBulk(contributions);
      const [trend] = await s.trends.questions({ question: question.id });
      // "5 answered" next to a cell of 6 would say one system answered the condition the other way
      expect(trend).toEqual({ questionId: question.id, systems: 6, options: [], other: 6 });
      expect((await s.trends.overview()).systems).toBe(6);
    });

    it("counts a system that pooled its questionnaires in two parts once", async () => {
      const s = await freshStore();
      const random = rng(3);
      const parts = Array.from({ length: 4 }, () => {
        const answers = sampleAnswers(CATALOG, "finance", random);
        const where = { domain: "finance", month: "2025-03", withScore: false };
        return [
          buildContribution(CATALOG, answers, ["risk"], where),
          buildContribution(CATALOG, answers, ["surface", "security"], { ...where, withScore: true }),
        ];
      });
      // 8 contributions, but only 4 systems: under k, so nothing is shown
      await s.poolBulk(parts.flat());
      expect((await s.trends.overview()).systems).toBeNull();
      await s.poolBulk(cell("finance", "2025-03", 1, random));
      expect((await s.trends.overview()).systems).toBe(5);
    });

    it("keeps every figure, and every difference between a slice and a narrower one, at 0 or at least k (property)", async () => {
      const s = await freshStore();
      const k = s.k;
      const domains = ["finance", "healthcare", "media_social"];
      const months = ["2025-01", "2025-02", "2025-03"];
      const conditional = questionsOf(CATALOG, "surface").filter((q) => q.showIf?.length);
      const questions = [
        "risk.domain.sector",
        ...questionsOf(CATALOG, "security")
          .slice(0, 5)
          .map((q) => q.id),
        // shown only after some answers, so some systems in a cell leave them unanswered
        ...conditional.slice(0, 3).map((q) => q.id),
      ];
      const slices: TrendFilter[] = [undefined, ...domains].flatMap((domain) =>
        [undefined, ...months].map((month) => ({ domain, month })),
      );
      let shown = 0;
      await fc.assert(
        fc.asyncProperty(
          // systems per (domain, month) cell: many under k, some just above, a few large
          fc.array(fc.oneof(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 5, max: 16 })), {
            minLength: domains.length * months.length,
            maxLength: domains.length * months.length,
          }),
          fc.integer({ min: 1, max: 2 ** 30 }),
          async (sizes, seed) => {
            for (const table of POOL_TABLES) await s.db.query(`DELETE FROM ${table}`);
            const random = rng(seed);
            await s.poolBulk(
              sizes.flatMap((n, i) =>
                cell(
                  domains[i % domains.length] as string,
                  months[Math.floor(i / domains.length)] as string,
                  n,
                  random,
                  i % 2 === 0,
                ),
              ),
            );
            const answers = new Map<string, Figures>();
            for (const f of slices) {
              const figures = await allFigures(s, f, questions);
              expect(underK(figures, k), JSON.stringify(f)).toEqual([]);
              // the SQL suppression says what the reference suppress() says on the raw rows
              const mine = new Map([...figures].filter(([key]) => key.startsWith("q:")));
              expect(mine, JSON.stringify(f)).toEqual(await referenceQuestionFigures(s, f, questions));
              answers.set(JSON.stringify(f), figures);
              shown += figures.size;
            }
            const get = (f: TrendFilter) => answers.get(JSON.stringify(f)) as Figures;
            for (const f of slices) {
              // a slice and each narrower slice: the difference is 0 or at least k
              if (!f.domain)
                for (const domain of domains) {
                  const narrow = { ...f, domain };
                  expect(smallDifferences(get(f), get(narrow), k), JSON.stringify(narrow)).toEqual([]);
                }
              if (!f.month)
                for (const month of months) {
                  const narrow = { ...f, month };
                  expect(smallDifferences(get(f), get(narrow), k), JSON.stringify(narrow)).toEqual([]);
                }
              // and every answer is the sum of the answers for the slices that partition it, so no
              // combination of answers isolates less than one published cell
              if (!f.domain)
                expect(
                  notAdditive(
                    get(f),
                    domains.map((domain) => get({ ...f, domain })),
                  ),
                ).toEqual([]);
              if (!f.month)
                expect(
                  notAdditive(
                    get(f),
                    months.map((month) => get({ ...f, month })),
                  ),
                ).toEqual([]);
            }
            const overview = figuresOf.overview(await s.trends.overview());
            expect(underK(overview, k)).toEqual([]);
            const total = overview.get("o:systems") ?? 0;
            const sumOf = (prefix: string) =>
              [...overview].filter(([key]) => key.startsWith(prefix)).reduce((sum, [, n]) => sum + n, 0);
            expect(sumOf("o:domain:")).toBe(total);
            expect(sumOf("o:month:")).toBe(total);
          },
        ),
        { numRuns: 12, seed: 20251123 },
      );
      expect(shown).toBeGreaterThan(100); // the pools were big enough that there was something to check
    }, 240_000);
  });
}
