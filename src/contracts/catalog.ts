// Schemas and types for the question catalog: questionnaires, sections, questions, options and
// their effects, mitigations and cross-questionnaire contradiction rules. Data only, no logic.
import { z } from "zod";
import { DONT_KNOW, NO_ANSWER } from "./reserved.js";

/** The attack classes mlsa scores. Training-data inference is split into three. */
export const ATTACK_CLASSES = [
  "evasion",
  "poisoning",
  "extraction",
  "membership",
  "inversion",
  "attribute",
] as const;
export const AttackClass = z.enum(ATTACK_CLASSES);
export type AttackClass = z.infer<typeof AttackClass>;

/** Human-readable names of the attack classes. */
export const ATTACK_CLASS_NAMES = {
  evasion: "Model evasion",
  poisoning: "Model poisoning (incl. backdoors)",
  extraction: "Model stealing (extraction)",
  membership: "Membership inference",
  inversion: "Model inversion",
  attribute: "Attribute inference",
} as const satisfies Record<AttackClass, string>;

/** The three questionnaires, one per kind of respondent. */
export const QUESTIONNAIRES = ["risk", "surface", "security"] as const;
export const Questionnaire = z.enum(QUESTIONNAIRES);
export type Questionnaire = z.infer<typeof Questionnaire>;

export const QUESTIONNAIRE_INFO = {
  risk: { title: "Risk & impact", audience: "decision makers (management, legal, risk)" },
  surface: {
    title: "Attack surface & vulnerabilities",
    audience: "ML practitioners (data scientists, data and software engineers)",
  },
  security: { title: "Security of the ML system", audience: "security experts" },
} as const satisfies Record<Questionnaire, { title: string; audience: string }>;

/** The five lifecycle stages of the attack-surface questionnaire. */
export const STAGES = ["design", "data", "training", "deployment", "inference"] as const;
export const Stage = z.enum(STAGES);
export type Stage = z.infer<typeof Stage>;

export const STAGE_NAMES = {
  design: "Design & implementation",
  data: "Data collection",
  training: "Training",
  deployment: "Deployment & integration",
  inference: "Inference",
} as const satisfies Record<Stage, string>;

export const QUESTION_TYPES = ["single", "multiple", "yesno", "scale"] as const;
export const QuestionType = z.enum(QUESTION_TYPES);
export type QuestionType = z.infer<typeof QuestionType>;

/** Assets an attack can compromise. */
export const ASSETS = ["model", "training_data", "predictions", "service"] as const;
export const Asset = z.enum(ASSETS);
export type Asset = z.infer<typeof Asset>;

export { DONT_KNOW, NO_ANSWER } from "./reserved.js";

const snake = /^[a-z][a-z0-9_]*$/;
export const OptionId = z
  .string()
  .regex(snake, "option ids are snake_case")
  .refine((s) => s !== DONT_KNOW && s !== NO_ANSWER, "dont_know and no_answer are reserved");
export const QuestionId = z.string().regex(/^(risk|surface|security)\.[a-z0-9_]+\.[a-z0-9_]+$/, {
  message: "question ids look like questionnaire.section.name",
});
export const MitigationId = z.string().regex(/^m\.[a-z0-9_]+$/, "mitigation ids look like m.name");
export const AtlasTechniqueId = z.string().regex(/^AML\.T\d{4}(\.\d{3})?$/);
export const AtlasMitigationId = z.string().regex(/^AML\.M\d{4}$/);

/** Exposure step: -3 (much harder for the attacker) .. +3 (major enabler). */
export const ExposureStep = z.number().int().min(-3).max(3);
/** Impact level 1 (negligible) .. 5 (severe). */
export const ImpactLevel = z.number().int().min(1).max(5);

const classRecord = <T extends z.ZodType>(value: T) => z.partialRecord(AttackClass, value);

