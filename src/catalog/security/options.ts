// Shared option builders for the security questionnaire: the yes / partial / no ladder used by
// every "is this defence in place?" question, so each question only states its own wording.
import type { Option } from "../../contracts/catalog.js";

/** Wording of one answer: the label shown and an optional one-sentence trade-off or reason. */
export interface Choice {
  label: string;
  note?: string;
}

/**
 * Options `yes`, `partial` and `no` for a question asking whether `mitigation` is in place:
 * yes evidences it fully, partial evidences it at half strength and still recommends it,
 * no recommends it.
 */
export function inPlace(mitigation: string, choices: { yes: Choice; partial: Choice; no: Choice }): Option[] {
  return [
    { id: "yes", ...choices.yes, effects: { evidences: [{ mitigation, strength: 1 }] } },
    {
      id: "partial",
      ...choices.partial,
      effects: { evidences: [{ mitigation, strength: 0.5 }], missing: [mitigation] },
    },
    { id: "no", ...choices.no, effects: { missing: [mitigation] } },
  ];
}

/** An answer that takes the question out of play for this system (context only, no score change). */
export function notApplicable(id: string, choice: Choice): Option {
  return { id, ...choice, effects: { informational: true } };
}
