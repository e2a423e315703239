// Turns answers into the raw factors of the risk model: exposure per class (likelihood), stated
// impact, mitigation strengths and maturity points, each with the answers that moved it.

import { describeAnswer, questionnaireOf, sectionOfQuestion, selectedOptions } from "../catalog/model.js";
import type { Answers, AnswerValue } from "../contracts/answers.js";
import {
  ATTACK_CLASSES,
  type AttackClass,
  type Catalog,
  DONT_KNOW,
  type Option,
  type Question,
  STAGES,
  type Stage,
} from "../contracts/catalog.js";
import type { Explanation } from "../contracts/result.js";

type PerClass<T> = Record<AttackClass, T>;

/** Build a record with one value per attack class. */
export function perClass<T>(make: (c: AttackClass) => T): PerClass<T> {
  return Object.fromEntries(ATTACK_CLASSES.map((c) => [c, make(c)])) as PerClass<T>;
}

/** Exposure an answer adds for one class. "Don't know" is the midpoint of best and worst option. */
export function exposureOf(question: Question, value: AnswerValue, c: AttackClass): number {
  const step = (o: Option) => o.effects.exposure?.[c] ?? 0;
  if (value === DONT_KNOW) {
    const steps = question.options.map(step);
    const worst =
      question.type === "multiple"
        ? steps.filter((s) => s > 0).reduce((a, b) => a + b, 0)
        : Math.max(...steps);
    const best =
      question.type === "multiple"
        ? steps.filter((s) => s < 0).reduce((a, b) => a + b, 0)
        : Math.min(...steps);
    return (worst + best) / 2;
  }
  return selectedOptions(question, value).reduce((sum, o) => sum + step(o), 0);
}

/** The highest positive exposure any answer to this question could add (for the heat map scale). */
function maxExposureOf(question: Question, c: AttackClass): number {
  const steps = question.options.map((o) => Math.max(0, o.effects.exposure?.[c] ?? 0));
  return question.type === "multiple" ? steps.reduce((a, b) => a + b, 0) : Math.max(0, ...steps);
}

export interface Factors {
  exposure: PerClass<{ sum: number; known: boolean; because: Explanation[] }>;
  impact: PerClass<{ level: number | null; shift: number; because: Explanation[] }>;
  /** Strength 0..1 of each mitigation in place, with the answers that evidence it. */
  mitigations: Map<string, { strength: number; because: string[] }>;
  /** Mitigations named as missing by chosen answers, with the answers that name them. */
  missing: Map<string, string[]>;
  maturity: { points: number[]; because: Explanation[] };
  heat: Record<Stage, PerClass<{ present: number; possible: number }>>;
}

const fmt = (n: number) => (n > 0 ? `+${n}` : `${n}`);

/** Collect every factor from the shown, answered questions. */
export function collectFactors(catalog: Catalog, shown: readonly Question[], answers: Answers): Factors {
  const f: Factors = {
    exposure: perClass(() => ({ sum: 0, known: false, because: [] })),
    impact: perClass(() => ({ level: null, shift: 0, because: [] })),
    mitigations: new Map(),
    missing: new Map(),
    maturity: { points: [], because: [] },
    heat: Object.fromEntries(
      STAGES.map((s) => [s, perClass(() => ({ present: 0, possible: 0 }))]),
    ) as Factors["heat"],
  };
  for (const question of shown) {
    const stage = sectionOfQuestion(catalog, question.id)?.stage;
    for (const c of ATTACK_CLASSES) if (stage) f.heat[stage][c].possible += maxExposureOf(question, c);
    const value = answers[question.id];
    if (value === undefined) continue;
    const answer = describeAnswer(question, value);
    const picked = selectedOptions(question, value);
    const questionnaire = questionnaireOf(question.id);

    for (const c of ATTACK_CLASSES) {
      const step = exposureOf(question, value, c);
      if (questionnaire === "surface") f.exposure[c].known = true;
      if (stage && step > 0) f.heat[stage][c].present += step;
      if (step !== 0) {
        const dk = value === DONT_KNOW ? " (unknown, so counted halfway)" : "";
        f.exposure[c].sum += step;
        f.exposure[c].because.push({
          question: question.id,
          answer,
          effect: step,
          text: `"${question.text}" → ${answer}: ${step > 0 ? "easier" : "harder"} for the attacker (${fmt(step)})${dk}.`,
        });
      }
    }

    const impactOptions = value === DONT_KNOW ? question.options : picked;
    for (const c of ATTACK_CLASSES) {
      const levels = impactOptions
        .map((o) => o.effects.impact?.[c])
        .filter((l): l is number => l !== undefined);
      if (levels.length > 0) {
        const level =
          value === DONT_KNOW
            ? Math.ceil((Math.max(...levels) + Math.min(...levels)) / 2)
            : Math.max(...levels);
        const entry = f.impact[c];
        entry.level = Math.max(entry.level ?? 0, level);
        entry.because.push({
          question: question.id,
          answer,
          effect: level,
          text: `"${question.text}" → ${answer}: damage level ${level}/5${value === DONT_KNOW ? " (unknown, midpoint assumed)" : ""}.`,
        });
      }
      const shift = picked.reduce((s, o) => s + (o.effects.impactShift?.[c] ?? 0), 0);
      if (shift !== 0) {
        f.impact[c].shift += shift;
        f.impact[c].because.push({
          question: question.id,
          answer,
          effect: shift,
          text: `"${question.text}" → ${answer}: impact ${shift > 0 ? "raised" : "lowered"} by ${Math.abs(shift)}.`,
        });
      }
    }

    for (const option of picked) {
      for (const ev of option.effects.evidences ?? []) {
        const entry = f.mitigations.get(ev.mitigation) ?? { strength: 0, because: [] };
        entry.strength = Math.max(entry.strength, ev.strength);
        entry.because.push(`"${question.text}" → ${option.label}`);
        f.mitigations.set(ev.mitigation, entry);
      }
      for (const id of option.effects.missing ?? []) {
        f.missing.set(id, [...(f.missing.get(id) ?? []), `"${question.text}" → ${option.label}`]);
      }
    }
    if (value === DONT_KNOW) {
      // An unknown answer leaves open every weakness its options could leave open.
      for (const option of question.options) {
        for (const id of option.effects.missing ?? []) {
          const why = `"${question.text}" → don't know`;
          const list = f.missing.get(id) ?? [];
          if (!list.includes(why)) f.missing.set(id, [...list, why]);
        }
      }
    }

    const withMaturity = question.options.some((o) => o.effects.maturity !== undefined);
    if (withMaturity) {
      const points = value === DONT_KNOW ? 0 : Math.max(0, ...picked.map((o) => o.effects.maturity ?? 0));
      f.maturity.points.push(points);
      f.maturity.because.push({
        question: question.id,
        answer,
        effect: points,
        text: `"${question.text}" → ${answer}: ${points}/4${value === DONT_KNOW ? " (unknown counts as not in place)" : ""}.`,
      });
    }
  }
  return f;
}
