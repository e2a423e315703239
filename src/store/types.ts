// Records the store hands to the server and the CLI. Plain data, no SQL; the HTTP schemas in
// src/server/schemas.ts describe the same shapes for the API.
import type { AnswerValue } from "../contracts/answers.js";
import type { AttackClass, Questionnaire } from "../contracts/catalog.js";
import type { SaveItem } from "./answers.js";
import type { Db } from "./db.js";
import type { Role } from "./tokens.js";

/** What every store module needs: the database, the trends k, a clock and the batched hot paths. */
export interface StoreContext {
  db: Db;
  batch: {
    save: (item: SaveItem) => Promise<StoredAnswer>;
    identify: (token: string) => Promise<Principal>;
  };
  /** Smallest group of distinct systems a trend figure may describe (never below 5). */
  k: number;
  /** The clock; only the month and the creation date are ever taken from it. */
  now: () => Date;
}

/** A verified capability: which assessment a token opens and in which role. */
export interface Principal {
  assessmentId: string;
  role: Role;
  catalogVersion: string;
}

export interface QuestionnaireState {
  questionnaire: Questionnaire;
  finished: boolean;
  /** Whether this questionnaire's answers were added to the anonymous pool (at most once). */
  pooled: boolean;
  /** Questions with an answer (including "don't know"). */
  answered: number;
}

export interface AssessmentRecord {
  id: string;
  catalogVersion: string;
  name: string | null;
  /** Application domain: an option id of risk.domain.sector, e.g. "finance". */
  domain: string | null;
  /** Creation date, YYYY-MM-DD (UTC). */
  createdOn: string;
  /** Whether the owner consented to pool finished answers into the global trends. */
  consent: boolean;
  questionnaires: QuestionnaireState[];
}

/** One stored answer with its revision (value null: cleared; revision 0: never written). */
export interface StoredAnswer {
  questionId: string;
  value: AnswerValue | null;
  revision: number;
}

/** The tokens handed out once, at creation or rotation. */
export type TokenSet = Record<Role, string>;

/** Residual weight (0..5) per attack class, as pooled for the per-domain trends. */
export type ResidualByClass = Record<AttackClass, number>;