/** What choosing an option does to the risk picture. */
export const OptionEffects = z
  .object({
    /** Change in attack likelihood per class (surface and some security answers). */
    exposure: classRecord(ExposureStep).optional(),
    /** Damage of a successful attack of this class, 1..5 (risk answers); the highest stated level wins. */
    impact: classRecord(ImpactLevel).optional(),
    /** Shift of impact per class, -1..+1 (e.g. human review of decisions lowers it). */
    impactShift: classRecord(z.number().int().min(-1).max(1)).optional(),
    /** Assets this answer says would be compromised or exposed. */
    assets: z.array(Asset).optional(),
    /** Mitigations this answer shows to be in place, with how completely (0..1]. */
    evidences: z.array(z.object({ mitigation: MitigationId, strength: z.number().gt(0).max(1) })).optional(),
    /** Mitigations that would close the weakness this answer leaves open. */
    missing: z.array(MitigationId).optional(),
    /** Risk-management maturity points 0..4 (process questions only). */
    maturity: z.number().int().min(0).max(4).optional(),
    /** True when the option is asked for context only and changes no score. */
    informational: z.literal(true).optional(),
  })
  .strict();
export type OptionEffects = z.infer<typeof OptionEffects>;

export const Option = z
  .object({
    id: OptionId,
    label: z.string().min(1),
    /** Why this answer matters or what it trades off, shown with the answer in explanations. */
    note: z.string().optional(),
    effects: OptionEffects,
  })
  .strict();
export type Option = z.infer<typeof Option>;

/** Show a question only when an earlier question's answer includes one of `anyOf`. */
export const Condition = z.object({ question: QuestionId, anyOf: z.array(OptionId).min(1) }).strict();
export type Condition = z.infer<typeof Condition>;

export const Question = z
  .object({
    id: QuestionId,
    /** Section id within the questionnaire (the middle part of the question id). */
    section: z.string().regex(snake),
    type: QuestionType,
    text: z.string().min(10),
    /** "Why this matters": teaches the attack behind the question. */
    hint: z.string().min(40),
    options: z.array(Option).min(2),
    /** Whether "don't know" is an honest answer here. */
    dontKnow: z.boolean(),
    /** All conditions must hold for the question to be shown. */
    showIf: z.array(Condition).optional(),
    /** ATLAS technique ids the question is about. */
    atlas: z.array(AtlasTechniqueId),
  })
  .strict();
export type Question = z.infer<typeof Question>;

export const Section = z
  .object({
    id: z.string().regex(snake),
    questionnaire: Questionnaire,
    title: z.string().min(1),
    intro: z.string().min(20),
    /** Lifecycle stage (attack-surface sections only). */
    stage: Stage.optional(),
    questions: z.array(Question).min(1),
  })
  .strict();
export type Section = z.infer<typeof Section>;

export const Mitigation = z
  .object({
    id: MitigationId,
    name: z.string().min(1),
    description: z.string().min(20),
    /** Fraction of likelihood removed per class when fully in place, 0..0.9. */
    reduces: classRecord(z.number().gt(0).max(0.9)),
    tradeoff: z.string().min(10),
    /** ATLAS mitigation id, or null when ATLAS has none (then atlasNote says so). */
    atlas: AtlasMitigationId.nullable(),
    atlasNote: z.string().optional(),
    /** The mitigation cannot act when any of these answers is given (e.g. rate limits without an API). */
    notApplicableWhen: z
      .array(z.object({ question: z.string(), anyOf: z.array(z.string()).min(1) }).strict())
      .optional(),
  })
  .strict();
export type Mitigation = z.infer<typeof Mitigation>;

/** Two answers, usually from different respondents, that cannot both be true. */
export const Contradiction = z
  .object({
    id: z.string().regex(snake),
    a: Condition,
    b: Condition,
    message: z.string().min(20),
  })
  .strict();
export type Contradiction = z.infer<typeof Contradiction>;

export const Catalog = z
  .object({
    version: z.string().regex(/^\d+\.\d+\.\d+$/),
    sections: z.array(Section),
    mitigations: z.array(Mitigation),
    contradictions: z.array(Contradiction),
  })
  .strict();
export type Catalog = z.infer<typeof Catalog>;
