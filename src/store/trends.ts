// Global trends over the anonymous pool: answer distributions, mitigation shares, residual risk per
// domain and an assessment's percentile among its peers.
//
// Privacy model (docs/security.md, "Trends"): the pool is cut into cells, one per catalog version,
// domain and month. A cell is published only once its month has closed, and each figure of a cell
// only when it passes k-suppression within that cell. Every figure the API returns is a sum (or,
// for quartiles and percentiles, a statistic) over whole published cells, so the difference of any
// two answers, whatever filters they used or whenever they were asked, is again made of published
// cell figures, never of a group under k.

import { allQuestions, CATALOG, getCatalog, questionnaireOf } from "../catalog/index.js";
import {
  ATTACK_CLASSES,
  type AttackClass,
  type Catalog,
  DONT_KNOW,
  NO_ANSWER,
  type Questionnaire,
} from "../contracts/catalog.js";
import { combinedResult, listAnswers, toAnswers } from "./answers.js";
import { checkCatalogVersion, checkDomain, getAssessment } from "./assessments.js";
import type { SqlParam } from "./db.js";
import { monthOf, trendDomain, UNSPECIFIED_DOMAIN } from "./pool.js";
import type { Principal, ResidualByClass, StoreContext } from "./types.js";

/** Which slice of the pool to look at. */
export interface TrendFilter {
  /** Catalog version (default: the current one). */
  catalogVersion?: string;
  /** Application domain id, e.g. "finance". */
  domain?: string;
  /** YYYY-MM */
  month?: string;
}

export interface Overview {
  k: number;
  catalogVersion: string;
  /** The last month whose contributions are published (months close a day after they end). */
  publishedThrough: string;
  /** Systems in published cells (null when there are none). A system that pooled its questionnaires
   * in parts counts once. */
  systems: number | null;
  /** Per domain, the systems in its published cells; domains with none are left out. */
  domains: Array<{ domain: string; systems: number }>;
  /** Per closed month, the systems in its published cells. */
  months: Array<{ month: string; systems: number }>;
}

export interface QuestionTrend {
  questionId: string;
  /** Systems that pooled the question's questionnaire, in the cells where that figure is published
   * (null: none). Those that did not answer it (an earlier answer hid it, or it was skipped) are
   * the NO_ANSWER bucket. */
  systems: number | null;
  /** Per option (or dont_know, or no_answer), the systems of the cells where it was chosen by at
   * least k. */
  options: Array<{ answer: string; systems: number; share: number }>;
  /** Systems (selections for multiple choice) folded together in their cells because their options
   * were rarer than k there. */
  other: number | null;
}

export interface MitigationTrend {
  mitigation: string;
  name: string;
  /** Systems in the cells where both those with and those without the mitigation number at least k
   * (null when there are no such cells: the figure would describe a small group). */
  systems: number | null;
  /** Systems among them whose answers evidence the mitigation, and the share. */
  withIt: number | null;
  share: number | null;
}

export interface Spread {
  p25: number;
  median: number;
  p75: number;
}

export interface DomainResidual {
  domain: string;
  systems: number;
  overall: Spread;
  classes: Array<{ attackClass: AttackClass } & Spread>;
}

export interface Percentile {
  k: number;
  domain: string;
  /** Peers in published cells with a full score for this domain and catalog version (null: none). */
  peers: number | null;
  /** Share (0..100) of peers with a lower residual; higher means more exposed than peers. */
  overall: { residual: number; percentile: number } | null;
  classes: Array<{ attackClass: AttackClass; residual: number; percentile: number }>;
}

/** How long after its end a month is still open to late writes (servers' clocks may differ a little). */
const CLOSING_GRACE_MS = 24 * 60 * 60 * 1000;

/** The last month whose contributions may be shown: the month before the one `now` (less a day of
 * grace) falls in. Contributions are stamped with the month they were pooled in, so a closed month
 * never changes again and watching the trends over time shows whole months, not single systems. */
export function publishedThrough(now: Date): string {
  const t = new Date(now.getTime() - CLOSING_GRACE_MS);
  return monthOf(new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() - 1, 1)));
}

