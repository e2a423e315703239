// Validates the risk questionnaire: schema, ids, references to mitigations and ATLAS, conditions,
// weakness-to-mitigation links, maturity on process questions and the required question set.
import { describe, expect, it } from "vitest";
import { type Option, type Question, Section } from "../../contracts/catalog.js";
import { ATLAS_TECHNIQUES } from "../atlas-data.js";
import { MITIGATIONS } from "../mitigations.js";
import { riskSections } from "./index.js";

const questions: Question[] = riskSections.flatMap((s) => s.questions);
const byId = new Map(questions.map((q) => [q.id, q]));
const mitigationIds = new Set(MITIGATIONS.map((m) => m.id));
const atlasIds = new Set(ATLAS_TECHNIQUES.map((t) => t.id));

const options = (): Array<[Question, Option]> =>
  questions.flatMap((q) => q.options.map((o) => [q, o] as [Question, Option]));
const optionIds = (id: string): string[] => byId.get(id)?.options.map((o) => o.id) ?? [];
const maxImpact = (o: Option): number => Math.max(0, ...Object.values(o.effects.impact ?? {}));

describe("risk questionnaire", () => {
  it("parses every section with the Section schema", () => {
    for (const s of riskSections) expect(() => Section.parse(s)).not.toThrow();
  });

  it("has the five sections in order, each belonging to the risk questionnaire", () => {
    expect(riskSections.map((s) => s.id)).toEqual(["domain", "use", "damage", "assets", "process"]);
    for (const s of riskSections) {
      expect(s.questionnaire).toBe("risk");
      expect(s.stage).toBeUndefined();
    }
  });

  it("has at least 22 questions with unique, correctly prefixed ids", () => {
    expect(questions.length).toBeGreaterThanOrEqual(22);
    expect(byId.size).toBe(questions.length);
    for (const s of riskSections) {
      for (const q of s.questions) {
        expect(q.section, q.id).toBe(s.id);
        expect(q.id.startsWith(`risk.${s.id}.`), q.id).toBe(true);
      }
    }
  });

  it("has unique option ids per question, and yes/no questions have exactly yes and no", () => {
    for (const q of questions) {
      const ids = q.options.map((o) => o.id);
      expect(new Set(ids).size, q.id).toBe(ids.length);
      if (q.type === "yesno") expect([...ids].sort(), q.id).toEqual(["no", "yes"]);
    }
  });

  it("has no duplicated question texts or hints", () => {
    expect(new Set(questions.map((q) => q.text)).size).toBe(questions.length);
    expect(new Set(questions.map((q) => q.hint)).size).toBe(questions.length);
  });

  it("references only existing mitigations and ATLAS techniques", () => {
    for (const q of questions) for (const a of q.atlas) expect(atlasIds.has(a), `${q.id}: ${a}`).toBe(true);
    for (const [q, o] of options()) {
      const refs = [...(o.effects.missing ?? []), ...(o.effects.evidences ?? []).map((e) => e.mitigation)];
      for (const m of refs) expect(mitigationIds.has(m), `${q.id}/${o.id}: ${m}`).toBe(true);
    }
  });

  it("links every option that adds exposure to the mitigations that would close it", () => {
    for (const [q, o] of options()) {
      const adds = Object.values(o.effects.exposure ?? {}).some((step) => step > 0);
      if (adds) expect(o.effects.missing?.length ?? 0, `${q.id}/${o.id}`).toBeGreaterThan(0);
    }
  });

  it("never lists a mitigation as missing that the same option shows fully in place", () => {
    for (const [q, o] of options()) {
      const full = (o.effects.evidences ?? []).filter((e) => e.strength === 1).map((e) => e.mitigation);
      for (const m of full) expect(o.effects.missing ?? [], `${q.id}/${o.id}`).not.toContain(m);
    }
  });

  it("marks options informational exactly when they change nothing", () => {
    for (const [q, o] of options()) {
      const { informational, ...rest } = o.effects;
      const changes = Object.values(rest).some((v) => v !== undefined);
      expect(informational === true, `${q.id}/${o.id}`).toBe(!changes);
    }
  });

  it("keeps conditions pointing backwards at existing options", () => {
    const order = questions.map((q) => q.id);
    for (const q of questions) {
      for (const c of q.showIf ?? []) {
        expect(order.indexOf(c.question), `${q.id} -> ${c.question}`).toBeGreaterThanOrEqual(0);
        expect(order.indexOf(c.question), `${q.id} -> ${c.question}`).toBeLessThan(order.indexOf(q.id));
        for (const id of c.anyOf) expect(optionIds(c.question), `${q.id} -> ${id}`).toContain(id);
      }
    }
  });

  it("gives every non-informational process option a maturity and no other section any", () => {
    for (const [q, o] of options()) {
      if (q.section === "process" && !o.effects.informational) {
        expect(o.effects.maturity, `${q.id}/${o.id}`).toBeTypeOf("number");
      }
      if (q.section !== "process") expect(o.effects.maturity, `${q.id}/${o.id}`).toBeUndefined();
    }
  });

  it("lets every process question reach both ends of the maturity range", () => {
    for (const q of questions.filter((x) => x.section === "process")) {
      const levels = q.options.flatMap((o) => (o.effects.maturity === undefined ? [] : [o.effects.maturity]));
      expect(Math.min(...levels), q.id).toBe(0);
      expect(Math.max(...levels), q.id).toBe(4);
    }
  });

  it("orders scale questions so that impact and maturity never fall along the scale", () => {
    for (const q of questions.filter((x) => x.type === "scale")) {
      const impacts = q.options.map(maxImpact);
      const maturities = q.options.map((o) => o.effects.maturity ?? 0);
      for (let i = 1; i < q.options.length; i++) {
        expect(impacts[i]!, `${q.id} option ${i}`).toBeGreaterThanOrEqual(impacts[i - 1]!);
        expect(maturities[i]!, `${q.id} option ${i}`).toBeGreaterThanOrEqual(maturities[i - 1]!);
      }
    }
  });

  it("sets impact levels in every damage question, and allows don't know there", () => {
    for (const q of questions.filter((x) => x.section === "damage")) {
      expect(q.dontKnow, q.id).toBe(true);
      expect(Math.max(...q.options.map(maxImpact)), q.id).toBeGreaterThanOrEqual(4);
    }
  });

  it("states an impact for every attack class somewhere, and names every asset", () => {
    const classes = new Set(options().flatMap(([, o]) => Object.keys(o.effects.impact ?? {})));
    expect([...classes].sort()).toEqual(
      ["attribute", "evasion", "extraction", "inversion", "membership", "poisoning"].sort(),
    );
    const assets = new Set(options().flatMap(([, o]) => o.effects.assets ?? []));
    expect([...assets].sort()).toEqual(["model", "predictions", "service", "training_data"]);
  });

  it("lets human review lower and full automation raise evasion and poisoning impact", () => {
    const mode = byId.get("risk.use.decision_mode")!;
    const shift = (id: string) => mode.options.find((o) => o.id === id)?.effects.impactShift;
    expect(shift("fully_automated")).toEqual({ evasion: 1, poisoning: 1 });
    expect(shift("recommendation_only")).toEqual({ evasion: -1, poisoning: -1 });
  });

  it("has the application-domain and threat-analysis questions other parts rely on", () => {
    const sector = byId.get("risk.domain.sector");
    expect(sector?.type).toBe("single");
    expect(optionIds("risk.domain.sector")).toEqual([
      "finance",
      "healthcare",
      "public_sector",
      "critical_infrastructure",
      "transport",
      "security",
      "hr_education",
      "ecommerce_marketing",
      "media_social",
      "industry_iot",
      "other",
    ]);
    expect(optionIds("risk.process.threat_analysis")).toEqual([
      "none",
      "generic_only",
      "ml_specific",
      "ml_specific_regular",
    ]);
  });
});
