// The whole API journey over real HTTP on 127.0.0.1 and PGlite: create, three anonymous respondents
// answer (some "don't know"), finish, combined result = score() of the export, export/import round
// trip, consent and k-suppressed trends, rotate and revoke, delete.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { startTestServer, type TestServer } from "../../test/support/server.js";
import { CATALOG, findQuestion } from "../catalog/index.js";
import { ANSWER_FORMAT, type Answers, type AnswerValue } from "../contracts/answers.js";
import { DONT_KNOW, QUESTIONNAIRES, type Questionnaire } from "../contracts/catalog.js";
import { RiskPicture } from "../contracts/result.js";
import { score } from "../scoring/index.js";
import { rng, sampleAnswers } from "../store/seed.js";
import {
  AssessmentView,
  ConsentResponse,
  CreateAssessmentResponse,
  PercentileResponse,
  QuestionnaireAnswers,
  QuestionTrends,
  StoredAnswer,
} from "./schemas.js";

let server: TestServer;
/** The server's clock: trends publish a month a day after it ends, so the test moves it on. */
let now = new Date("2026-03-10T10:00:00Z");
beforeAll(async () => {
  server = await startTestServer({ now: () => now });
});
afterAll(async () => server?.close());

type Tokens = import("zod").infer<typeof CreateAssessmentResponse>["tokens"];

async function create(body: object = {}) {
  const res = await server.call("POST", "/api/assessments", { body });
  expect(res.status).toBe(201);
  return CreateAssessmentResponse.parse(res.body);
}

