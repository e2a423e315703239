// Structural tests of the whole catalog: counts, ids, conditions, effects, ATLAS ids, mitigations,
// the version lock and the generated docs/catalog.md (released versions: releases.test.ts).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ATTACK_CLASSES, Catalog, STAGES } from "../contracts/catalog.js";
import { catalogDocument } from "../reports/catalog-md.js";
import { ATLAS_MITIGATIONS, ATLAS_TECHNIQUES } from "./atlas-data.js";
import { CATALOG, CATALOG_VERSION, catalogHash } from "./index.js";
import { allQuestions, questionsOf, sectionsOf, visibleQuestions } from "./model.js";

const questions = allQuestions(CATALOG);
const techniqueIds = new Set(ATLAS_TECHNIQUES.map((t) => t.id));
const mitigationIds = new Set(CATALOG.mitigations.map((m) => m.id));

describe("catalog structure", () => {
  it("validates against the schema", () => {
    expect(() => Catalog.parse(CATALOG)).not.toThrow();
  });

  it("has at least 20 risk, 45 surface (8 per stage) and 25 security questions", () => {
    expect(questionsOf(CATALOG, "risk").length).toBeGreaterThanOrEqual(20);
    expect(questionsOf(CATALOG, "surface").length).toBeGreaterThanOrEqual(45);
    expect(questionsOf(CATALOG, "security").length).toBeGreaterThanOrEqual(25);
    for (const stage of STAGES) {
      const n = sectionsOf(CATALOG, "surface")
        .filter((s) => s.stage === stage)
        .reduce((sum, s) => sum + s.questions.length, 0);
      expect(n, stage).toBeGreaterThanOrEqual(8);
    }
  });

  it("has unique question, section, option and mitigation ids", () => {
    const ids = questions.map((q) => q.id);
    expect(new Set(ids).size).toBe(ids.length);
    const sections = CATALOG.sections.map((s) => `${s.questionnaire}.${s.id}`);
    expect(new Set(sections).size).toBe(sections.length);
    for (const q of questions) {
      const options = q.options.map((o) => o.id);
      expect(new Set(options).size, q.id).toBe(options.length);
    }
    expect(mitigationIds.size).toBe(CATALOG.mitigations.length);
  });

  it("prefixes every question id with its questionnaire and section", () => {
    for (const s of CATALOG.sections) {
      for (const q of s.questions) expect(q.id.startsWith(`${s.questionnaire}.${s.id}.`), q.id).toBe(true);
    }
  });

  it("gives yes/no questions exactly the options yes and no", () => {
    for (const q of questions.filter((x) => x.type === "yesno")) {
      expect(q.options.map((o) => o.id).sort(), q.id).toEqual(["no", "yes"]);
    }
  });

  it("makes every condition refer to an earlier question and an existing option", () => {
    const seen = new Map<string, Set<string>>();
    for (const q of questions) {
      for (const c of q.showIf ?? []) {
        const options = seen.get(c.question);
        expect(options, `${q.id} depends on ${c.question}, which must come earlier`).toBeDefined();
        for (const o of c.anyOf)
          expect(options?.has(o), `${q.id}: ${c.question} has no option ${o}`).toBe(true);
      }
      seen.set(q.id, new Set(q.options.map((o) => o.id)));
    }
  });

  it("can reach every question with some set of answers", () => {
    // Answer every question with the options its dependants need (multiple choice: all of them).
    const needed = new Map<string, Set<string>>();
    for (const q of questions)
      for (const c of q.showIf ?? [])
        for (const o of c.anyOf) {
          needed.set(c.question, (needed.get(c.question) ?? new Set()).add(o));
        }
    const unreached = new Set(questions.map((q) => q.id));
    // Conflicting needs on single-choice questions are tried one option at a time.
    const singles = [...needed].filter(([id]) => questions.find((q) => q.id === id)?.type !== "multiple");
    const rounds = Math.max(1, ...singles.map(([, s]) => s.size));
    for (let round = 0; round < rounds; round++) {
      const answers: Record<string, string | string[]> = {};
      for (const q of questions) {
        const want = [...(needed.get(q.id) ?? [])];
        if (q.type === "multiple") answers[q.id] = want.length ? want : [q.options[0]!.id];
        else answers[q.id] = want[round % Math.max(1, want.length)] ?? q.options[0]!.id;
      }
      for (const q of visibleQuestions(CATALOG, answers)) unreached.delete(q.id);
    }
    expect([...unreached]).toEqual([]);
  });

  it("gives every option effects or marks it informational", () => {
    for (const q of questions) {
      for (const o of q.options) {
        const e = o.effects;
        const hasEffect =
          e.exposure ||
          e.impact ||
          e.impactShift ||
          e.assets ||
          e.evidences ||
          e.missing ||
          e.maturity !== undefined;
        expect(Boolean(hasEffect) || e.informational === true, `${q.id}.${o.id}`).toBe(true);
      }
    }
  });

  it("links every weakness to a mitigation that exists", () => {
    for (const q of questions) {
      for (const o of q.options) {
        const raises = Object.values(o.effects.exposure ?? {}).some((v) => v > 0);
        if (raises)
          expect(o.effects.missing?.length ?? 0, `${q.id}.${o.id} raises exposure`).toBeGreaterThan(0);
        for (const m of [
          ...(o.effects.missing ?? []),
          ...(o.effects.evidences ?? []).map((e) => e.mitigation),
        ]) {
          expect(mitigationIds.has(m), `${q.id}.${o.id} names unknown mitigation ${m}`).toBe(true);
        }
      }
    }
  });

  it("cites only ATLAS ids that exist in the vendored ATLAS data", () => {
    for (const q of questions)
      for (const id of q.atlas) expect(techniqueIds.has(id), `${q.id}: ${id}`).toBe(true);
    const atlasMitigations = new Set(ATLAS_MITIGATIONS.map((m) => m.id));
    for (const m of CATALOG.mitigations) {
      if (m.atlas) expect(atlasMitigations.has(m.atlas), `${m.id}: ${m.atlas}`).toBe(true);
      else
        expect(m.atlasNote, `${m.id} must say plainly that ATLAS has no mitigation`).toMatch(/ATLAS has no/);
    }
  });

  it("makes every mitigation reduce at least one class and recommends each from some answer", () => {
    const named = new Set(questions.flatMap((q) => q.options.flatMap((o) => o.effects.missing ?? [])));
    for (const m of CATALOG.mitigations) {
      expect(Object.keys(m.reduces).length, m.id).toBeGreaterThan(0);
      expect(named.has(m.id), `${m.id} is never named as missing`).toBe(true);
    }
  });

  it("moves every attack class through some surface answer", () => {
    for (const c of ATTACK_CLASSES) {
      const moved = questionsOf(CATALOG, "surface").some((q) =>
        q.options.some((o) => (o.effects.exposure?.[c] ?? 0) > 0),
      );
      expect(moved, c).toBe(true);
    }
  });

  it("refers mitigation applicability conditions to existing questions and options", () => {
    for (const m of CATALOG.mitigations) {
      for (const c of m.notApplicableWhen ?? []) {
        const q = questions.find((x) => x.id === c.question);
        expect(q, `${m.id}: ${c.question}`).toBeDefined();
        for (const o of c.anyOf)
          expect(
            q?.options.some((x) => x.id === o),
            `${m.id}: ${o}`,
          ).toBe(true);
      }
    }
  });

  it("refers contradiction rules to existing questions and options", () => {
    for (const rule of CATALOG.contradictions) {
      for (const side of [rule.a, rule.b]) {
        const q = questions.find((x) => x.id === side.question);
        expect(q, `${rule.id}: ${side.question}`).toBeDefined();
        for (const o of side.anyOf)
          expect(
            q?.options.some((x) => x.id === o),
            `${rule.id}: ${o}`,
          ).toBe(true);
      }
    }
  });
});

