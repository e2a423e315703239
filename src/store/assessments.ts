// Assessments and their capability tokens: create, authorise, read, rename, delete, rotate and
// revoke. A token is looked up by its hash and the hashes are compared again in constant time.

import { CATALOG, findQuestion, getCatalog } from "../catalog/index.js";
import { QUESTIONNAIRES, type Questionnaire } from "../contracts/catalog.js";
import { Invalid, NotFound } from "../contracts/errors.js";
import type { BatchRun, Outcome } from "./batch.js";
import type { Db, Tx } from "./db.js";
import { hashToken, newAssessmentId, newToken, ROLES, type Role, sameHash, TOKEN_PATTERN } from "./tokens.js";
import type { AssessmentRecord, Principal, QuestionnaireState, StoreContext, TokenSet } from "./types.js";

/** The question whose options name the application domains. */
export const DOMAIN_QUESTION = "risk.domain.sector";

/** What the caller must be: the owner, any holder of a token of the assessment, or a respondent
 * of this questionnaire (the owner may act for every respondent). */
export type Need = "owner" | "any" | Questionnaire;

const NOT_FOUND = "no such assessment, or the token does not open it";

/** The allowed domain ids of a catalog version (empty when the catalog has no domain question). */
export function domainOptions(catalogVersion: string): string[] {
  const catalog = getCatalog(catalogVersion);
  return catalog ? (findQuestion(catalog, DOMAIN_QUESTION)?.options.map((o) => o.id) ?? []) : [];
}

/** Throw Invalid (at `path`) unless this server knows the catalog version. */
export function checkCatalogVersion(version: string, path: string): void {
  if (!getCatalog(version)) {
    const message = `catalog version ${version} is not known to this server`;
    throw new Invalid(message, [{ path, message }]);
  }
}

/** Throw Invalid (at `path`) unless domain is null or one of the catalog's domain ids. */
export function checkDomain(catalogVersion: string, domain: string | null | undefined, path: string): void {
  if (domain === null || domain === undefined) return;
  const allowed = domainOptions(catalogVersion);
  if (allowed.length > 0 && !allowed.includes(domain)) {
    const message = `unknown domain "${domain}"; expected one of ${allowed.join(", ")}`;
    throw new Invalid(message, [{ path, message }]);
  }
}

/** Create an assessment and its four tokens; the tokens are returned once and stored hashed. */
export async function createAssessment(
  ctx: StoreContext,
  input: { name?: string | null; domain?: string | null; catalogVersion?: string },
): Promise<{ assessment: AssessmentRecord; tokens: TokenSet }> {
  const version = input.catalogVersion ?? CATALOG.version;
  checkCatalogVersion(version, "catalogVersion");
  checkDomain(version, input.domain, "domain");
  const id = newAssessmentId();
  const tokens = Object.fromEntries(ROLES.map((r) => [r, newToken()])) as TokenSet;
  await ctx.db.transaction(async (tx) => {
    await tx.query(
      "INSERT INTO assessment (id, catalog_version, name, domain, created_on) VALUES ($1, $2, $3, $4, $5)",
      [id, version, input.name ?? null, input.domain ?? null, ctx.now().toISOString().slice(0, 10)],
    );
    await tx.query(
      "INSERT INTO questionnaire_state (assessment_id, questionnaire) SELECT $1, unnest($2::text[])",
      [id, QUESTIONNAIRES],
    );
    await tx.query(
      `INSERT INTO access_token (token_hash, assessment_id, role)
       SELECT decode(h, 'hex'), $2, r FROM unnest($1::text[], $3::text[]) AS x(h, r)`,
      [ROLES.map((r) => hashToken(tokens[r]).toString("hex")), id, ROLES],
    );
  });
  return { assessment: await getAssessment(ctx, id), tokens };
}

/** Who a token speaks for, whatever assessment it opens; NotFound when it opens none. */
export async function identify(ctx: StoreContext, token: string): Promise<Principal> {
  if (!TOKEN_PATTERN.test(token)) throw new NotFound(NOT_FOUND);
  return ctx.batch.identify(token);
}

/** Look tokens up by hash, many at once; each match is confirmed with a constant-time comparison. */
export function identifyRunner(db: Db): BatchRun<string, Principal> {
  return async (tokens) => {
    const hashes = tokens.map(hashToken);
    const rows = await db.query<{
      token_hash: Uint8Array;
      assessment_id: string;
      role: Role;
      catalog_version: string;
    }>(
      `SELECT t.token_hash, t.assessment_id, t.role, a.catalog_version
         FROM access_token t JOIN assessment a ON a.id = t.assessment_id
        WHERE t.token_hash IN (SELECT decode(h, 'hex') FROM unnest($1::text[]) AS h)`,
      [hashes.map((h) => h.toString("hex"))],
    );
    const byHash = new Map(rows.map((r) => [Buffer.from(r.token_hash).toString("hex"), r]));
    return hashes.map((hash): Outcome<Principal> => {
      const row = byHash.get(hash.toString("hex"));
      if (!row || !sameHash(row.token_hash, hash)) return { ok: false, error: new NotFound(NOT_FOUND) };
      return {
        ok: true,
        value: { assessmentId: row.assessment_id, role: row.role, catalogVersion: row.catalog_version },
      };
    });
  };
}