/** Refuse (Invalid) a catalog version this server does not know, or a domain that is not one of
 * its domains nor the unspecified one, rather than answer with nothing; else the catalog. */
function checkedCatalog(filter: TrendFilter): Catalog {
  const version = filter.catalogVersion ?? CATALOG.version;
  checkCatalogVersion(version, "catalogVersion");
  if (filter.domain !== UNSPECIFIED_DOMAIN) checkDomain(version, filter.domain, "domain");
  return getCatalog(version) as Catalog;
}

/** A WHERE clause over the pool's group columns, closed months only; `table` qualifies every column. */
function where(ctx: StoreContext, filter: TrendFilter, table = ""): { sql: string; params: SqlParam[] } {
  const parts: Array<[string, SqlParam]> = [
    ["catalog_version =", filter.catalogVersion ?? CATALOG.version],
    ["month <=", publishedThrough(ctx.now())],
  ];
  if (filter.domain) parts.push(["domain =", filter.domain]);
  if (filter.month) parts.push(["month =", filter.month]);
  return {
    sql: parts.map(([cond], i) => `${table && `${table}.`}${cond} $${i + 1}`).join(" AND "),
    params: parts.map(([, v]) => v),
  };
}

const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;

/** Adds `n` to the running sum under `key`. */
function add<K>(sums: Map<K, number>, key: K, n: number): void {
  sums.set(key, (sums.get(key) ?? 0) + n);
}

/** Pool size, and the systems per domain and per month, over published cells. */
export async function overview(ctx: StoreContext, filter: TrendFilter = {}): Promise<Overview> {
  checkedCatalog(filter);
  const w = where(ctx, { catalogVersion: filter.catalogVersion });
  // An assessment may pool its questionnaires in parts (several contributions), but each
  // questionnaire at most once: distinct systems are counted per questionnaire, and a cell's size is
  // the largest of those counts, which never exceeds the number of distinct systems in it.
  const cells = await ctx.db.query<{ domain: string; month: string; n: number }>(
    `SELECT domain, month, max(systems) AS n FROM pool_questionnaire WHERE ${w.sql}
      GROUP BY domain, month HAVING max(systems) >= $${w.params.length + 1}`,
    [...w.params, ctx.k],
  );
  const domains = new Map<string, number>();
  const months = new Map<string, number>();
  for (const c of cells) {
    add(domains, c.domain, Number(c.n));
    add(months, c.month, Number(c.n));
  }
  const total = cells.reduce((s, c) => s + Number(c.n), 0);
  const byKey = (a: [string, number], b: [string, number]) => a[0].localeCompare(b[0]);
  return {
    k: ctx.k,
    catalogVersion: filter.catalogVersion ?? CATALOG.version,
    publishedThrough: publishedThrough(ctx.now()),
    systems: total > 0 ? total : null,
    domains: [...domains].sort(byKey).map(([domain, systems]) => ({ domain, systems })),
    months: [...months].sort(byKey).map(([month, systems]) => ({ month, systems })),
  };
}

