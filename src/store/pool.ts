// The anonymous trends pool: turns finished questionnaires into unlinkable pool rows (random
// system key per contribution, month only, shuffled) and writes them in bulk.
import { randomInt, randomUUID } from "node:crypto";
import { findQuestion, getCatalog, questionnaireOf, selectedOptions } from "../catalog/index.js";
import type { Answers, AnswerValue } from "../contracts/answers.js";
import {
  ATTACK_CLASSES,
  type Catalog,
  DONT_KNOW,
  QUESTIONNAIRES,
  type Questionnaire,
} from "../contracts/catalog.js";
import { score } from "../scoring/index.js";
import { DOMAIN_QUESTION } from "./assessments.js";
import type { Db, Tx } from "./db.js";
import type { Principal, ResidualByClass, StoreContext } from "./types.js";

/** What one contribution adds to the pool. Nothing in it names the assessment. */
export interface Contribution {
  catalogVersion: string;
  domain: string;
  /** YYYY-MM */
  month: string;
  /** Random UUID drawn for this contribution only. */
  system: string;
  questionnaires: Questionnaire[];
  /** One row per selected option (or dont_know). */
  answers: Array<{ questionId: string; answer: string }>;
  /** Per mitigation, how strongly the security answers evidence it (0..1); null without security. */
  mitigations: Array<{ mitigation: string; strength: number }> | null;
  /** Residual weights by score(); only when all three questionnaires are in the pool. */
  residual: { byClass: ResidualByClass; overall: number } | null;
}

/** The trends domain of systems that did not say theirs. */
export const UNSPECIFIED_DOMAIN = "unspecified";

/** The domain used for trends: the assessment's own, else the answer to the domain question. */
export function trendDomain(domain: string | null, answers: Answers): string {
  if (domain) return domain;
  const answer = answers[DOMAIN_QUESTION];
  return typeof answer === "string" && answer !== DONT_KNOW ? answer : UNSPECIFIED_DOMAIN;
}

/** The month of a date, YYYY-MM (UTC). */
export const monthOf = (date: Date): string => date.toISOString().slice(0, 7);

/** Fisher–Yates with a CSPRNG, so the insertion order says nothing about the answer order. */
export function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}

/** Mitigation strengths evidenced by the security answers (the strongest evidence wins). */
export function mitigationStrengths(
  catalog: Catalog,
  answers: Answers,
): Array<{ mitigation: string; strength: number }> {
  const best = new Map(catalog.mitigations.map((m) => [m.id, 0]));
  for (const [id, value] of Object.entries(answers)) {
    const question = findQuestion(catalog, id);
    if (!question || questionnaireOf(id) !== "security") continue;
    for (const option of selectedOptions(question, value)) {
      for (const e of option.effects.evidences ?? []) {
        if (best.has(e.mitigation)) best.set(e.mitigation, Math.max(best.get(e.mitigation) ?? 0, e.strength));
      }
    }
  }
  return [...best].map(([mitigation, strength]) => ({ mitigation, strength }));
}

/** Residual weight per class, and the worst one as the overall figure. */
export function residualOf(
  catalog: Catalog,
  answers: Answers,
): { byClass: ResidualByClass; overall: number } {
  const picture = score(catalog, { answers });
  const byClass = Object.fromEntries(ATTACK_CLASSES.map((c) => [c, 0])) as ResidualByClass;
  for (const r of picture.classes) byClass[r.attackClass] = r.residual.weight;
  return { byClass, overall: Math.max(...Object.values(byClass)) };
}

/** Build one contribution from answers (pure apart from the random system key). */
export function buildContribution(
  catalog: Catalog,
  answers: Answers,
  questionnaires: Questionnaire[],
  where: { domain: string; month: string; withScore: boolean },
): Contribution {
  const rows: Contribution["answers"] = [];
  for (const [questionId, value] of Object.entries(answers)) {
    if (!questionnaires.includes(questionnaireOf(questionId))) continue;
    const question = findQuestion(catalog, questionId);
    if (!question) continue;
    const picked =
      value === DONT_KNOW ? [DONT_KNOW] : selectedOptions(question, value as AnswerValue).map((o) => o.id);
    for (const answer of picked) rows.push({ questionId, answer });
  }
  return {
    catalogVersion: catalog.version,
    domain: where.domain,
    month: where.month,
    system: randomUUID(),
    questionnaires,
    answers: shuffle(rows),
    mitigations: questionnaires.includes("security") ? shuffle(mitigationStrengths(catalog, answers)) : null,
    residual: where.withScore ? residualOf(catalog, answers) : null,
  };
}