/** A respondent answers their questionnaire in order, as the web app would (autosave per answer). */
async function answerAs(id: string, token: string, q: Questionnaire, wanted: Answers, dontKnow: number) {
  let left = dontKnow;
  const given: Record<string, AnswerValue> = {};
  for (const [questionId, value] of Object.entries(wanted)) {
    if (!questionId.startsWith(`${q}.`)) continue;
    const question = findQuestion(CATALOG, questionId);
    const v = left > 0 && question?.dontKnow ? DONT_KNOW : value;
    if (v === DONT_KNOW && value !== DONT_KNOW) left--;
    const res = await server.call("PUT", `/api/assessments/${id}/answers/${questionId}`, {
      token,
      body: { value: v, baseRevision: 0 },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(StoredAnswer.parse(res.body).revision).toBe(1);
    given[questionId] = v;
  }
  return given;
}

async function fullSystem(domain: string, seed: number) {
  const { assessment, tokens } = await create({ domain });
  const res = await server.call("PUT", `/api/assessments/${assessment.id}/import`, {
    token: tokens.owner,
    body: {
      format: ANSWER_FORMAT,
      catalog: CATALOG.version,
      answers: sampleAnswers(CATALOG, domain, rng(seed)),
    },
  });
  expect(res.status).toBe(200);
  for (const q of QUESTIONNAIRES) {
    const f = await server.call("POST", `/api/assessments/${assessment.id}/questionnaires/${q}/finish`, {
      token: tokens[q],
    });
    expect(f.status).toBe(200);
  }
  const c = await server.call("PUT", `/api/assessments/${assessment.id}/consent`, {
    token: tokens.owner,
    body: { consent: true },
  });
  expect(ConsentResponse.parse(c.body).pooled).toEqual(["risk", "surface", "security"]);
}

describe("API journey", () => {
  let id: string;
  let tokens: Tokens;
  let given: Record<string, AnswerValue> = {};

  it("creates an assessment and hands out one owner and three respondent tokens", async () => {
    const created = await create({ name: "Card fraud model", domain: "finance" });
    id = created.assessment.id;
    tokens = created.tokens;
    expect(created.assessment).toMatchObject({ name: "Card fraud model", domain: "finance", consent: false });
    for (const q of QUESTIONNAIRES) {
      const s = await server.call("GET", "/api/session", { token: tokens[q] });
      expect(s.body).toEqual({ assessmentId: id, role: q, catalogVersion: CATALOG.version });
    }
  });

  it("lets three respondents answer their own questionnaire, with some don't-know", async () => {
    const wanted = sampleAnswers(CATALOG, "finance", rng(42));
    for (const q of QUESTIONNAIRES) given = { ...given, ...(await answerAs(id, tokens[q], q, wanted, 2)) };
    expect(Object.values(given).filter((v) => v === DONT_KNOW).length).toBeGreaterThanOrEqual(6);
    const surface = QuestionnaireAnswers.parse(
      (await server.call("GET", `/api/assessments/${id}/questionnaires/surface`, { token: tokens.surface }))
        .body,
    );
    expect(surface.answers.every((a) => a.questionId.startsWith("surface."))).toBe(true);
    expect(surface.answers.length).toBe(Object.keys(given).filter((k) => k.startsWith("surface.")).length);
    for (const a of surface.answers) expect(surface.visible).toContain(a.questionId);
    const view = AssessmentView.parse(
      (await server.call("GET", `/api/assessments/${id}`, { token: tokens.risk })).body,
    );
    expect(view.questionnaires.map((q) => q.questionnaire)).toEqual(["risk"]);
    expect((await server.call("GET", `/api/assessments/${id}/result`, { token: tokens.risk })).status).toBe(
      404,
    );
  });

  it("detects a stale write and returns the current answer instead of overwriting it", async () => {
    const [questionId, value] =
      Object.entries(given).find(([k, v]) => k.startsWith("risk.") && v !== DONT_KNOW) ?? [];
    const question = findQuestion(CATALOG, questionId as string);
    const other = question?.options.find((o) => o.id !== value)?.id as string;
    const res = await server.call("PUT", `/api/assessments/${id}/answers/${questionId}`, {
      token: tokens.risk,
      body: { value: question?.type === "multiple" ? [other] : other, baseRevision: 0 },
    });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ current: { questionId, value, revision: 1 } });
  });

  it("finishes the questionnaires; the combined result equals score() of the exported file", async () => {
    for (const q of QUESTIONNAIRES) {
      const res = await server.call("POST", `/api/assessments/${id}/questionnaires/${q}/finish`, {
        token: tokens[q],
      });
      expect(res.body).toMatchObject({ questionnaire: q, finished: true, pooled: false });
    }
    const result = RiskPicture.parse(
      (await server.call("GET", `/api/assessments/${id}/result`, { token: tokens.owner })).body,
    );
    const exported = await server.call("GET", `/api/assessments/${id}/export`, { token: tokens.owner });
    expect(exported.body).toMatchObject({
      format: ANSWER_FORMAT,
      system: { name: "Card fraud model", domain: "finance" },
    });
    const file = exported.body as { answers: Answers };
    expect(file.answers).toEqual(given);
    expect(result).toEqual(score(CATALOG, { answers: file.answers }));
    const scored = await server.call("POST", "/api/score", { body: exported.body });
    expect(scored.body).toEqual(result);
    const yaml = await server.call("GET", `/api/assessments/${id}/export?format=yaml`, {
      token: tokens.owner,
    });
    expect(yaml.headers.get("content-type")).toContain("application/yaml");
    expect(parseYaml(yaml.text)).toEqual(exported.body);
    const scoredYaml = await server.call("POST", "/api/score", { text: yaml.text });
    expect(scoredYaml.body).toEqual(result);
  });

  it("round-trips export and import through YAML into another assessment", async () => {
    const yaml = await server.call("GET", `/api/assessments/${id}/export?format=yaml`, {
      token: tokens.owner,
    });
    const copy = await create();
    const imported = await server.call("PUT", `/api/assessments/${copy.assessment.id}/import`, {
      token: copy.tokens.owner,
      text: yaml.text,
    });
    expect(imported.body).toEqual({ answers: Object.keys(given).length, changed: Object.keys(given).length });
    const again = await server.call("GET", `/api/assessments/${copy.assessment.id}/export?format=yaml`, {
      token: copy.tokens.owner,
    });
    expect(again.text).toBe(yaml.text);
    const bad = await server.call("PUT", `/api/assessments/${copy.assessment.id}/import`, {
      token: copy.tokens.owner,
      text: yaml.text.replace("format: mlsa-answers/1", "format: something-else"),
    });
    expect(bad.status).toBe(400);
    expect((bad.body as { issues: Array<{ path: string }> }).issues[0]?.path).toBe("body.format");
  });

  it("pools on consent; trends stay suppressed until k systems share a group", async () => {
    const consent = await server.call("PUT", `/api/assessments/${id}/consent`, {
      token: tokens.owner,
      body: { consent: true },
    });
    expect(consent.body).toEqual({ consent: true, pooled: ["risk", "surface", "security"] });
    const lonely = QuestionTrends.parse(
      (await server.call("GET", "/api/trends/questions?domain=finance")).body,
    );
    expect(lonely.questions.every((q) => q.systems === null && q.options.length === 0)).toBe(true);
    const p1 = PercentileResponse.parse(
      (await server.call("GET", `/api/assessments/${id}/percentile`, { token: tokens.owner })).body,
    );
    expect(p1.peers).toBeNull();
    for (let i = 0; i < 5; i++) await fullSystem("finance", 500 + i);
    // March is still open: nothing of it is shown yet
    const open = QuestionTrends.parse(
      (await server.call("GET", "/api/trends/questions?domain=finance&question=risk.domain.sector")).body,
    );
    expect(open.questions[0]).toMatchObject({ systems: null, options: [] });
    now = new Date("2026-04-02T10:00:00Z");
    const trends = QuestionTrends.parse(
      (await server.call("GET", "/api/trends/questions?domain=finance&question=risk.domain.sector")).body,
    );
    expect(trends.questions[0]).toMatchObject({
      systems: 6,
      options: [{ answer: "finance", systems: 6, share: 1 }],
    });
    const p2 = PercentileResponse.parse(
      (await server.call("GET", `/api/assessments/${id}/percentile`, { token: tokens.owner })).body,
    );
    expect(p2.peers).toBe(6);
    expect(p2.classes).toHaveLength(6);
    const residual = await server.call("GET", "/api/trends/residual");
    expect(residual.body).toMatchObject({ k: 5, domains: [{ domain: "finance", systems: 6 }] });
    const overview = await server.call("GET", "/api/trends");
    expect(overview.body).toMatchObject({
      publishedThrough: "2026-03",
      systems: 6,
      domains: [{ domain: "finance", systems: 6 }],
      months: [{ month: "2026-03", systems: 6 }],
    });
  });

  it("rotates and revokes respondent links", async () => {
    const rotated = await server.call("POST", `/api/assessments/${id}/tokens/risk/rotate`, {
      token: tokens.owner,
    });
    const fresh = (rotated.body as { token: string }).token;
    const path = `/api/assessments/${id}/questionnaires/risk`;
    expect((await server.call("GET", path, { token: tokens.risk })).status).toBe(404);
    expect((await server.call("GET", path, { token: fresh })).status).toBe(200);
    expect(
      (await server.call("DELETE", `/api/assessments/${id}/tokens/risk`, { token: tokens.owner })).status,
    ).toBe(204);
    expect((await server.call("GET", path, { token: fresh })).status).toBe(404);
    const status = await server.call("GET", `/api/assessments/${id}/tokens`, { token: tokens.owner });
    expect(status.body).toEqual({
      tokens: [
        { role: "owner", active: true },
        { role: "risk", active: false },
        { role: "surface", active: true },
        { role: "security", active: true },
      ],
    });
    expect(
      (await server.call("DELETE", `/api/assessments/${id}/tokens/owner`, { token: tokens.owner })).status,
    ).toBe(400);
  });

  it("deletes the assessment and everything attached to it", async () => {
    expect((await server.call("DELETE", `/api/assessments/${id}`, { token: tokens.owner })).status).toBe(204);
    expect((await server.call("GET", `/api/assessments/${id}`, { token: tokens.owner })).status).toBe(404);
    expect((await server.call("GET", "/api/session", { token: tokens.surface })).status).toBe(404);
    const left = await server.store.db.query("SELECT 1 FROM answer WHERE assessment_id = $1", [id]);
    expect(left).toHaveLength(0);
  });
});
