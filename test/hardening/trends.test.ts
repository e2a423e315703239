// k-anonymity of the public trends API, as a property over HTTP: whatever filters a caller combines
// (domain, month, questionnaire, question, catalog version) on a deliberately lopsided pool, no
// figure describes fewer than k systems, no group's hidden part can be recovered as its total minus
// what is shown, and no answer differs from a wider slice's answer by a group under k. (The store suite checks the same on the store; this is the API's view.)
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CATALOG, questionsOf } from "../../src/catalog/index.js";
import { MitigationTrends, QuestionTrends, ResidualTrends } from "../../src/server/schemas.js";
import { buildContribution } from "../../src/store/index.js";
import { rng, sampleAnswers } from "../../src/store/seed.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { type Figures, figuresOf, smallDifferences } from "../support/trend-figures.js";
import { createParty, noLab } from "./endpoints.js";

const K = 5;
const DOMAINS = ["finance", "healthcare", "media_social", "transport", "other"];
const MONTHS = ["2025-01", "2025-02", "2025-03", "2025-04"];
let server: TestServer;
let owners: Array<{ id: string; token: string }>;

beforeAll(async () => {
  server = await startTestServer({ k: K, lab: noLab });
  const random = rng(77);
  const contributions = [];
  // lopsided: a big finance group, middling healthcare, and cells of 1..4 systems elsewhere
  for (let i = 0; i < 60; i++) {
    const domain = i < 30 ? "finance" : i < 45 ? "healthcare" : (DOMAINS[2 + (i % 3)] as string);
    const month = MONTHS[i < 40 ? 0 : 1 + Math.floor(random() * 3)] as string;
    const questionnaires = (i % 4 === 3 ? ["risk", "surface"] : ["risk", "surface", "security"]) as Array<
      "risk" | "surface" | "security"
    >;
    contributions.push(
      buildContribution(CATALOG, sampleAnswers(CATALOG, domain, random), questionnaires, {
        domain,
        month,
        withScore: questionnaires.length === 3,
      }),
    );
  }
  await server.store.poolBulk(contributions);
  // and a few through the API itself (consent + finish), in the current month
  owners = [];
  for (let i = 0; i < 3; i++) {
    const p = await createParty(server.call, i === 0 ? "transport" : "finance", 200 + i, "pooled");
    owners.push({ id: p.id, token: p.tokens.owner });
  }
}, 120_000);
afterAll(async () => server?.close());

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Every count a response shows, with its field name. */
function counts(value: Json, out: Array<[string, number]> = [], key = ""): Array<[string, number]> {
  if (Array.isArray(value)) for (const v of value) counts(v, out, key);
  else if (value !== null && typeof value === "object")
    for (const [k, v] of Object.entries(value)) {
      if (typeof v === "number" && ["systems", "other", "withIt", "peers"].includes(k)) out.push([k, v]);
      else counts(v, out, k);
    }
  return out;
}

/** Groups whose total and shown parts are both visible: the hidden rest must be 0 or at least k. */
function hiddenRests(path: string, body: Json): number[] {
  const rests: number[] = [];
  const b = body as Record<string, Json>;
  if (path === "/api/trends" && typeof b.systems === "number") {
    for (const key of ["domains", "months"]) {
      rests.push(b.systems - (b[key] as Array<{ systems: number }>).reduce((s, x) => s + x.systems, 0));
    }
  }
  if (path === "/api/trends/questions") {
    for (const q of b.questions as Array<{
      questionId: string;
      systems: number | null;
      options: Array<{ systems: number }>;
      other: number | null;
    }>) {
      const single =
        questionsOf(CATALOG, q.questionId.split(".")[0] as "risk").find((x) => x.id === q.questionId)
          ?.type !== "multiple";
      if (q.systems !== null && single)
        rests.push(q.systems - q.options.reduce((s, o) => s + o.systems, 0) - (q.other ?? 0));
    }
  }
  return rests;
}

