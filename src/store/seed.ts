// Generated, realistic answer sets for seeding the trends pool (demos, benchmarks, tests): each
// system gets a domain and a security maturity, and mature systems lean towards safer options.

import { allQuestions, findQuestion, isShown } from "../catalog/index.js";
import type { Answers, AnswerValue } from "../contracts/answers.js";
import { type Catalog, DONT_KNOW, type Option } from "../contracts/catalog.js";
import { DOMAIN_QUESTION } from "./assessments.js";

/** Mean maturity (0..1) per domain: regulated domains tend to answer more defensively. */
const DOMAIN_MATURITY: Record<string, number> = {
  finance: 0.66,
  healthcare: 0.55,
  critical_infrastructure: 0.6,
  public_sector: 0.45,
  security: 0.62,
  transport: 0.5,
  hr_education: 0.38,
  ecommerce_marketing: 0.4,
  media_social: 0.35,
  industry_iot: 0.45,
  other: 0.4,
};

/** Relative frequency of each domain in the generated pool. */
const DOMAIN_WEIGHT: Record<string, number> = {
  finance: 18,
  healthcare: 12,
  ecommerce_marketing: 14,
  media_social: 8,
  public_sector: 8,
  industry_iot: 9,
  critical_infrastructure: 5,
  transport: 5,
  security: 6,
  hr_education: 5,
  other: 10,
};

/** A small seeded PRNG (mulberry32): the same seed gives the same pool. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pickWeighted<T>(items: readonly T[], weights: readonly number[], random: () => number): T {
  const total = weights.reduce((s, w) => s + w, 0);
  let r = random() * total;
  for (let i = 0; i < items.length; i++) {
    r -= weights[i] ?? 0;
    if (r <= 0) return items[i] as T;
  }
  return items[items.length - 1] as T;
}

/** How defensive an option is: lower exposure and evidenced mitigations count up, weaknesses down. */
export function safety(option: Option): number {
  const e = option.effects;
  const exposure = Object.values(e.exposure ?? {}).reduce((s, x) => s + (x ?? 0), 0);
  const evidence = (e.evidences ?? []).reduce((s, x) => s + x.strength, 0);
  const impact = Object.values(e.impact ?? {}).reduce((s, x) => Math.max(s, x ?? 0), 0);
  return (
    -exposure +
    2 * evidence -
    (e.missing?.length ?? 0) -
    Math.max(0, impact - 3) * 0.5 +
    (e.maturity ?? 0) * 0.5
  );
}

/** A domain id drawn with realistic frequencies, limited to the ones the catalog offers. */
export function sampleDomain(catalog: Catalog, random: () => number): string {
  const offered =
    findQuestion(catalog, DOMAIN_QUESTION)?.options.map((o) => o.id) ?? Object.keys(DOMAIN_WEIGHT);
  return pickWeighted(
    offered,
    offered.map((d) => DOMAIN_WEIGHT[d] ?? 3),
    random,
  );
}

/**
 * Answers to every shown question of a catalog for one generated system: options are drawn with
 * weights exp(strength × (maturity − 0.5) × safety), "don't know" more often for immature systems.
 */
export function sampleAnswers(catalog: Catalog, domain: string, random: () => number): Answers {
  const mean = DOMAIN_MATURITY[domain] ?? 0.45;
  const maturity = Math.min(1, Math.max(0, mean + (random() + random() + random() - 1.5) * 0.35));
  const lean = 3 * (maturity - 0.5);
  const answers: Record<string, AnswerValue> = {};
  const shown = new Set<string>();
  for (const q of allQuestions(catalog)) {
    if (!isShown(q, answers, shown)) continue;
    shown.add(q.id);
    if (q.id === DOMAIN_QUESTION && q.options.some((o) => o.id === domain)) {
      answers[q.id] = domain;
      continue;
    }
    if (q.dontKnow && random() < 0.03 + 0.1 * (1 - maturity)) {
      answers[q.id] = DONT_KNOW;
      continue;
    }
    const weights = q.options.map((o) => Math.exp(lean * Math.max(-3, Math.min(3, safety(o)))));
    if (q.type === "multiple") {
      const top = Math.max(...weights);
      const picked = q.options.filter((_, i) => random() < 0.6 * ((weights[i] ?? 0) / top));
      answers[q.id] =
        picked.length > 0 ? picked.map((o) => o.id) : [pickWeighted(q.options, weights, random).id];
    } else {
      answers[q.id] = pickWeighted(q.options, weights, random).id;
    }
  }
  return answers;
}
