// The risk model: a pure, deterministic function from answers to one explainable risk picture.
// The constants and their reasons are documented in docs/scoring.md.

import { findQuestion, questionnaireOf, selectedIds, visibleQuestions } from "../catalog/model.js";
import type { Answers, Verification } from "../contracts/answers.js";
import {
  ATTACK_CLASS_NAMES,
  ATTACK_CLASSES,
  type AttackClass,
  type Catalog,
  type Question,
  STAGES,
} from "../contracts/catalog.js";
import type { ClassResult, RiskPicture } from "../contracts/result.js";
import { completeness, findContradictions, knowledgeGaps, maturityOf } from "./context.js";
import { collectFactors, type Factors, perClass } from "./factors.js";
import { ratingOf, worstFirst } from "./present.js";
import { levelOf, overallSummary, summarise } from "./words.js";

/** Slope of the logistic curve: one exposure step moves the log-odds of an attack by 0.25. */
export const SLOPE = 0.25;
/** Impact assumed when the risk questionnaire says nothing about a class. */
export const DEFAULT_IMPACT = 3;

export interface ScoreInput {
  answers: Answers;
  verified?: Readonly<Record<string, Verification>>;
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

/** Fraction of likelihood removed per class by the mitigations in place: 1 - Π(1 - s·r). */
export function coverageOf(
  catalog: Catalog,
  strengths: ReadonlyMap<string, number>,
): Record<AttackClass, number> {
  return perClass((c) => {
    let remaining = 1;
    for (const m of catalog.mitigations) remaining *= 1 - (strengths.get(m.id) ?? 0) * (m.reduces[c] ?? 0);
    return 1 - remaining;
  });
}

function classResults(
  catalog: Catalog,
  f: Factors,
  coverage: Record<AttackClass, number>,
  hasSecurity: boolean,
) {
  return ATTACK_CLASSES.map((c): ClassResult => {
    const exp = f.exposure[c];
    const likelihood = sigmoid(SLOPE * exp.sum);
    const imp = f.impact[c];
    const impactLevel = clamp((imp.level ?? DEFAULT_IMPACT) + imp.shift, 1, 5);
    const residualValue = likelihood * (1 - coverage[c]);
    const residualLevel = levelOf(residualValue);
    const score = residualLevel * impactLevel;
    const coverageBecause = catalog.mitigations
      .filter((m) => (m.reduces[c] ?? 0) > 0 && (f.mitigations.get(m.id)?.strength ?? 0) > 0)
      .map((m) => {
        const s = f.mitigations.get(m.id)?.strength ?? 0;
        const cut = s * (m.reduces[c] ?? 0);
        return {
          question: m.id,
          answer: s >= 1 ? "in place" : "partly in place",
          effect: Math.round(cut * 1000) / 1000,
          text: `${m.name} is ${s >= 1 ? "in place" : "partly in place"} (${f.mitigations.get(m.id)?.because.join("; ")}): removes ${Math.round(cut * 100)} % of the remaining likelihood.`,
        };
      });
    const byWeight = (a: { effect: number }, b: { effect: number }) =>
      Math.abs(b.effect) - Math.abs(a.effect);
    const result: ClassResult = {
      attackClass: c,
      name: ATTACK_CLASS_NAMES[c],
      likelihood: {
        value: likelihood,
        level: levelOf(likelihood),
        exposure: exp.sum,
        known: exp.known,
        because: [...exp.because].sort(byWeight),
      },
      impact: { level: impactLevel, known: imp.level !== null, because: imp.because },
      coverage: { value: coverage[c], known: hasSecurity, because: coverageBecause.sort(byWeight) },
      residual: {
        value: residualValue,
        level: residualLevel,
        score,
        weight: residualValue * impactLevel,
        rating: ratingOf(score),
      },
      summary: "",
    };
    result.summary = summarise(result);
    return result;
  });
}

/** Score answers (any subset of the three questionnaires) into a risk picture. Pure and deterministic. */
export function score(catalog: Catalog, input: ScoreInput): RiskPicture {
  const shown = visibleQuestions(catalog, input.answers);
  const f = collectFactors(catalog, shown, input.answers);
  const answeredIn = new Set(
    shown.filter((q) => input.answers[q.id] !== undefined).map((q) => questionnaireOf(q.id)),
  );
  const inapplicable = inapplicableMitigations(catalog, shown, input.answers);
  const strengths = new Map(
    [...f.mitigations].filter(([id]) => !inapplicable.has(id)).map(([id, m]) => [id, m.strength]),
  );
  for (const id of inapplicable) f.missing.delete(id);
  const classes = classResults(catalog, f, coverageOf(catalog, strengths), answeredIn.has("security"));
  const top = worstFirst(classes);
  const overall = top[0]!.residual.rating;

  return {
    catalogVersion: catalog.version,
    overall: {
      rating: overall,
      top: top.slice(0, 3).map((r) => r.attackClass),
      summary: overallSummary(top, answeredIn),
    },
    classes,
    heatmap: STAGES.map((stage) => ({
      stage,
      values: perClass((c) => {
        const cell = f.heat[stage][c];
        return cell.possible > 0 ? Math.min(1, cell.present / cell.possible) : 0;
      }),
    })),
    maturity: maturityOf(f),
    completeness: completeness(shown, input.answers, answeredIn),
    gaps: knowledgeGaps(shown, input.answers),
    recommendations: recommend(catalog, f, strengths, classes),
    contradictions: findContradictions(catalog, shown, input.answers),
    verified: Object.entries(input.verified ?? {})
      .filter(([id]) => findQuestion(catalog, id) !== undefined)
      .map(([question, v]) => ({ question, attack: v.attack, summary: v.summary })),
  };
}

/** Mitigations that cannot act on this system (e.g. query limits when there is no query interface). */
function inapplicableMitigations(
  catalog: Catalog,
  shown: readonly Question[],
  answers: Answers,
): Set<string> {
  const visible = new Set(shown.map((q) => q.id));
  return new Set(
    catalog.mitigations
      .filter((m) =>
        (m.notApplicableWhen ?? []).some(
          (c) =>
            visible.has(c.question) && selectedIds(answers[c.question]).some((id) => c.anyOf.includes(id)),
        ),
      )
      .map((m) => m.id),
  );
}

/** Rank the missing mitigations by the residual weight each removes when fully in place. */
function recommend(
  catalog: Catalog,
  f: Factors,
  strengths: ReadonlyMap<string, number>,
  classes: ClassResult[],
): RiskPicture["recommendations"] {
  const impact = Object.fromEntries(classes.map((r) => [r.attackClass, r.impact.level])) as Record<
    AttackClass,
    number
  >;
  const likelihood = Object.fromEntries(classes.map((r) => [r.attackClass, r.likelihood.value])) as Record<
    AttackClass,
    number
  >;
  const base = classes.reduce((s, r) => s + r.residual.weight, 0);
  const out: RiskPicture["recommendations"] = [];
  for (const [id, because] of f.missing) {
    const m = catalog.mitigations.find((x) => x.id === id);
    const inPlace = strengths.get(id) ?? 0;
    if (!m || inPlace >= 1) continue;
    const cover = coverageOf(catalog, new Map([...strengths, [id, 1]]));
    const after = ATTACK_CLASSES.reduce((s, c) => s + likelihood[c] * (1 - cover[c]) * impact[c], 0);
    const reduction = Math.max(0, base - after);
    out.push({
      mitigation: m.id,
      name: m.name,
      description: m.description,
      tradeoff: m.tradeoff,
      atlas: m.atlas,
      atlasUrl: m.atlas ? `https://atlas.mitre.org/mitigations/${m.atlas}` : null,
      inPlace,
      reduction,
      share: base > 0 ? Math.min(1, reduction / base) : 0,
      classes: ATTACK_CLASSES.filter((c) => (m.reduces[c] ?? 0) > 0),
      because: [...new Set(because)],
    });
  }
  return out.sort((a, b) => b.reduction - a.reduction || a.mitigation.localeCompare(b.mitigation));
}

export { diffAssessments } from "./diff.js";