/** The named figures of a filtered trends answer (the overview takes no domain or month filter). */
function figures(path: string, body: Json): Figures | null {
  if (path === "/api/trends/questions") return figuresOf.questions(QuestionTrends.parse(body).questions);
  if (path === "/api/trends/mitigations")
    return figuresOf.mitigations(MitigationTrends.parse(body).mitigations);
  if (path === "/api/trends/residual") return figuresOf.residual(ResidualTrends.parse(body).domains);
  return null;
}

describe("trends API k-anonymity (property over HTTP)", () => {
  it("never shows a figure under k, nor a recoverable rest under k, whatever the filters", async () => {
    const questionIds = [
      "risk.domain.sector",
      ...questionsOf(CATALOG, "security")
        .slice(0, 8)
        .map((q) => q.id),
    ];
    const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
    let checked = 0;
    let compared = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(
          "/api/trends",
          "/api/trends/questions",
          "/api/trends/mitigations",
          "/api/trends/residual",
        ),
        optional(fc.constantFrom(...DOMAINS, "astrology")),
        optional(fc.constantFrom(...MONTHS, "2024-12")),
        optional(fc.constantFrom("risk", "surface", "security")),
        optional(fc.constantFrom(...questionIds)),
        optional(fc.constantFrom(CATALOG.version, "9.9.9")),
        async (path, domain, month, questionnaire, question, catalogVersion) => {
          const query = new URLSearchParams();
          if (domain) query.set("domain", domain);
          if (month) query.set("month", month);
          if (catalogVersion) query.set("catalogVersion", catalogVersion);
          if (path === "/api/trends/questions") {
            if (question) query.set("question", question);
            else if (questionnaire) query.set("questionnaire", questionnaire);
          }
          const res = await server.call<Json>("GET", `${path}?${query}`);
          // an unknown catalog version or domain is refused, naming the field, not answered with nothing
          const unknown =
            catalogVersion === "9.9.9"
              ? "query.catalogVersion"
              : domain === "astrology"
                ? "query.domain"
                : null;
          if (unknown) {
            expect(res.status, `${path}?${query}`).toBe(400);
            expect((res.body as { issues: Array<{ path: string }> }).issues[0]?.path).toBe(unknown);
            checked++;
            return;
          }
          expect(res.status).toBe(200);
          for (const [field, n] of counts(res.body))
            expect(n, `${path}?${query} ${field}`).toBeGreaterThanOrEqual(K);
          for (const rest of hiddenRests(path, res.body))
            expect(rest === 0 || rest >= K, `${path}?${query} hidden rest ${rest}`).toBe(true);
          // and against each wider slice (one filter dropped), the difference is 0 or at least k
          const narrow = figures(path, res.body);
          for (const drop of ["domain", "month"]) {
            if (!narrow || !query.has(drop)) continue;
            const wider = new URLSearchParams(query);
            wider.delete(drop);
            const wide = await server.call<Json>("GET", `${path}?${wider}`);
            expect(wide.status).toBe(200);
            const diff = smallDifferences(figures(path, wide.body) as Figures, narrow, K);
            expect(diff, `${path}?${wider} minus ?${query}`).toEqual([]);
            compared++;
          }
          checked++;
        },
      ),
      { numRuns: 150, seed: 9 },
    );
    // the pool is big enough that something is shown, so the checks above had figures to check
    const all = await server.call<Json>("GET", "/api/trends/questions?domain=finance&questionnaire=security");
    expect(counts(all.body).length).toBeGreaterThan(10);
    expect(checked).toBe(150);
    expect(compared).toBeGreaterThan(50);
  }, 120_000);

  it("gives an owner its percentile only among at least k peers", async () => {
    for (const o of owners) {
      const res = await server.call<Json>("GET", `/api/assessments/${o.id}/percentile`, { token: o.token });
      expect(res.status).toBe(200);
      const body = res.body as { peers: number | null; overall: Json; classes: Json[] };
      if (body.peers === null) {
        expect(body.overall).toBeNull();
        expect(body.classes).toEqual([]);
      } else expect(body.peers).toBeGreaterThanOrEqual(K);
    }
  });
});
