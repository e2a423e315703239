// Schemas for answer files ("assessment as code"): the same format for the CLI, import/export and
// the server. Structural validation only; checking answers against a catalog lives in src/catalog.
import { z } from "zod";
import { QuestionId } from "./catalog.js";

/** An answer: one option id, several (multiple choice), or "dont_know". */
export const AnswerValue = z.union([
  z.string().regex(/^[a-z][a-z0-9_]*$/, "an option id (snake_case) or dont_know"),
  z.array(z.string().regex(/^[a-z][a-z0-9_]*$/, "an option id (snake_case)")).max(64),
]);
export type AnswerValue = z.infer<typeof AnswerValue>;

/** Evidence that an answer was verified by a lab run rather than self-declared. */
export const Verification = z
  .object({
    run: z.string().min(1).max(200),
    attack: z.string().min(1).max(100),
    at: z.string().max(40),
    summary: z.string().max(2000),
  })
  .strict();
export type Verification = z.infer<typeof Verification>;

export const ANSWER_FORMAT = "mlsa-answers/1";

export const AnswerFile = z
  .object({
    format: z.literal(ANSWER_FORMAT),
    catalog: z.string().regex(/^\d+\.\d+\.\d+$/, "a catalog version like 1.0.0"),
    system: z
      .object({
        name: z.string().max(200).optional(),
        domain: z.string().max(100).optional(),
      })
      .strict()
      .optional(),
    /** Empty in a fresh template (YAML reads a key with only comments under it as null). */
    answers: z.preprocess((v) => v ?? {}, z.record(QuestionId, AnswerValue)),
    verified: z.record(QuestionId, Verification).optional(),
  })
  .strict();
export type AnswerFile = z.infer<typeof AnswerFile>;

/** Answers keyed by question id. */
export type Answers = Readonly<Record<string, AnswerValue>>;
