// The MITRE ATLAS techniques an assessment finds exposed: every technique cited by a question whose
// answer made an attack class easier, scored by that class's residual risk.

import { ATLAS_TECHNIQUES } from "../catalog/atlas-data.js";
import { findQuestion } from "../catalog/model.js";
import type { AttackClass, Catalog } from "../contracts/catalog.js";
import type { RiskPicture } from "../contracts/result.js";

/** One answer that exposes a technique. */
export interface ExposingAnswer {
  question: string;
  questionText: string;
  answer: string;
  /** Classes this answer made easier, with its exposure step for each. */
  steps: Partial<Record<AttackClass, number>>;
}

export interface ExposedTechnique {
  id: string;
  name: string;
  url: string;
  tactics: string[];
  parent?: string;
  /** Highest residual score (1..25) among the attack classes exposed through this technique. */
  score: number;
  classes: AttackClass[];
  answers: ExposingAnswer[];
}

const ATLAS_BY_ID = new Map(ATLAS_TECHNIQUES.map((t) => [t.id, t]));

/** Look up an ATLAS technique (id, name, tactics, url) in the vendored ATLAS data. */
export function atlasTechnique(id: string): (typeof ATLAS_TECHNIQUES)[number] | undefined {
  return ATLAS_BY_ID.get(id);
}

/**
 * Techniques exposed by the answers behind `picture`, highest score first. A technique counts when a
 * question citing it moved some class's likelihood up; ids unknown to ATLAS are left out.
 */
export function exposedTechniques(picture: RiskPicture, catalog: Catalog): ExposedTechnique[] {
  const found = new Map<string, ExposedTechnique>();
  for (const result of picture.classes) {
    for (const e of result.likelihood.because) {
      if (e.effect <= 0) continue;
      const question = findQuestion(catalog, e.question);
      if (!question) continue;
      for (const id of question.atlas) {
        const atlas = ATLAS_BY_ID.get(id);
        if (!atlas) continue;
        const entry = found.get(id) ?? {
          id,
          name: atlas.name,
          url: atlas.url,
          tactics: [...atlas.tactics],
          ...(atlas.parent ? { parent: atlas.parent } : {}),
          score: 0,
          classes: [],
          answers: [],
        };
        entry.score = Math.max(entry.score, result.residual.score);
        if (!entry.classes.includes(result.attackClass)) entry.classes.push(result.attackClass);
        let answer = entry.answers.find((a) => a.question === question.id);
        if (!answer) {
          answer = { question: question.id, questionText: question.text, answer: e.answer, steps: {} };
          entry.answers.push(answer);
        }
        answer.steps[result.attackClass] = e.effect;
        found.set(id, entry);
      }
    }
  }
  return [...found.values()].sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
}
