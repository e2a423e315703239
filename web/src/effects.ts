// An option's effects on the risk picture in plain words, for the catalog browser and the
// questionnaire's "what this answer means" note.
import type { Catalog, Option } from "../../src/contracts/catalog.js";
import { impactWords, stepWords } from "./format.js";
import { ATTACK_CLASS_NAMES, ATTACK_CLASSES } from "./labels.js";

const ASSET_WORDS: Record<string, string> = {
  model: "the model",
  training_data: "the training data",
  predictions: "the predictions",
  service: "the service",
};

/** Sentences describing what choosing `option` does. */
export function effectLines(catalog: Catalog, option: Option): string[] {
  const e = option.effects;
  const mitigation = (id: string) => catalog.mitigations.find((m) => m.id === id)?.name ?? id;
  const lines: string[] = [];
  if (e.informational) lines.push("Context only: this answer does not change any score.");
  for (const c of ATTACK_CLASSES) {
    const step = e.exposure?.[c];
    if (step) lines.push(`${ATTACK_CLASS_NAMES[c]} becomes ${stepWords(step)} for an attacker.`);
  }
  for (const c of ATTACK_CLASSES) {
    const level = e.impact?.[c];
    if (level)
      lines.push(
        `A successful ${ATTACK_CLASS_NAMES[c].toLowerCase()} would do ${impactWords(level)} damage.`,
      );
    const shift = e.impactShift?.[c];
    if (shift)
      lines.push(
        `The damage of ${ATTACK_CLASS_NAMES[c].toLowerCase()} ${shift > 0 ? "rises" : "falls"} a level.`,
      );
  }
  if (e.assets?.length) lines.push(`Puts at stake: ${e.assets.map((a) => ASSET_WORDS[a] ?? a).join(", ")}.`);
  for (const ev of e.evidences ?? []) {
    lines.push(
      `Counts as ${ev.strength >= 1 ? "having" : `partly having (${Math.round(ev.strength * 100)} %)`} ${mitigation(ev.mitigation).toLowerCase()}.`,
    );
  }
  if (e.missing?.length) lines.push(`Leaves open a gap closed by: ${e.missing.map(mitigation).join("; ")}.`);
  if (e.maturity !== undefined) lines.push(`Risk-management maturity: ${e.maturity} of 4 points.`);
  return lines;
}