/** Check that a token opens this assessment in the needed role; unknown token, another
 * assessment's token and a respondent token used elsewhere all give the same NotFound. */
export async function authorize(
  ctx: StoreContext,
  token: string,
  assessmentId: string,
  need: Need,
): Promise<Principal> {
  const principal = await identify(ctx, token);
  if (principal.assessmentId !== assessmentId || !allows(principal.role, need)) throw new NotFound(NOT_FOUND);
  return principal;
}

/** Whether a role may do what `need` asks. */
export function allows(role: Role, need: Need): boolean {
  if (role === "owner" || need === "any") return true;
  return need !== "owner" && role === need;
}

/** The assessment with its questionnaire states. */
export async function getAssessment(ctx: StoreContext, id: string, tx?: Tx): Promise<AssessmentRecord> {
  const q = tx ?? ctx.db;
  const rows = await q.query<{
    id: string;
    catalog_version: string;
    name: string | null;
    domain: string | null;
    created_on: string;
    consent: boolean;
  }>(
    `SELECT id, catalog_version, name, domain, to_char(created_on, 'YYYY-MM-DD') AS created_on, consent
       FROM assessment WHERE id = $1`,
    [id],
  );
  const row = rows[0];
  if (!row) throw new NotFound(NOT_FOUND);
  const states = await q.query<{
    questionnaire: Questionnaire;
    finished: boolean;
    pooled: boolean;
    answered: number;
  }>(
    `SELECT s.questionnaire, s.finished, s.pooled,
            (SELECT count(*) FROM answer a WHERE a.assessment_id = s.assessment_id
               AND a.questionnaire = s.questionnaire AND a.value IS NOT NULL) AS answered
       FROM questionnaire_state s WHERE s.assessment_id = $1`,
    [id],
  );
  const questionnaires: QuestionnaireState[] = QUESTIONNAIRES.map((name) => {
    const s = states.find((x) => x.questionnaire === name);
    return {
      questionnaire: name,
      finished: s?.finished ?? false,
      pooled: s?.pooled ?? false,
      answered: s?.answered ?? 0,
    };
  });
  return {
    id: row.id,
    catalogVersion: row.catalog_version,
    name: row.name,
    domain: row.domain,
    createdOn: row.created_on,
    consent: row.consent,
    questionnaires,
  };
}

/** Change the display name and/or domain (null clears; undefined keeps). */
export async function updateAssessment(
  ctx: StoreContext,
  principal: Principal,
  patch: { name?: string | null; domain?: string | null },
  tx?: Tx,
): Promise<void> {
  checkDomain(principal.catalogVersion, patch.domain, "domain");
  const q = tx ?? ctx.db;
  if (patch.name !== undefined) {
    await q.query("UPDATE assessment SET name = $2 WHERE id = $1", [principal.assessmentId, patch.name]);
  }
  if (patch.domain !== undefined) {
    await q.query("UPDATE assessment SET domain = $2 WHERE id = $1", [principal.assessmentId, patch.domain]);
  }
}

/** Erase the assessment, its answers, states and tokens. Pooled rows are not linked and stay. */
export async function deleteAssessment(ctx: StoreContext, principal: Principal): Promise<void> {
  const rows = await ctx.db.query("DELETE FROM assessment WHERE id = $1 RETURNING id", [
    principal.assessmentId,
  ]);
  if (rows.length === 0) throw new NotFound(NOT_FOUND);
}

/** Replace a role's token with a fresh one (also re-issues a revoked one); returns it once. */
export async function rotateToken(ctx: StoreContext, principal: Principal, role: Role): Promise<string> {
  const token = newToken();
  await ctx.db.query(
    `INSERT INTO access_token (token_hash, assessment_id, role) VALUES ($1, $2, $3)
     ON CONFLICT (assessment_id, role) DO UPDATE SET token_hash = excluded.token_hash`,
    [hashToken(token), principal.assessmentId, role],
  );
  return token;
}

/** Revoke a respondent token; the owner token can only be rotated (or the assessment deleted). */
export async function revokeToken(ctx: StoreContext, principal: Principal, role: Role): Promise<void> {
  if (role === "owner") {
    const message = "the owner token cannot be revoked; rotate it, or delete the assessment";
    throw new Invalid(message, [{ path: "role", message }]);
  }
  await ctx.db.query("DELETE FROM access_token WHERE assessment_id = $1 AND role = $2", [
    principal.assessmentId,
    role,
  ]);
}

/** Which roles currently have a working token. */
export async function tokenStatus(
  ctx: StoreContext,
  principal: Principal,
): Promise<Array<{ role: Role; active: boolean }>> {
  const rows = await ctx.db.query<{ role: Role }>("SELECT role FROM access_token WHERE assessment_id = $1", [
    principal.assessmentId,
  ]);
  const active = new Set(rows.map((r) => r.role));
  return ROLES.map((role) => ({ role, active: active.has(role) }));
}
