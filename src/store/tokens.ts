// Capability tokens: 256 random bits, shown once, stored only as SHA-256 hashes and compared in
// constant time. Pure helpers; the queries live in assessments.ts.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { QUESTIONNAIRES, type Questionnaire } from "../contracts/catalog.js";

/** Who a token speaks for: the owner, or the respondent of one questionnaire. */
export type Role = "owner" | Questionnaire;
export const ROLES: readonly Role[] = ["owner", ...QUESTIONNAIRES];

/** A token's text form: 32 random bytes in base64url (43 characters). */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** A fresh token (256 bits from the OS CSPRNG). */
export function newToken(): string {
  return randomBytes(32).toString("base64url");
}

/** The SHA-256 of a token; the only form that is stored. */
export function hashToken(token: string): Buffer {
  return createHash("sha256").update(token, "utf8").digest();
}

/** Constant-time comparison of two hashes (false when the lengths differ). */
export function sameHash(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A random public assessment id (128 bits); not a secret, it only names the assessment. */
export function newAssessmentId(): string {
  return randomBytes(16).toString("base64url");
}
