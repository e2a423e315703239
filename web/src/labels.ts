// Display names for the contract's unions. Kept here (not imported from src/contracts, which would
// pull zod into the bundle); test/e2e/web-static.test.ts checks they match the contracts.
import type { AttackClass, Questionnaire, Stage } from "../../src/contracts/catalog.js";
import type { Rating } from "../../src/contracts/result.js";

export const ATTACK_CLASSES = [
  "evasion",
  "poisoning",
  "extraction",
  "membership",
  "inversion",
  "attribute",
] as const satisfies readonly AttackClass[];

export const ATTACK_CLASS_NAMES = {
  evasion: "Model evasion",
  poisoning: "Model poisoning (incl. backdoors)",
  extraction: "Model stealing (extraction)",
  membership: "Membership inference",
  inversion: "Model inversion",
  attribute: "Attribute inference",
} as const satisfies Record<AttackClass, string>;

/** Short names for chart axes on small screens. */
export const ATTACK_CLASS_SHORT = {
  evasion: "Evasion",
  poisoning: "Poisoning",
  extraction: "Extraction",
  membership: "Membership",
  inversion: "Inversion",
  attribute: "Attribute",
} as const satisfies Record<AttackClass, string>;

export const QUESTIONNAIRES = ["risk", "surface", "security"] as const satisfies readonly Questionnaire[];

export const QUESTIONNAIRE_INFO = {
  risk: { title: "Risk & impact", audience: "decision makers (management, legal, risk)" },
  surface: {
    title: "Attack surface & vulnerabilities",
    audience: "ML practitioners (data scientists, data and software engineers)",
  },
  security: { title: "Security of the ML system", audience: "security experts" },
} as const satisfies Record<Questionnaire, { title: string; audience: string }>;

/** What each respondent is asked about, for the owner's hand-over note. */
export const QUESTIONNAIRE_ASKS = {
  risk: "what is at stake: the application, how predictions are used, the damage of an attack and how risk is managed",
  surface:
    "the attack surface along the lifecycle: design, data collection, training, deployment and inference",
  security: "what has been tested and which defences are in place",
} as const satisfies Record<Questionnaire, string>;

export const STAGES = [
  "design",
  "data",
  "training",
  "deployment",
  "inference",
] as const satisfies readonly Stage[];

export const STAGE_NAMES = {
  design: "Design & implementation",
  data: "Data collection",
  training: "Training",
  deployment: "Deployment & integration",
  inference: "Inference",
} as const satisfies Record<Stage, string>;

export const RATING_WORDS = {
  low: "Low",
  medium: "Medium",
  high: "High",
  critical: "Critical",
} as const satisfies Record<Rating, string>;

/** The ATLAS page of a technique or mitigation id. */
export function atlasUrl(id: string): string {
  return id.startsWith("AML.M")
    ? `https://atlas.mitre.org/mitigations/${id}`
    : `https://atlas.mitre.org/techniques/${id}`;
}
