// Static checks of the web app: its own copy of the condition rule behaves exactly like the
// catalog's (property test), its labels match the contracts, it type-checks under its own
// tsconfig, and the JavaScript it loads up front stays under 150 kB gzipped.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CATALOG, visibleQuestions } from "../../src/catalog/index.js";
import type { AnswerValue } from "../../src/contracts/answers.js";
import * as contracts from "../../src/contracts/catalog.js";
import { visibleQuestions as webVisible } from "../../web/src/conditions.js";
import * as labels from "../../web/src/labels.js";
import { buildWeb } from "./harness.js";

const questions = CATALOG.sections.flatMap((s) => s.questions);

/** Any answers: for each question maybe nothing, "don't know", one option or several. */
const answersArb = fc
  .array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.array(fc.nat(), { maxLength: 3 })), {
    minLength: questions.length,
    maxLength: questions.length,
  })
  .map((picks) => {
    const answers: Record<string, AnswerValue> = {};
    picks.forEach(([kind, idx], i) => {
      const q = questions[i];
      if (!q || kind === 0) return;
      const ids = q.options.map((o) => o.id);
      if (kind === 1) answers[q.id] = "dont_know";
      else if (kind === 2 || q.type !== "multiple") answers[q.id] = ids[(idx[0] ?? 0) % ids.length] as string;
      else answers[q.id] = [...new Set(idx.map((n) => ids[n % ids.length] as string))];
    });
    return answers;
  });

describe("web app, static", () => {
  it("shows and hides conditional questions exactly like src/catalog/model.ts", () => {
    expect(questions.some((q) => q.showIf?.length)).toBe(true);
    fc.assert(
      fc.property(answersArb, (answers) => {
        expect(webVisible(CATALOG, answers).map((q) => q.id)).toEqual(
          visibleQuestions(CATALOG, answers).map((q) => q.id),
        );
      }),
      { numRuns: 300 },
    );
  });

  it("uses the contracts' names for attack classes, questionnaires and stages", () => {
    expect([...labels.ATTACK_CLASSES]).toEqual([...contracts.ATTACK_CLASSES]);
    expect(labels.ATTACK_CLASS_NAMES).toEqual(contracts.ATTACK_CLASS_NAMES);
    expect([...labels.QUESTIONNAIRES]).toEqual([...contracts.QUESTIONNAIRES]);
    expect(labels.QUESTIONNAIRE_INFO).toEqual(contracts.QUESTIONNAIRE_INFO);
    expect([...labels.STAGES]).toEqual([...contracts.STAGES]);
    expect(labels.STAGE_NAMES).toEqual(contracts.STAGE_NAMES);
  });

  it("type-checks with its own strict tsconfig", () => {
    const r = spawnSync("npx", ["tsc", "-p", "web/tsconfig.json"], { encoding: "utf8", timeout: 120_000 });
    expect(r.stdout).toBe("");
    expect(r.status).toBe(0);
  }, 120_000);

  it("loads less than 150 kB of gzipped JavaScript up front; charts come later", () => {
    buildWeb();
    const html = readFileSync("web/dist/index.html", "utf8");
    const scripts = [...html.matchAll(/src="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1] as string);
    const preloads = [...html.matchAll(/rel="modulepreload"[^>]*href="\/(assets\/[^"]+\.js)"/g)].map(
      (m) => m[1] as string,
    );
    const first = [...scripts, ...preloads];
    expect(first.length).toBeGreaterThan(0);
    const bytes = first.reduce((n, f) => n + gzipSync(readFileSync(`web/dist/${f}`)).length, 0);
    expect(bytes).toBeLessThan(150 * 1024);
    // ECharts (about 190 kB gzipped on its own) is a separate chunk that only the chart pages load.
    expect(first.some((f) => f.includes("echarts"))).toBe(false);
    // No inline script or style in the page itself (the CSP allows neither).
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/<style|style="/);
  });
});