/** Rows per INSERT statement in bulk writes. */
const CHUNK = 20_000;

/**
 * Add one system per contribution to a running-total table keyed by catalog version, `column`,
 * domain and month, for each distinct key the contribution has (its questionnaires, or the
 * questions it answered). A contribution is one system, so the counts are distinct systems.
 */
async function addTotals(
  q: Db | Tx,
  table: "pool_question" | "pool_questionnaire",
  column: "question_id" | "questionnaire",
  contributions: readonly Contribution[],
  keysOf: (c: Contribution) => readonly string[],
): Promise<void> {
  const totals = new Map<string, { c: Contribution; key: string; n: number }>();
  for (const c of contributions) {
    for (const key of new Set(keysOf(c))) {
      const id = `${c.catalogVersion}\u0000${key}\u0000${c.domain}\u0000${c.month}`;
      const entry = totals.get(id) ?? { c, key, n: 0 };
      entry.n++;
      totals.set(id, entry);
    }
  }
  const rows = [...totals.values()];
  for (let i = 0; i < rows.length; i += CHUNK) {
    const part = rows.slice(i, i + CHUNK);
    await q.query(
      `INSERT INTO ${table} AS p (catalog_version, ${column}, domain, month, systems)
       SELECT v, k, d, m, n FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[]) AS x(v, k, d, m, n)
       ON CONFLICT (catalog_version, ${column}, domain, month) DO UPDATE SET systems = p.systems + excluded.systems`,
      [
        part.map((t) => t.c.catalogVersion),
        part.map((t) => t.key),
        part.map((t) => t.c.domain),
        part.map((t) => t.c.month),
        part.map((t) => t.n),
      ],
    );
  }
}

/** Every table of the anonymous pool (raw rows and running totals). */
export const POOL_TABLES = [
  "pool_system",
  "pool_answer",
  "pool_count",
  "pool_question",
  "pool_questionnaire",
  "pool_mitigation",
  "pool_score",
] as const;

/** Write contributions with a few multi-row inserts per table; the rows of all of them are shuffled together. */
export async function insertContributions(q: Db | Tx, contributions: readonly Contribution[]): Promise<void> {
  const systems = shuffle([...contributions]);
  for (let i = 0; i < systems.length; i += CHUNK) {
    const part = systems.slice(i, i + CHUNK);
    await q.query(
      `INSERT INTO pool_system (catalog_version, domain, month, system, questionnaires)
       SELECT v, d, m, s::uuid, string_to_array(qs, ',')
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) AS x(v, d, m, s, qs)`,
      [
        part.map((c) => c.catalogVersion),
        part.map((c) => c.domain),
        part.map((c) => c.month),
        part.map((c) => c.system),
        part.map((c) => c.questionnaires.join(",")),
      ],
    );
  }
  // running totals of pool_system per questionnaire (004_pool_questionnaires.sql)
  await addTotals(q, "pool_questionnaire", "questionnaire", contributions, (c) => c.questionnaires);
  const answers = shuffle(contributions.flatMap((c) => c.answers.map((a) => ({ c, a }))));
  for (let i = 0; i < answers.length; i += CHUNK) {
    const part = answers.slice(i, i + CHUNK);
    const columns = [
      part.map((x) => x.c.catalogVersion),
      part.map((x) => x.a.questionId),
      part.map((x) => x.a.answer),
      part.map((x) => x.c.domain),
      part.map((x) => x.c.month),
      part.map((x) => x.c.system),
    ];
    const input =
      "unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) AS x(v, qid, a, d, m, s)";
    await q.query(
      `INSERT INTO pool_answer (catalog_version, question_id, answer, domain, month, system)
       SELECT v, qid, a, d, m, s::uuid FROM ${input}`,
      columns,
    );
    // running totals (002_pool_counts.sql): each row is one (system, question, answer), so counts
    // per answer simply add up across chunks and calls
    await q.query(
      `INSERT INTO pool_count AS p (catalog_version, question_id, answer, domain, month, systems)
       SELECT v, qid, a, d, m, count(*) FROM ${input} GROUP BY v, qid, a, d, m
       ON CONFLICT (catalog_version, question_id, domain, month, answer)
       DO UPDATE SET systems = p.systems + excluded.systems`,
      columns,
    );
  }
  // Systems per question: counted per contribution, so a multiple-choice answer whose options fell
  // into different chunks still counts one system.
  await addTotals(q, "pool_question", "question_id", contributions, (c) =>
    c.answers.map((a) => a.questionId),
  );
  const mitigations = shuffle(contributions.flatMap((c) => (c.mitigations ?? []).map((m) => ({ c, m }))));
  for (let i = 0; i < mitigations.length; i += CHUNK) {
    const part = mitigations.slice(i, i + CHUNK);
    await q.query(
      `INSERT INTO pool_mitigation (catalog_version, mitigation, strength, domain, month, system)
       SELECT v, mid, st, d, m, s::uuid
         FROM unnest($1::text[], $2::text[], $3::real[], $4::text[], $5::text[], $6::text[]) AS x(v, mid, st, d, m, s)`,
      [
        part.map((x) => x.c.catalogVersion),
        part.map((x) => x.m.mitigation),
        part.map((x) => x.m.strength),
        part.map((x) => x.c.domain),
        part.map((x) => x.c.month),
        part.map((x) => x.c.system),
      ],
    );
  }
  const scored = shuffle(contributions.filter((c) => c.residual !== null));
  for (let i = 0; i < scored.length; i += CHUNK) {
    const part = scored.slice(i, i + CHUNK);
    await q.query(
      `INSERT INTO pool_score (catalog_version, domain, month, system, residual, overall)
       SELECT v, d, m, s::uuid, r::jsonb, o
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::real[]) AS x(v, d, m, s, r, o)`,
      [
        part.map((c) => c.catalogVersion),
        part.map((c) => c.domain),
        part.map((c) => c.month),
        part.map((c) => c.system),
        part.map((c) => JSON.stringify(c.residual?.byClass)),
        part.map((c) => c.residual?.overall ?? 0),
      ],
    );
  }
}

