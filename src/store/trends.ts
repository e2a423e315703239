// Global trends over the anonymous pool: answer distributions, mitigation shares, residual risk per
// domain and an assessment's percentile among its peers. Every figure passes k-suppression.

import { allQuestions, CATALOG, getCatalog } from "../catalog/index.js";
import { ATTACK_CLASSES, type AttackClass, type Questionnaire } from "../contracts/catalog.js";
import { combinedResult, listAnswers, toAnswers } from "./answers.js";
import { getAssessment } from "./assessments.js";
import type { SqlParam } from "./db.js";
import { trendDomain } from "./pool.js";
import { type Bucket, suppress } from "./suppress.js";
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

/** A count shown only when it describes at least k systems. */
export interface CountRow<K extends string> {
  key: K;
  systems: number;
}

export interface Overview {
  k: number;
  catalogVersion: string;
  /** Contributions in the pool for this catalog version (null under k). */
  systems: number | null;
  domains: { shown: Array<{ domain: string; systems: number }>; other: number | null };
  months: { shown: Array<{ month: string; systems: number }>; other: number | null };
}

export interface QuestionTrend {
  questionId: string;
  /** Distinct systems that answered the question in this slice (null under k: nothing shown). */
  systems: number | null;
  /** Options (or dont_know) chosen by at least k systems, with their share of `systems`. */
  options: Array<{ answer: string; systems: number; share: number }>;
  /** Systems (selections for multiple choice) folded together because their options were rarer than k. */
  other: number | null;
}

export interface MitigationTrend {
  mitigation: string;
  name: string;
  /** Systems that reported on mitigations in this slice (null under k). */
  systems: number | null;
  /** Systems whose answers evidence the mitigation, and the share; null when either it or its
   * complement is under k (the figure would describe a small group). */
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
  /** Peers in the pool with a full score for this domain and catalog version (null under k). */
  peers: number | null;
  /** Share (0..100) of peers with a lower residual; higher means more exposed than peers. */
  overall: { residual: number; percentile: number } | null;
  classes: Array<{ attackClass: AttackClass; residual: number; percentile: number }>;
}

/** A WHERE clause over the pool's group columns; `extra` adds "column op" conditions. */
function where(
  filter: TrendFilter,
  extra: Array<[string, SqlParam]> = [],
): { sql: string; params: SqlParam[] } {
  const parts: Array<[string, SqlParam]> = [["catalog_version =", filter.catalogVersion ?? CATALOG.version]];
  if (filter.domain) parts.push(["domain =", filter.domain]);
  if (filter.month) parts.push(["month =", filter.month]);
  parts.push(...extra);
  return {
    sql: parts
      .map(([cond], i) => (cond.endsWith("ANY") ? `${cond}($${i + 1})` : `${cond} $${i + 1}`))
      .join(" AND "),
    params: parts.map(([, v]) => v),
  };
}

const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;

function folded<K extends string>(rows: Array<CountRow<K>>, k: number) {
  const total = rows.reduce((s, r) => s + r.systems, 0);
  const s = suppress(
    rows.map((r) => ({ key: r.key, count: r.systems })),
    total,
    k,
  );
  return { total: s.total, shown: s.shown.map((b) => ({ key: b.key, systems: b.count })), other: s.other };
}

/** Pool size, and the domains and months that have at least k contributions. */
export async function overview(ctx: StoreContext, filter: TrendFilter = {}): Promise<Overview> {
  const w = where({ catalogVersion: filter.catalogVersion });
  const byDomain = await ctx.db.query<{ key: string; systems: number }>(
    `SELECT domain AS key, count(*) AS systems FROM pool_system WHERE ${w.sql} GROUP BY domain ORDER BY domain`,
    w.params,
  );
  const byMonth = await ctx.db.query<{ key: string; systems: number }>(
    `SELECT month AS key, count(*) AS systems FROM pool_system WHERE ${w.sql} GROUP BY month ORDER BY month`,
    w.params,
  );
  const domains = folded(byDomain, ctx.k);
  const months = folded(byMonth, ctx.k);
  return {
    k: ctx.k,
    catalogVersion: filter.catalogVersion ?? CATALOG.version,
    systems: domains.total,
    domains: {
      shown: domains.shown.map((d) => ({ domain: d.key, systems: d.systems })),
      other: domains.other,
    },
    months: { shown: months.shown.map((m) => ({ month: m.key, systems: m.systems })), other: months.other },
  };
}