/** Answer distribution per question in a slice of the pool. */
export async function questionTrends(
  ctx: StoreContext,
  filter: TrendFilter & { questionnaire?: Questionnaire; question?: string },
): Promise<QuestionTrend[]> {
  const catalog = checkedCatalog(filter);
  const questions = allQuestions(catalog).filter(
    (q) =>
      (!filter.question || q.id === filter.question) &&
      (!filter.questionnaire || q.id.startsWith(`${filter.questionnaire}.`)),
  );
  if (questions.length === 0) return [];
  const ws = where(ctx, filter, "s");
  const wc = where(ctx, filter, "c");
  const ids = `$${ws.params.length + 1}`;
  const k = `$${ws.params.length + 2}`;
  const params = [...ws.params, questions.map((q) => q.id), ctx.k];
  // A question's cell is (question, domain, month), and its population is every system that pooled
  // the question's questionnaire there: those who did not answer it (an earlier answer hid it, or it
  // was skipped) form the NO_ANSWER bucket. Without it, "systems that answered" next to the cell's
  // size would reveal how few answered a condition the other way.
  const cells = `WITH cell AS (
       SELECT s.catalog_version, q.id AS question_id, s.domain, s.month, s.systems AS n
         FROM pool_questionnaire s JOIN unnest(${ids}::text[]) AS q(id)
           ON split_part(q.id, '.', 1) = s.questionnaire
        WHERE ${ws.sql} AND s.systems >= ${k}
     )`;
  // suppress() of src/store/suppress.ts, run in SQL within each cell: options (and NO_ANSWER) under
  // k fold into "other", and when that fold is under k, the smallest shown option (ties by id, byte
  // order) joins it. Then the cells' shown counts add up per option and their folds into "other".
  const rows = await ctx.db.query<{ question_id: string; answer: string; shown: number; hidden: number }>(
    `${cells}, answers AS (
       SELECT c.question_id, c.domain, c.month, c.answer, c.systems AS n
         FROM pool_count c JOIN cell USING (catalog_version, question_id, domain, month)
        WHERE ${wc.sql} AND c.question_id = ANY(${ids}::text[])
       UNION ALL
       SELECT cell.question_id, cell.domain, cell.month, '${NO_ANSWER}', cell.n - coalesce(pq.systems, 0)
         FROM cell LEFT JOIN pool_question pq USING (catalog_version, question_id, domain, month)
        WHERE cell.n > coalesce(pq.systems, 0)
     ), bucket AS (
       SELECT question_id, answer, n,
              sum(CASE WHEN n < ${k} THEN n ELSE 0 END)
                OVER (PARTITION BY question_id, domain, month) AS small,
              row_number() OVER (PARTITION BY question_id, domain, month
                ORDER BY n < ${k}, n, answer COLLATE "C") AS rank
         FROM answers
     ), decided AS (
       SELECT question_id, answer, n,
              n >= ${k} AND NOT (small > 0 AND small < ${k} AND rank = 1) AS shown
         FROM bucket
     )
     SELECT question_id, answer,
            coalesce(sum(n) FILTER (WHERE shown), 0) AS shown,
            coalesce(sum(n) FILTER (WHERE NOT shown), 0) AS hidden
       FROM decided GROUP BY question_id, answer`,
    params,
  );
  // a question's population is its questionnaire's, so the totals are per questionnaire
  const totals = await ctx.db.query<{ questionnaire: string; n: number }>(
    `SELECT s.questionnaire, sum(s.systems) AS n FROM pool_questionnaire s
      WHERE ${ws.sql} AND s.systems >= $${ws.params.length + 1} GROUP BY s.questionnaire`,
    [...ws.params, ctx.k],
  );
  const systems = new Map(totals.map((t) => [t.questionnaire, Number(t.n)]));
  const shown = new Map<string, Map<string, number>>();
  const other = new Map<string, number>();
  for (const r of rows) {
    if (Number(r.shown) > 0) {
      const options = shown.get(r.question_id) ?? new Map<string, number>();
      options.set(r.answer, Number(r.shown));
      shown.set(r.question_id, options);
    }
    add(other, r.question_id, Number(r.hidden));
  }
  return questions.map((q) => {
    const n = systems.get(questionnaireOf(q.id));
    if (n === undefined) return { questionId: q.id, systems: null, options: [], other: null };
    const order = [...q.options.map((o) => o.id), DONT_KNOW, NO_ANSWER];
    return {
      questionId: q.id,
      systems: n,
      options: [...(shown.get(q.id) ?? [])]
        .sort(([a], [b]) => order.indexOf(a) - order.indexOf(b))
        .map(([answer, count]) => ({ answer, systems: count, share: round(count / n) })),
      other: (other.get(q.id) ?? 0) > 0 ? (other.get(q.id) as number) : null,
    };
  });
}