/**
 * Inside a transaction: if the owner consented, pool every finished questionnaire not pooled yet,
 * as one contribution. The score row is added when this completes the set of three questionnaires.
 */
export async function poolFinished(
  ctx: StoreContext,
  tx: Tx,
  principal: Principal,
): Promise<Questionnaire[]> {
  const id = principal.assessmentId;
  const assessment = await tx.query<{ consent: boolean; domain: string | null }>(
    "SELECT consent, domain FROM assessment WHERE id = $1 FOR UPDATE",
    [id],
  );
  if (!assessment[0]?.consent) return [];
  const states = await tx.query<{ questionnaire: Questionnaire; finished: boolean; pooled: boolean }>(
    "SELECT questionnaire, finished, pooled FROM questionnaire_state WHERE assessment_id = $1",
    [id],
  );
  const now = states.filter((s) => s.finished && !s.pooled).map((s) => s.questionnaire);
  if (now.length === 0) return [];
  const catalog = getCatalog(principal.catalogVersion);
  if (!catalog) return [];
  const rows = await tx.query<{ question_id: string; value: AnswerValue }>(
    "SELECT question_id, value FROM answer WHERE assessment_id = $1 AND value IS NOT NULL",
    [id],
  );
  const answers: Answers = Object.fromEntries(rows.map((r) => [r.question_id, r.value]));
  const pooledBefore = states.filter((s) => s.pooled).map((s) => s.questionnaire);
  const complete = QUESTIONNAIRES.every((q) => pooledBefore.includes(q) || now.includes(q));
  const contribution = buildContribution(catalog, answers, now, {
    domain: trendDomain(assessment[0].domain, answers),
    month: monthOf(ctx.now()),
    withScore: complete,
  });
  await insertContributions(tx, [contribution]);
  await tx.query(
    "UPDATE questionnaire_state SET pooled = true WHERE assessment_id = $1 AND questionnaire = ANY($2)",
    [id, now],
  );
  return now;
}

/** Record the owner's consent; consenting pools what is already finished. */
export async function setConsent(
  ctx: StoreContext,
  principal: Principal,
  consent: boolean,
): Promise<{ consent: boolean; pooled: Questionnaire[] }> {
  return ctx.db.transaction(async (tx) => {
    await tx.query("UPDATE assessment SET consent = $2 WHERE id = $1", [principal.assessmentId, consent]);
    return { consent, pooled: consent ? await poolFinished(ctx, tx, principal) : [] };
  });
}
