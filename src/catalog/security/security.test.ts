// Checks of the security questionnaire on its own: schema, ids, references, the ids and effects
// other code relies on, conditions, mitigation coverage, and how scoring reads the answers.
import { describe, expect, it } from "vitest";
import { Catalog, DONT_KNOW, type Question, Section } from "../../contracts/catalog.js";
import { collectFactors } from "../../scoring/factors.js";
import { ATLAS_TECHNIQUES } from "../atlas-data.js";
import { MITIGATIONS } from "../mitigations.js";
import { visibleQuestions } from "../model.js";
import { securitySections } from "./index.js";

const questions: Question[] = securitySections.flatMap((s) => s.questions);
const byId = new Map(questions.map((q) => [q.id, q]));
const mitigationIds = new Set(MITIGATIONS.map((m) => m.id));
const techniqueIds = new Set(ATLAS_TECHNIQUES.map((t) => t.id));
const catalog = Catalog.parse({
  version: "0.0.1",
  sections: securitySections,
  mitigations: MITIGATIONS,
  contradictions: [],
});

function question(id: string): Question {
  const q = byId.get(id);
  if (!q) throw new Error(`missing question ${id}`);
  return q;
}

const LADDERS: Record<string, string> = {
  "security.mitigation.rate_limiting": "m.rate_limiting",
  "security.mitigation.coarse_outputs": "m.coarse_outputs",
  "security.mitigation.adversarial_training": "m.adversarial_training",
  "security.mitigation.differential_privacy": "m.differential_privacy",
  "security.mitigation.data_sanitization": "m.data_sanitization",
  "security.mitigation.input_detection": "m.input_detection",
  "security.mitigation.access_control_models": "m.access_control_prod",
  "security.mitigation.access_control_data": "m.access_control_data",
  "security.mitigation.monitoring_fallback": "m.monitoring_fallback",
};

describe("security questionnaire structure", () => {
  it("parses every section with the schema and has the agreed sections and size", () => {
    for (const s of securitySections) expect(() => Section.parse(s), s.id).not.toThrow();
    expect(securitySections.map((s) => s.id)).toEqual(["assessment", "mitigation", "operations"]);
    expect(securitySections.every((s) => s.questionnaire === "security")).toBe(true);
    expect(questions.length).toBeGreaterThanOrEqual(27);
  });

  it("uses unique ids prefixed with questionnaire and section", () => {
    expect(new Set(questions.map((q) => q.id)).size).toBe(questions.length);
    for (const s of securitySections) {
      for (const q of s.questions) {
        expect(q.id.startsWith(`security.${s.id}.`), q.id).toBe(true);
        expect(q.section, q.id).toBe(s.id);
        const options = q.options.map((o) => o.id);
        expect(new Set(options).size, q.id).toBe(options.length);
      }
    }
  });

  it("names only existing mitigations and ATLAS techniques", () => {
    for (const q of questions) {
      for (const id of q.atlas) expect(techniqueIds.has(id), `${q.id}: ${id}`).toBe(true);
      for (const o of q.options) {
        const named = [...(o.effects.missing ?? []), ...(o.effects.evidences ?? []).map((e) => e.mitigation)];
        for (const m of named) expect(mitigationIds.has(m), `${q.id}.${o.id}: ${m}`).toBe(true);
      }
    }
  });

  it("links every exposure-raising option to a mitigation and keeps informational options effect-free", () => {
    for (const q of questions) {
      for (const o of q.options) {
        const e = o.effects;
        if (Object.values(e.exposure ?? {}).some((v) => v > 0)) {
          expect(e.missing?.length ?? 0, `${q.id}.${o.id}`).toBeGreaterThan(0);
        }
        const effectKeys = Object.keys(e).filter((k) => k !== "informational");
        if (e.informational) expect(effectKeys, `${q.id}.${o.id}`).toEqual([]);
        else expect(effectKeys.length, `${q.id}.${o.id} has no effect`).toBeGreaterThan(0);
      }
    }
  });

  it("shows follow-ups only after an earlier security question with an existing option", () => {
    const seen = new Map<string, Set<string>>();
    for (const q of questions) {
      for (const c of q.showIf ?? []) {
        const options = seen.get(c.question);
        expect(options, `${q.id} depends on ${c.question}`).toBeDefined();
        for (const o of c.anyOf) expect(options?.has(o), `${q.id}: ${c.question}.${o}`).toBe(true);
      }
      seen.set(q.id, new Set(q.options.map((o) => o.id)));
    }
  });

  it("reaches every question with some answers and hides follow-ups without them", () => {
    const opening: Record<string, string | string[]> = {
      "security.assessment.security_testing": "periodic",
      "security.assessment.pen_testing": "ml_red_team",
      "security.assessment.attacks_evaluated": ["evasion"],
      "security.assessment.certification": "eu_csa_scheme",
      "security.mitigation.differential_privacy": "partial",
    };
    expect(visibleQuestions(catalog, opening).map((q) => q.id)).toEqual(questions.map((q) => q.id));
    const closed = visibleQuestions(catalog, {
      "security.assessment.security_testing": "never",
      "security.assessment.pen_testing": "infrastructure_only",
      "security.assessment.attacks_evaluated": ["none"],
      "security.assessment.certification": "none",
      "security.mitigation.differential_privacy": "no",
    }).map((q) => q.id);
    for (const id of [
      "security.assessment.pen_test_scope",
      "security.assessment.evaluation_depth",
      "security.assessment.evaluation_target",
      "security.assessment.findings_followup",
      "security.assessment.certification_ml_scope",
      "security.mitigation.dp_epsilon",
    ]) {
      expect(closed, id).not.toContain(id);
    }
  });

  it("allows don't know almost everywhere and teaches something in every hint", () => {
    expect(questions.filter((q) => !q.dontKnow).map((q) => q.id)).toEqual([]);
    for (const q of questions) expect(q.hint.length, q.id).toBeGreaterThanOrEqual(40);
  });
});

