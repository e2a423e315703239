// Test support for the reports: deterministic, realistic answers to a whole catalog (a mix of
// exposed and defended answers with some "don't know"), scored with the real scoring model.

import { readFileSync } from "node:fs";
import { parseAnswerText } from "../catalog/answer-file.js";
import { validateAnswerFile } from "../catalog/answers.js";
import { allQuestions, isShown, questionnaireOf } from "../catalog/model.js";
import type { AnswerFile, Answers, AnswerValue } from "../contracts/answers.js";
import { type Catalog, DONT_KNOW, type Option, type Question } from "../contracts/catalog.js";
import type { LabRun } from "../contracts/lab.js";
import type { RiskPicture } from "../contracts/result.js";
import { score } from "../scoring/index.js";

/** FNV-1a of a string: a stable pseudo-random choice per question id. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

const exposure = (o: Option) => Object.values(o.effects.exposure ?? {}).reduce((a, b) => a + b, 0);
const impact = (o: Option) => Math.max(0, ...Object.values(o.effects.impact ?? {}));
const defence = (o: Option) => (o.effects.evidences ?? []).reduce((a, e) => a + e.strength, 0) - exposure(o);

function choose(q: Question, salt: string): AnswerValue {
  const h = hash(`${salt}:${q.id}`);
  if (q.dontKnow && h % 9 === 0) return DONT_KNOW;
  const kind = questionnaireOf(q.id);
  const worse = { risk: (o: Option) => impact(o), surface: exposure, security: (o: Option) => -defence(o) }[
    kind
  ];
  const ranked = [...q.options].sort((a, b) => worse(b) - worse(a));
  // Lean towards the exposed (high-impact, undefended) end two times in three, otherwise any option.
  const pick = h % 3 === 0 ? q.options[(h >>> 4) % q.options.length]! : ranked[0]!;
  if (q.type !== "multiple") return pick.id;
  const second = q.options[(h >>> 8) % q.options.length]!;
  return [...new Set([pick.id, second.id])];
}

/** Answers to every shown question of `catalog`, chosen deterministically from `salt`. */
export function sampleAnswers(catalog: Catalog, salt = "fraud-api"): Answers {
  const answers: Record<string, AnswerValue> = {};
  const shown = new Set<string>();
  for (const q of allQuestions(catalog)) {
    if (!isShown(q, answers, shown)) continue;
    shown.add(q.id);
    answers[q.id] = choose(q, salt);
  }
  return answers;
}

/** A realistic risk picture of a whole catalog. */
export function samplePicture(catalog: Catalog, salt?: string): RiskPicture {
  return score(catalog, { answers: sampleAnswers(catalog, salt) });
}

/** One of the example answer files under examples/ (e.g. "fraud-feedback"), validated and scored. */
export function example(name: string): { file: AnswerFile; catalog: Catalog; picture: RiskPicture } {
  const text = readFileSync(new URL(`../../examples/${name}.yaml`, import.meta.url), "utf8");
  const { file, catalog } = validateAnswerFile(parseAnswerText(text));
  return { file, catalog, picture: score(catalog, { answers: file.answers, verified: file.verified }) };
}

/** A finished membership-inference lab run with ROC points, as the lab would store it. */
export function sampleLabRun(): LabRun {
  const fpr = [0, 0.001, 0.01, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1];
  const tpr = [0, 0.02, 0.09, 0.26, 0.4, 0.58, 0.77, 0.88, 0.95, 1];
  return {
    id: "run-0001",
    attack: "membership-threshold",
    family: "inference",
    target: {
      kind: "demo",
      description: "demo victim: iris logistic regression",
      output: "probs",
      numClasses: 3,
      inputShape: [4],
      inputBounds: { min: 0, max: 8 },
    },
    params: { threshold: "calibrated" },
    seed: 7,
    budget: 500,
    state: "succeeded",
    queriesUsed: 300,
    wallTimeMs: 1840,
    metrics: { auc: 0.71, tprAt1PctFpr: 0.09, tprAt01PctFpr: 0.02 },
    summary:
      "Confidence-threshold membership inference reaches AUC 0.71: the API leaks which records were trained on.",
    examples: [{ label: "roc", values: { fpr, tpr } }],
    startedAt: "2025-01-01T10:00:00.000Z",
    finishedAt: "2025-01-01T10:00:01.840Z",
  };
}
