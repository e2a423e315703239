// Data for browser tests and screenshots: a fully answered assessment (through the HTTP API, like a
// team importing its answer file) and a trends pool of generated systems (through the store).
import { readFileSync } from "node:fs";
import { CATALOG } from "../../src/catalog/index.js";
import type { Questionnaire } from "../../src/contracts/catalog.js";
import { buildContribution, type Contribution, publishedThrough } from "../../src/store/index.js";
import { rng, sampleAnswers, sampleDomain } from "../../src/store/seed.js";
import { type App, apiCall } from "./harness.js";

export interface Seeded {
  id: string;
  tokens: Record<"owner" | Questionnaire, string>;
}

/** Creates an assessment, imports an example answer file and optionally finishes questionnaires. */
export async function seedAssessment(
  app: App,
  options: { name?: string; example?: string; finish?: Questionnaire[]; consent?: boolean } = {},
): Promise<Seeded> {
  const created = await apiCall<{ assessment: { id: string }; tokens: Seeded["tokens"] }>(
    app,
    "POST",
    "/api/assessments",
    { json: options.name ? { name: options.name } : {} },
  );
  if (created.status !== 201) throw new Error(`create failed: ${created.status}`);
  const seeded = { id: created.body.assessment.id, tokens: created.body.tokens };
  if (options.example) {
    const res = await fetch(`${app.url}/api/assessments/${seeded.id}/import`, {
      method: "PUT",
      headers: { authorization: `Bearer ${seeded.tokens.owner}`, "content-type": "application/yaml" },
      body: readFileSync(options.example, "utf8"),
    });
    if (res.status !== 200) throw new Error(`import failed: ${res.status} ${await res.text()}`);
  }
  if (options.consent) {
    await apiCall(app, "PUT", `/api/assessments/${seeded.id}/consent`, {
      token: seeded.tokens.owner,
      json: { consent: true },
    });
  }
  for (const q of options.finish ?? []) {
    const res = await apiCall(app, "POST", `/api/assessments/${seeded.id}/questionnaires/${q}/finish`, {
      token: seeded.tokens.owner,
    });
    if (res.status !== 200) throw new Error(`finish ${q} failed: ${res.status}`);
  }
  return seeded;
}

/** Pools `systems` generated systems (seeded, so the same every run) over the last three closed months. */
export async function seedPool(app: App, systems: number, seed = 7): Promise<void> {
  const random = rng(seed);
  // the last three published months (trends show a month only once it has closed)
  const [year, month] = publishedThrough(new Date()).split("-").map(Number) as [number, number];
  const months = [0, 1, 2].map((i) => new Date(Date.UTC(year, month - 1 - i, 1)));
  const batch: Contribution[] = [];
  for (let i = 0; i < systems; i++) {
    const domain = sampleDomain(CATALOG, random);
    const answers = sampleAnswers(CATALOG, domain, random);
    const month = (months[i % months.length] as Date).toISOString().slice(0, 7);
    batch.push(
      buildContribution(CATALOG, answers, ["risk", "surface", "security"], {
        domain,
        month,
        withScore: true,
      }),
    );
  }
  await app.server.store.poolBulk(batch);
}

/** The web app's fragment links for a seeded assessment. */
export function linksOf(app: App, s: Seeded) {
  return {
    owner: `${app.url}/#/a/${s.id}/o/${s.tokens.owner}`,
    risk: `${app.url}/#/a/${s.id}/r/${s.tokens.risk}`,
    surface: `${app.url}/#/a/${s.id}/r/${s.tokens.surface}`,
    security: `${app.url}/#/a/${s.id}/r/${s.tokens.security}`,
  };
}

/** Changes one character of a token (same alphabet, same length). */
export function editOneChar(token: string, at = 10): string {
  const c = token[at] === "A" ? "B" : "A";
  return token.slice(0, at) + c + token.slice(at + 1);
}

/**
 * Runs a small evasion attack (Square, on the tiny digits demo victim) for an assessment and waits
 * for it to finish; returns its final state.
 */
export async function seedLabRun(app: App, s: Seeded, timeoutMs = 120_000): Promise<string> {
  const started = await apiCall<{ id: string; state: string }>(app, "POST", `/api/assessments/${s.id}/runs`, {
    token: s.tokens.owner,
    json: {
      attack: "square",
      target: { kind: "demo", victim: "digits", output: "probs", tiny: true },
      data: { kind: "demo", victim: "digits", tiny: true, count: 8 },
      budget: 4000,
      seed: 1,
      params: { epsilon: 0.25 },
    },
  });
  if (started.status !== 202)
    throw new Error(`lab run refused: ${started.status} ${JSON.stringify(started.body)}`);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const path = `/api/assessments/${s.id}/runs/${started.body.id}`;
    const run = await apiCall<{ state: string }>(app, "GET", path, { token: s.tokens.owner });
    if (run.status !== 200) throw new Error(`lab run poll failed: ${run.status}`);
    if (run.body.state !== "queued" && run.body.state !== "running") return run.body.state;
    if (Date.now() > deadline) throw new Error(`lab run still ${run.body.state} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}