describe("catalog versioning", () => {
  const lock = JSON.parse(
    readFileSync(new URL("../../catalog.lock.json", import.meta.url), "utf8"),
  ) as Record<string, string>;

  it("records the hash of the current version in catalog.lock.json", () => {
    expect(lock[CATALOG_VERSION], "run `npm run catalog:lock` after bumping CATALOG_VERSION").toBeDefined();
  });

  it("has not changed a released version's content (bump CATALOG_VERSION instead)", () => {
    expect(catalogHash(CATALOG)).toBe(lock[CATALOG_VERSION]);
  });

  it("hashes independently of key order", () => {
    const reverseKeys = (v: unknown): unknown =>
      Array.isArray(v)
        ? v.map(reverseKeys)
        : v && typeof v === "object"
          ? Object.fromEntries(
              Object.entries(v)
                .reverse()
                .map(([k, x]) => [k, reverseKeys(x)]),
            )
          : v;
    const reordered = reverseKeys(CATALOG) as Catalog;
    expect(Object.keys(reordered)[0]).not.toBe(Object.keys(CATALOG)[0]);
    expect(catalogHash(reordered)).toBe(catalogHash(CATALOG));
  });

  it("keeps docs/catalog.md in step with the catalog (run `npm run docs:catalog`)", () => {
    const doc = readFileSync(new URL("../../docs/catalog.md", import.meta.url), "utf8");
    expect(doc === catalogDocument(), "docs/catalog.md is stale: run npm run docs:catalog").toBe(true);
  });
});
