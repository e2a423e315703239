// Schema of the risk picture that scoring produces from answers. Shared by the CLI, the server,
// the reports and the web app.
import { z } from "zod";
import { AttackClass, MitigationId, Questionnaire, Stage } from "./catalog.js";

export const RATINGS = ["low", "medium", "high", "critical"] as const;
export const Rating = z.enum(RATINGS);
export type Rating = z.infer<typeof Rating>;

/** One answer's contribution to one number, in words. */
export const Explanation = z.object({
  question: z.string(),
  answer: z.string(),
  /** Signed contribution: exposure steps for likelihood, level for impact, strength for coverage. */
  effect: z.number(),
  text: z.string(),
});
export type Explanation = z.infer<typeof Explanation>;

export const ClassResult = z.object({
  attackClass: AttackClass,
  name: z.string(),
  likelihood: z.object({
    /** Inherent likelihood 0..1 before mitigations. */
    value: z.number().min(0).max(1),
    level: z.number().int().min(1).max(5),
    /** Sum of exposure steps from answers. */
    exposure: z.number(),
    known: z.boolean(),
    because: z.array(Explanation),
  }),
  impact: z.object({
    level: z.number().int().min(1).max(5),
    known: z.boolean(),
    because: z.array(Explanation),
  }),
  coverage: z.object({
    /** Fraction 0..1 of likelihood removed by mitigations in place. */
    value: z.number().min(0).max(1),
    known: z.boolean(),
    because: z.array(Explanation),
  }),
  residual: z.object({
    value: z.number().min(0).max(1),
    level: z.number().int().min(1).max(5),
    /** likelihood level x impact level, 1..25. */
    score: z.number().int().min(1).max(25),
    /** Continuous residual used for ranking: residual likelihood x impact, 0..5. */
    weight: z.number().min(0).max(5),
    rating: Rating,
  }),
  summary: z.string(),
});
export type ClassResult = z.infer<typeof ClassResult>;

export const Recommendation = z.object({
  mitigation: MitigationId,
  name: z.string(),
  description: z.string(),
  tradeoff: z.string(),
  atlas: z.string().nullable(),
  atlasUrl: z.string().nullable(),
  /** Current strength 0..1 of the mitigation in place. */
  inPlace: z.number().min(0).max(1),
  /** Sum over classes of the residual weight it removes when fully in place. */
  reduction: z.number().min(0),
  /** `reduction` as a share 0..1 of the total residual weight of all classes now; the figure shown. */
  share: z.number().min(0).max(1),
  classes: z.array(AttackClass),
  because: z.array(z.string()),
});
export type Recommendation = z.infer<typeof Recommendation>;

export const Gap = z.object({ question: z.string(), questionnaire: Questionnaire, text: z.string() });
export type Gap = z.infer<typeof Gap>;

export const ContradictionFound = z.object({
  id: z.string(),
  message: z.string(),
  questions: z.tuple([z.string(), z.string()]),
});
export type ContradictionFound = z.infer<typeof ContradictionFound>;

export const QuestionnaireCompleteness = z.object({
  questionnaire: Questionnaire,
  answered: z.number().int().min(0),
  dontKnow: z.number().int().min(0),
  shown: z.number().int().min(0),
  /** answered / shown, 0..1. */
  fraction: z.number().min(0).max(1),
});

export const RiskPicture = z.object({
  catalogVersion: z.string(),
  overall: z.object({ rating: Rating, top: z.array(AttackClass), summary: z.string() }),
  classes: z.array(ClassResult),
  /** Exposure 0..1 per lifecycle stage and attack class, from attack-surface answers. */
  heatmap: z.array(z.object({ stage: Stage, values: z.record(AttackClass, z.number().min(0).max(1)) })),
  maturity: z.object({
    level: z.number().int().min(1).max(5).nullable(),
    label: z.string(),
    because: z.array(Explanation),
  }),
  completeness: z.object({
    questionnaires: z.array(QuestionnaireCompleteness),
    unknown: z.array(z.string()),
  }),
  gaps: z.array(Gap),
  recommendations: z.array(Recommendation),
  contradictions: z.array(ContradictionFound),
  verified: z.array(z.object({ question: z.string(), attack: z.string(), summary: z.string() })),
});
export type RiskPicture = z.infer<typeof RiskPicture>;
