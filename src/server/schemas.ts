// Zod schemas of the HTTP API: one per endpoint for params, query, body and response. They
// validate every request, shape every response, and generate /api/openapi.json. The web app derives
// its response types from them (web/src/api.ts, type imports only), so import only zod and contracts.
import { z } from "zod";
import { AnswerFile, AnswerValue } from "../contracts/answers.js";
import { ATTACK_CLASSES, QUESTIONNAIRES, QuestionId } from "../contracts/catalog.js";
import { AttackFamily, Example, RunState, TargetInfo } from "../contracts/lab.js";

const snake = /^[a-z][a-z0-9_]*$/;

export const AssessmentId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{22}$/, "an assessment id (22 base64url characters)");
export const Questionnaire = z.enum(QUESTIONNAIRES);
export const Role = z.enum(["owner", ...QUESTIONNAIRES]);
export const Token = z.string().regex(/^[A-Za-z0-9_-]{43}$/, "a token (43 base64url characters)");
const Domain = z.string().max(100).regex(snake, "a domain id such as finance or healthcare");
const Name = z.string().trim().min(1, "a name needs at least one character").max(200);
const Version = z.string().regex(/^\d+\.\d+\.\d+$/, "a catalog version like 1.0.0");
const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "a month as YYYY-MM");

/** The error body of every 4xx/5xx response. */
export const ApiError = z.object({
  error: z.string(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })),
  current: z
    .object({ questionId: z.string(), value: AnswerValue.nullable(), revision: z.number().int() })
    .optional(),
});
export type ApiError = z.infer<typeof ApiError>;

export const IdParams = z.object({ id: AssessmentId }).strict();
export const QuestionnaireParams = z.object({ id: AssessmentId, questionnaire: Questionnaire }).strict();
export const AnswerParams = z.object({ id: AssessmentId, questionId: QuestionId }).strict();
export const RoleParams = z.object({ id: AssessmentId, role: Role }).strict();

export const QuestionnaireState = z.object({
  questionnaire: Questionnaire,
  finished: z.boolean(),
  pooled: z.boolean(),
  answered: z.number().int().min(0),
});

export const AssessmentView = z.object({
  id: AssessmentId,
  catalogVersion: z.string(),
  name: z.string().nullable(),
  domain: z.string().nullable(),
  createdOn: z.string(),
  consent: z.boolean(),
  /** The caller's role; respondents see only their own questionnaire. */
  role: Role,
  questionnaires: z.array(QuestionnaireState),
});

export const CreateAssessmentBody = z
  .object({ name: Name.optional(), domain: Domain.optional(), catalogVersion: Version.optional() })
  .strict();
export const TokenSet = z.object({ owner: Token, risk: Token, surface: Token, security: Token });
export const CreateAssessmentResponse = z.object({ assessment: AssessmentView, tokens: TokenSet });

export const PatchAssessmentBody = z
  .object({ name: Name.nullable().optional(), domain: Domain.nullable().optional() })
  .strict()
  .refine((b) => b.name !== undefined || b.domain !== undefined, "give name and/or domain");

export const SessionResponse = z.object({
  assessmentId: AssessmentId,
  role: Role,
  catalogVersion: z.string(),
});

export const StoredAnswer = z.object({
  questionId: z.string(),
  /** null: cleared (the revision still counts). */
  value: AnswerValue.nullable(),
  /** 0 when never written; send it back as baseRevision. */
  revision: z.number().int().min(0),
});

export const QuestionnaireAnswers = z.object({
  questionnaire: Questionnaire,
  finished: z.boolean(),
  pooled: z.boolean(),
  /** Ids of the questions shown for the answers given so far (conditions evaluated), in order. */
  visible: z.array(z.string()),
  answers: z.array(StoredAnswer),
});

const AnswerValueOrNull = z.union([AnswerValue, z.null()], {
  error: 'expected an option id (snake_case), a list of option ids, "dont_know", or null to clear',
});

export const SaveAnswerBody = z
  .object({
    value: AnswerValueOrNull,
    baseRevision: z.number().int().min(0).max(2_000_000_000),
  })
  .strict();

export const ExportQuery = z.object({ format: z.enum(["json", "yaml"]).default("json") }).strict();
/** Import and score take an answer file as JSON or YAML text; checked by validateAnswerFile. */
export const AnswerFileBody = z.unknown();
export { AnswerFile };
export const ImportResponse = z.object({ answers: z.number().int(), changed: z.number().int() });