/** Share of systems whose security answers evidence each mitigation. */
export async function mitigationTrends(ctx: StoreContext, filter: TrendFilter): Promise<MitigationTrend[]> {
  const catalog = checkedCatalog(filter);
  const w = where(ctx, filter);
  const cells = await ctx.db.query<{ mitigation: string; n: number; yes: number }>(
    `SELECT mitigation, count(*) AS n, count(*) FILTER (WHERE strength > 0) AS yes
       FROM pool_mitigation WHERE ${w.sql} GROUP BY mitigation, domain, month`,
    w.params,
  );
  // a cell counts only when both its "with" and its "without" groups reach k
  const systems = new Map<string, number>();
  const withIt = new Map<string, number>();
  for (const c of cells) {
    const n = Number(c.n);
    const yes = Number(c.yes);
    if (yes < ctx.k || n - yes < ctx.k) continue;
    add(systems, c.mitigation, n);
    add(withIt, c.mitigation, yes);
  }
  return catalog.mitigations.map((m) => {
    const n = systems.get(m.id) ?? null;
    const yes = withIt.get(m.id) ?? null;
    return {
      mitigation: m.id,
      name: m.name,
      systems: n,
      withIt: yes,
      share: n === null || yes === null ? null : round(yes / n),
    };
  });
}

/** Quantile with linear interpolation between order statistics (sorted input). */
export function quantile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const pos = (sorted.length - 1) * p;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (b - a) * (pos - lo);
}

function spread(values: number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    p25: round(quantile(sorted, 0.25)),
    median: round(quantile(sorted, 0.5)),
    p75: round(quantile(sorted, 0.75)),
  };
}

type ScoreRow = { domain: string; month: string; residual: ResidualByClass; overall: number };

/** Scored systems in published cells: cells of (domain, month) with at least k scores. */
async function publishedScores(ctx: StoreContext, filter: TrendFilter): Promise<ScoreRow[]> {
  const w = where(ctx, filter);
  const rows = await ctx.db.query<ScoreRow>(
    `SELECT domain, month, residual, overall FROM pool_score WHERE ${w.sql}`,
    w.params,
  );
  const size = new Map<string, number>();
  const cell = (r: ScoreRow) => `${r.domain}\u0000${r.month}`;
  for (const r of rows) add(size, cell(r), 1);
  return rows.filter((r) => (size.get(cell(r)) ?? 0) >= ctx.k);
}

/** Typical residual risk (weights 0..5) per application domain, over its published cells. */
export async function residualTrends(ctx: StoreContext, filter: TrendFilter): Promise<DomainResidual[]> {
  checkedCatalog(filter);
  const byDomain = new Map<string, ScoreRow[]>();
  for (const r of await publishedScores(ctx, filter)) {
    byDomain.set(r.domain, [...(byDomain.get(r.domain) ?? []), r]);
  }
  return [...byDomain]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([domain, list]) => ({
      domain,
      systems: list.length,
      overall: spread(list.map((r) => r.overall)),
      classes: ATTACK_CLASSES.map((c) => ({
        attackClass: c,
        ...spread(list.map((r) => r.residual[c] ?? 0)),
      })),
    }));
}

const percentileOf = (peers: number[], mine: number) =>
  round(
    (100 * (peers.filter((p) => p < mine).length + 0.5 * peers.filter((p) => p === mine).length)) /
      peers.length,
    1,
  );

/** Where this assessment's current residual risk stands among the published peers of its domain. */
export async function percentile(ctx: StoreContext, principal: Principal): Promise<Percentile> {
  const record = await getAssessment(ctx, principal.assessmentId);
  const answers = toAnswers(await listAnswers(ctx, principal));
  const domain = trendDomain(record.domain, answers);
  const rows = await publishedScores(ctx, { catalogVersion: principal.catalogVersion, domain });
  if (rows.length === 0) return { k: ctx.k, domain, peers: null, overall: null, classes: [] };
  const picture = await combinedResult(ctx, principal);
  const mine = Object.fromEntries(
    picture.classes.map((c) => [c.attackClass, c.residual.weight]),
  ) as ResidualByClass;
  const overall = Math.max(...Object.values(mine));
  return {
    k: ctx.k,
    domain,
    peers: rows.length,
    overall: {
      residual: round(overall),
      percentile: percentileOf(
        rows.map((r) => r.overall),
        overall,
      ),
    },
    classes: ATTACK_CLASSES.map((c) => ({
      attackClass: c,
      residual: round(mine[c]),
      percentile: percentileOf(
        rows.map((r) => r.residual[c] ?? 0),
        mine[c],
      ),
    })),
  };
}
