// Cross-assessment isolation, generated from the OpenAPI document: every operation that names an
// assessment is called on each of three populated assessments with every token of the two others
// (and with revoked ones), and with the assessment's own respondent tokens outside their
// questionnaire. 0 % success, the same 404 every time, nothing of the victim in any answer, and the
// database unchanged.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.js";
import {
  BASE_QUESTION,
  baseline,
  buildWorld,
  createParty,
  noLab,
  type Party,
  seedRun,
  type World,
} from "./endpoints.js";
import { dumpDatabase } from "./harness.js";

const NOT_FOUND = { error: "no such assessment, or the token does not open it", issues: [] };
/** What a respondent may do outside its own questionnaire: read the assessment's summary. */
const RESPONDENT_MAY = new Set(["GET /api/assessments/{id}"]);

let server: TestServer;
let world: World;
let parties: Party[];
beforeAll(async () => {
  server = await startTestServer({ lab: noLab });
  world = await buildWorld(server.call, seedRun(server));
  const third = await createParty(server.call, "media_social", 21, "pooled");
  third.runId = await seedRun(server)(third);
  parties = [world.a, world.b, third];
}, 120_000);
afterAll(async () => server?.close());

/** What must never appear in an answer given to someone else: the victim's own data. */
const secretsOf = (p: Party) => [p.name, ...Object.values(p.tokens), p.runId ?? "no run"];

describe("isolation between assessments (generated from the route list)", () => {
  it("refuses every other assessment's owner and respondent tokens on every operation", async () => {
    const named = world.ops.filter((op) => op.pathParams.some((p) => p.name === "id"));
    expect(named.length).toBeGreaterThanOrEqual(15);
    const before = await dumpDatabase(server.store.db);
    let tried = 0;
    let succeeded = 0;
    for (const op of named) {
      for (const victim of parties) {
        const base = baseline(op, victim, world.bodies);
        const strangers = parties.filter((p) => p !== victim).flatMap((p) => Object.values(p.tokens));
        for (const token of [...strangers, ...world.stale]) {
          const res = await server.call(op.method, base.path, {
            token,
            ...(base.body !== undefined ? { body: base.body } : {}),
          });
          tried++;
          if (res.status < 300) succeeded++;
          expect(res.status, `${op.key} with a stranger's token`).toBe(404);
          expect(res.body).toEqual(NOT_FOUND);
          for (const s of secretsOf(victim)) expect(res.text).not.toContain(s);
        }
      }
    }
    console.log(
      `[isolation] ${tried} calls over ${named.length} operations with other assessments' tokens: ${succeeded} succeeded`,
    );
    expect(succeeded).toBe(0);
    expect(await dumpDatabase(server.store.db)).toBe(before);
  }, 120_000);

  it("keeps respondents inside their own questionnaire on every operation", async () => {
    const named = world.ops.filter((op) => op.pathParams.some((p) => p.name === "id"));
    const before = await dumpDatabase(server.store.db);
    let tried = 0;
    for (const op of named) {
      for (const victim of parties) {
        for (const role of ["risk", "surface", "security"] as const) {
          // point every questionnaire-scoped parameter at another questionnaire than the token's
          const other = role === "risk" ? "surface" : "risk";
          const base = baseline(op, victim, world.bodies);
          const path = base.path
            .replace(`/questionnaires/risk`, `/questionnaires/${other}`)
            .replace(
              `/answers/${BASE_QUESTION}`,
              other === "risk"
                ? `/answers/${BASE_QUESTION}`
                : "/answers/surface.inference.output_granularity",
            );
          const res = await server.call(op.method, path, {
            token: victim.tokens[role],
            ...(base.body !== undefined ? { body: base.body } : {}),
          });
          tried++;
          if (RESPONDENT_MAY.has(op.key) && op.method === "GET") {
            expect(res.status, `${op.key} as ${role}`).toBe(200);
            // the summary shows the respondent's own questionnaire only
            expect(res.text).not.toContain(`"questionnaire":"${other}"`);
          } else {
            expect(res.status, `${op.key} as ${role} respondent`).toBe(404);
            expect(res.body).toEqual(NOT_FOUND);
          }
        }
      }
    }
    console.log(`[isolation] ${tried} calls with respondent tokens outside their questionnaire`);
    expect(await dumpDatabase(server.store.db)).toBe(before);
  }, 120_000);

  it("lets a token learn only its own assessment through /api/session", async () => {
    for (const p of parties) {
      for (const [role, token] of Object.entries(p.tokens)) {
        const res = await server.call<{ assessmentId: string; role: string }>("GET", "/api/session", {
          token,
        });
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ assessmentId: p.id, role });
      }
    }
    for (const token of world.stale)
      expect((await server.call("GET", "/api/session", { token })).status).toBe(404);
  });
});