describe("ids and effects other code relies on", () => {
  it("has attacks_evaluated with one option per class that partly evidences testing and lowers that class", () => {
    const q = question("security.assessment.attacks_evaluated");
    expect(q.type).toBe("multiple");
    expect(q.options.map((o) => o.id)).toEqual([
      "evasion",
      "poisoning",
      "extraction",
      "membership",
      "inversion",
      "attribute",
      "none",
    ]);
    for (const o of q.options.filter((x) => x.id !== "none")) {
      expect(o.effects.exposure, o.id).toEqual({ [o.id]: -1 });
      expect(o.effects.evidences, o.id).toEqual([{ mitigation: "m.adversarial_testing", strength: 0.5 }]);
    }
    expect(q.options.find((o) => o.id === "none")?.effects.missing).toEqual(["m.adversarial_testing"]);
  });

  it("gives each mitigation question the yes / partial / no ladder for its mitigation", () => {
    for (const [id, m] of Object.entries(LADDERS)) {
      const q = question(id);
      expect(q.type, id).toBe("single");
      const option = (o: string) => q.options.find((x) => x.id === o)?.effects;
      expect(
        q.options.map((o) => o.id),
        id,
      ).toEqual(["yes", "partial", "no"]);
      expect(option("yes")?.evidences, id).toEqual([{ mitigation: m, strength: 1 }]);
      expect(option("partial")?.evidences, id).toEqual([{ mitigation: m, strength: 0.5 }]);
      expect(option("no")?.missing, id).toEqual([m]);
      expect(option("no")?.evidences, id).toBeUndefined();
    }
  });

  it("evidences every mitigation from some answer except human review, which the risk questionnaire covers", () => {
    const evidenced = new Set(
      questions.flatMap((q) =>
        q.options.flatMap((o) => (o.effects.evidences ?? []).map((e) => e.mitigation)),
      ),
    );
    const named = new Set(questions.flatMap((q) => q.options.flatMap((o) => o.effects.missing ?? [])));
    expect(MITIGATIONS.map((m) => m.id).filter((id) => !evidenced.has(id))).toEqual(["m.human_review"]);
    expect(MITIGATIONS.map((m) => m.id).filter((id) => !named.has(id))).toEqual(["m.human_review"]);
  });
});

describe("scoring reads the security answers", () => {
  const factorsFor = (answers: Record<string, string | string[]>) =>
    collectFactors(catalog, visibleQuestions(catalog, answers), answers);

  it("turns evaluated attacks into lower exposure and partial adversarial testing", () => {
    const f = factorsFor({ "security.assessment.attacks_evaluated": ["evasion", "membership"] });
    expect(f.exposure.evasion.sum).toBe(-1);
    expect(f.exposure.membership.sum).toBe(-1);
    expect(f.exposure.extraction.sum).toBe(0);
    expect(f.mitigations.get("m.adversarial_testing")?.strength).toBe(0.5);
  });

  it("recommends a mitigation the respondent does not know about", () => {
    const f = factorsFor({ "security.mitigation.rate_limiting": DONT_KNOW });
    expect(f.missing.has("m.rate_limiting")).toBe(true);
    expect(f.mitigations.has("m.rate_limiting")).toBe(false);
  });

  it("counts a weak privacy budget against membership, but only when DP is claimed", () => {
    const weak = factorsFor({
      "security.mitigation.differential_privacy": "yes",
      "security.mitigation.dp_epsilon": "eps_large",
    });
    expect(weak.exposure.membership.sum).toBe(1);
    expect(weak.mitigations.get("m.differential_privacy")?.strength).toBe(1);
    const hidden = factorsFor({
      "security.mitigation.differential_privacy": "no",
      "security.mitigation.dp_epsilon": "eps_large",
    });
    expect(hidden.exposure.membership.sum).toBe(0);
  });

  it("takes the strongest evidence when several answers support the same mitigation", () => {
    const f = factorsFor({
      "security.assessment.pen_testing": "ml_red_team",
      "security.assessment.attacks_evaluated": ["poisoning"],
      "security.assessment.evaluation_depth": "adaptive_white_box",
    });
    expect(f.mitigations.get("m.adversarial_testing")?.strength).toBe(1);
  });
});