/** Answer distribution per question in a slice of the pool. */
export async function questionTrends(
  ctx: StoreContext,
  filter: TrendFilter & { questionnaire?: Questionnaire; question?: string },
): Promise<QuestionTrend[]> {
  const catalog = getCatalog(filter.catalogVersion ?? CATALOG.version);
  if (!catalog) return [];
  const questions = allQuestions(catalog).filter(
    (q) =>
      (!filter.question || q.id === filter.question) &&
      (!filter.questionnaire || q.id.startsWith(`${filter.questionnaire}.`)),
  );
  if (questions.length === 0) return [];
  const scope: Array<[string, SqlParam]> = filter.question
    ? [["question_id =", filter.question]]
    : filter.questionnaire
      ? [["question_id LIKE", `${filter.questionnaire}.%`]]
      : [];
  const w = where(filter, scope);
  const counts = await ctx.db.query<{ question_id: string; answer: string; n: number }>(
    `SELECT question_id, answer, sum(systems) AS n FROM pool_count WHERE ${w.sql} GROUP BY question_id, answer`,
    w.params,
  );
  const totals = new Map<string, number>();
  const rows = await ctx.db.query<{ question_id: string; n: number }>(
    `SELECT question_id, sum(systems) AS n FROM pool_question WHERE ${w.sql} GROUP BY question_id`,
    w.params,
  );
  for (const r of rows) totals.set(r.question_id, r.n);
  const byQuestion = new Map<string, Array<Bucket<string>>>();
  for (const r of counts) {
    const list = byQuestion.get(r.question_id) ?? [];
    list.push({ key: r.answer, count: r.n });
    byQuestion.set(r.question_id, list);
  }
  return questions.map((q) => {
    const order = [...q.options.map((o) => o.id), "dont_know"];
    const buckets = (byQuestion.get(q.id) ?? []).sort((a, b) => order.indexOf(a.key) - order.indexOf(b.key));
    const total = totals.get(q.id) ?? 0;
    const s = suppress(buckets, total, ctx.k);
    return {
      questionId: q.id,
      systems: s.total,
      options:
        s.total === null
          ? []
          : s.shown.map((b) => ({ answer: b.key, systems: b.count, share: round(b.count / total) })),
      other: s.other,
    };
  });
}

/** Share of systems whose security answers evidence each mitigation. */
export async function mitigationTrends(ctx: StoreContext, filter: TrendFilter): Promise<MitigationTrend[]> {
  const catalog = getCatalog(filter.catalogVersion ?? CATALOG.version);
  if (!catalog) return [];
  const w = where(filter);
  const rows = await ctx.db.query<{ mitigation: string; n: number; yes: number }>(
    `SELECT mitigation, count(*) AS n, count(*) FILTER (WHERE strength > 0) AS yes
       FROM pool_mitigation WHERE ${w.sql} GROUP BY mitigation`,
    w.params,
  );
  return catalog.mitigations.map((m) => {
    const row = rows.find((r) => r.mitigation === m.id);
    const n = row?.n ?? 0;
    const yes = row?.yes ?? 0;
    const s = suppress(
      [
        { key: "with", count: yes },
        { key: "without", count: n - yes },
      ],
      n,
      ctx.k,
    );
    const withIt = s.shown.find((b) => b.key === "with" && s.shown.length === 2)?.count ?? null;
    return {
      mitigation: m.id,
      name: m.name,
      systems: s.total,
      withIt,
      share: withIt === null ? null : round(withIt / n),
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

/** Typical residual risk (weights 0..5) per application domain, for domains with at least k scored systems. */
export async function residualTrends(ctx: StoreContext, filter: TrendFilter): Promise<DomainResidual[]> {
  const w = where(filter);
  const rows = await ctx.db.query<{ domain: string; residual: ResidualByClass; overall: number }>(
    `SELECT domain, residual, overall FROM pool_score WHERE ${w.sql}`,
    w.params,
  );
  const byDomain = new Map<string, typeof rows>();
  for (const r of rows) byDomain.set(r.domain, [...(byDomain.get(r.domain) ?? []), r]);
  return [...byDomain]
    .filter(([, list]) => list.length >= ctx.k)
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

/** Where this assessment's current residual risk stands among the pooled systems of its domain. */
export async function percentile(ctx: StoreContext, principal: Principal): Promise<Percentile> {
  const record = await getAssessment(ctx, principal.assessmentId);
  const answers = toAnswers(await listAnswers(ctx, principal));
  const domain = trendDomain(record.domain, answers);
  const rows = await ctx.db.query<{ residual: ResidualByClass; overall: number }>(
    "SELECT residual, overall FROM pool_score WHERE catalog_version = $1 AND domain = $2",
    [principal.catalogVersion, domain],
  );
  if (rows.length < ctx.k) return { k: ctx.k, domain, peers: null, overall: null, classes: [] };
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