export const ConsentBody = z.object({ consent: z.boolean() }).strict();
export const ConsentResponse = z.object({ consent: z.boolean(), pooled: z.array(Questionnaire) });

export const TokenStatus = z.object({ tokens: z.array(z.object({ role: Role, active: z.boolean() })) });
export const RotateResponse = z.object({ role: Role, token: Token });

export const CatalogQuery = z.object({ version: Version.optional() }).strict();
export const CatalogVersions = z.object({ current: z.string(), versions: z.array(z.string()) });
export const Health = z.object({ status: z.literal("ok"), database: z.enum(["pglite", "postgres"]) });

export const TrendQuery = z
  .object({ catalogVersion: Version.optional(), domain: Domain.optional(), month: Month.optional() })
  .strict();
export const QuestionTrendQuery = TrendQuery.extend({
  questionnaire: Questionnaire.optional(),
  question: QuestionId.optional(),
}).strict();

const CountOrNull = z.number().int().nullable();
export const Overview = z.object({
  k: z.number().int(),
  catalogVersion: z.string(),
  publishedThrough: Month,
  systems: CountOrNull,
  domains: z.array(z.object({ domain: z.string(), systems: z.number().int() })),
  months: z.array(z.object({ month: Month, systems: z.number().int() })),
});
export const QuestionTrends = z.object({
  k: z.number().int(),
  questions: z.array(
    z.object({
      questionId: z.string(),
      systems: CountOrNull,
      options: z.array(z.object({ answer: z.string(), systems: z.number().int(), share: z.number() })),
      other: CountOrNull,
    }),
  ),
});
export const MitigationTrends = z.object({
  k: z.number().int(),
  mitigations: z.array(
    z.object({
      mitigation: z.string(),
      name: z.string(),
      systems: CountOrNull,
      withIt: CountOrNull,
      share: z.number().nullable(),
    }),
  ),
});
const Spread = z.object({ p25: z.number(), median: z.number(), p75: z.number() });
export const ResidualTrends = z.object({
  k: z.number().int(),
  domains: z.array(
    z.object({
      domain: z.string(),
      systems: z.number().int(),
      overall: Spread,
      classes: z.array(Spread.extend({ attackClass: z.enum(ATTACK_CLASSES) })),
    }),
  ),
});
export const PercentileResponse = z.object({
  k: z.number().int(),
  domain: z.string(),
  peers: CountOrNull,
  overall: z.object({ residual: z.number(), percentile: z.number() }).nullable(),
  classes: z.array(
    z.object({ attackClass: z.enum(ATTACK_CLASSES), residual: z.number(), percentile: z.number() }),
  ),
});

/** A lab run as the API shows it (the target as the owner described it; never a secret value). */
export const RunView = z.object({
  id: z.string(),
  attack: z.string(),
  family: AttackFamily,
  /** The target spec as sent: {kind: "demo", victim, output, tiny} or {kind: "http", config}. */
  target: z.unknown(),
  /** Where the inputs came from; inline data is summarised as counts. */
  data: z.unknown(),
  /** What the target declared once opened; null before. */
  targetInfo: TargetInfo.nullable(),
  params: z.record(z.string(), z.unknown()),
  seed: z.number().int(),
  budget: z.number().int(),
  state: RunState,
  cancelRequested: z.boolean(),
  /** 0..1 while running (updated about once per heartbeat), 1 when succeeded. */
  progress: z.number(),
  message: z.string(),
  /** While running: inputs sent so far; when finished: the guard's exact count. */
  queriesUsed: z.number().int(),
  wallTimeMs: z.number().nullable(),
  metrics: z.record(z.string(), z.number()),
  summary: z.string().nullable(),
  /** Evidence (images as PNG data URLs); only in GET …/runs/:runId. */
  examples: z.array(Example).optional(),
  error: z.string().nullable(),
  /** Question ids this run marked "verified by test" (see the result's `verified`). */
  verified: z.array(z.string()),
  verifyNote: z.string().nullable(),
  attempts: z.number().int(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  heartbeatAt: z.string().nullable(),
});
export type RunView = z.infer<typeof RunView>;
export const RunList = z.object({ runs: z.array(RunView) });

export const Empty = z.null();
