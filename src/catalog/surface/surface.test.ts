// Validates the attack-surface questionnaire: schema, stages, ids, references to mitigations and
// ATLAS, conditions, weakness-to-mitigation links, counts, and the ids other code depends on.
import { describe, expect, it } from "vitest";
import { type Option, type Question, Section, STAGES } from "../../contracts/catalog.js";
import { ATLAS_TECHNIQUES } from "../atlas-data.js";
import { MITIGATIONS } from "../mitigations.js";
import { surfaceSections } from "./index.js";

const questions: Question[] = surfaceSections.flatMap((s) => s.questions);
const byId = new Map(questions.map((q) => [q.id, q]));
const mitigationIds = new Set(MITIGATIONS.map((m) => m.id));
const atlasIds = new Set(ATLAS_TECHNIQUES.map((t) => t.id));

const options = (): Array<[Question, Option]> =>
  questions.flatMap((q) => q.options.map((o) => [q, o] as [Question, Option]));
const optionIds = (id: string): string[] => byId.get(id)?.options.map((o) => o.id) ?? [];
const option = (q: string, o: string): Option => {
  const found = byId.get(q)?.options.find((x) => x.id === o);
  if (!found) throw new Error(`no option ${q}/${o}`);
  return found;
};
const step = (q: string, o: string, c: keyof NonNullable<Option["effects"]["exposure"]>): number =>
  option(q, o).effects.exposure?.[c] ?? 0;

describe("surface questionnaire", () => {
  it("parses every section with the Section schema", () => {
    for (const s of surfaceSections) expect(() => Section.parse(s)).not.toThrow();
  });

  it("has one section per lifecycle stage, in lifecycle order, with matching ids", () => {
    expect(surfaceSections.map((s) => s.id)).toEqual([...STAGES]);
    for (const s of surfaceSections) {
      expect(s.questionnaire).toBe("surface");
      expect(s.stage).toBe(s.id);
    }
  });

  it("has at least 50 questions and at least 9 per stage", () => {
    expect(questions.length).toBeGreaterThanOrEqual(50);
    for (const s of surfaceSections) expect(s.questions.length, s.id).toBeGreaterThanOrEqual(9);
  });

  it("has unique, correctly prefixed question ids and unique option ids", () => {
    expect(byId.size).toBe(questions.length);
    for (const s of surfaceSections) {
      for (const q of s.questions) {
        expect(q.section, q.id).toBe(s.id);
        expect(q.id.startsWith(`surface.${s.id}.`), q.id).toBe(true);
        const ids = q.options.map((o) => o.id);
        expect(new Set(ids).size, q.id).toBe(ids.length);
        if (q.type === "yesno") expect([...ids].sort(), q.id).toEqual(["no", "yes"]);
      }
    }
  });

  it("has no duplicated question texts, hints or option labels within a question", () => {
    expect(new Set(questions.map((q) => q.text)).size).toBe(questions.length);
    expect(new Set(questions.map((q) => q.hint)).size).toBe(questions.length);
    for (const q of questions)
      expect(new Set(q.options.map((o) => o.label)).size, q.id).toBe(q.options.length);
  });

  it("references only existing mitigations and ATLAS techniques", () => {
    for (const q of questions) for (const a of q.atlas) expect(atlasIds.has(a), `${q.id}: ${a}`).toBe(true);
    for (const [q, o] of options()) {
      for (const m of o.effects.missing ?? [])
        expect(mitigationIds.has(m), `${q.id}/${o.id}: ${m}`).toBe(true);
    }
  });

  it("describes exposure only: no evidences, impact or maturity in surface answers", () => {
    for (const [q, o] of options()) {
      expect(o.effects.evidences, `${q.id}/${o.id}`).toBeUndefined();
      expect(o.effects.impact, `${q.id}/${o.id}`).toBeUndefined();
      expect(o.effects.maturity, `${q.id}/${o.id}`).toBeUndefined();
    }
  });

  it("links every option that adds exposure to the mitigations that would close it", () => {
    for (const [q, o] of options()) {
      const adds = Object.values(o.effects.exposure ?? {}).some((s) => s > 0);
      if (adds) expect(o.effects.missing?.length ?? 0, `${q.id}/${o.id}`).toBeGreaterThan(0);
    }
  });

  it("marks options informational exactly when they change nothing", () => {
    for (const [q, o] of options()) {
      const { informational, ...rest } = o.effects;
      const changes = Object.values(rest).some((v) => v !== undefined);
      expect(informational === true, `${q.id}/${o.id}`).toBe(!changes);
    }
  });

  it("gives every scored question at least two different exposure levels", () => {
    for (const q of questions) {
      const sums = new Set(
        q.options.map((o) => Object.values(o.effects.exposure ?? {}).reduce((a, b) => a + b, 0)),
      );
      expect(sums.size, q.id).toBeGreaterThan(1);
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

  it("defines the questions and options other code depends on", () => {
    const required: Record<string, { type: Question["type"]; options: string[] }> = {
      "surface.deployment.model_location": {
        type: "single",
        options: ["server_side", "client_app", "edge_device", "hybrid"],
      },
      "surface.deployment.api_exposure": {
        type: "single",
        options: ["public_anonymous", "public_authenticated", "partners", "internal_only", "no_api"],
      },
      "surface.inference.output_granularity": {
        type: "single",
        options: ["label_only", "top_k", "rounded_scores", "full_probabilities"],
      },
      "surface.inference.query_limits": {
        type: "single",
        options: ["none", "global_only", "per_client", "not_exposed"],
      },
      "surface.data.user_feedback_labels": { type: "single", options: ["none", "reviewed", "direct"] },
      "surface.training.retraining": {
        type: "single",
        options: ["never", "periodic_reviewed", "periodic_automatic", "online"],
      },
      "surface.training.pretrained_source": {
        type: "single",
        options: ["none", "internal", "verified_public", "unverified_public"],
      },
      "surface.design.overfitting_gap": { type: "single", options: ["small", "moderate", "large"] },
      "surface.data.sensitive_features": { type: "yesno", options: ["yes", "no"] },
    };
    for (const [id, want] of Object.entries(required)) {
      const q = byId.get(id);
      expect(q, id).toBeDefined();
      expect(q?.type, id).toBe(want.type);
      for (const o of want.options) expect(optionIds(id), id).toContain(o);
    }
    const model = optionIds("surface.design.model_type");
    for (const o of ["linear", "tree_ensemble", "deep_neural_network", "foundation_model"])
      expect(model).toContain(o);
  });

  it("scores the decisive answers as the brief states", () => {
    for (const where of ["client_app", "edge_device"]) {
      expect(step("surface.deployment.model_location", where, "evasion")).toBe(3);
      expect(step("surface.deployment.model_location", where, "extraction")).toBe(3);
      expect(step("surface.deployment.model_location", where, "membership")).toBeGreaterThan(0);
      expect(step("surface.deployment.model_location", where, "inversion")).toBeGreaterThan(0);
    }
    const g = "surface.inference.output_granularity";
    expect(step(g, "full_probabilities", "extraction")).toBe(3);
    expect(step(g, "full_probabilities", "membership")).toBe(2);
    expect(step(g, "full_probabilities", "inversion")).toBe(2);
    expect(step(g, "full_probabilities", "evasion")).toBe(1);
    for (const c of ["extraction", "membership", "inversion", "evasion"] as const) {
      expect(step(g, "label_only", c), c).toBeLessThan(0);
    }
    expect(step("surface.design.overfitting_gap", "large", "membership")).toBe(3);
    expect(step("surface.data.user_feedback_labels", "direct", "poisoning")).toBe(3);
    expect(step("surface.training.retraining", "online", "poisoning")).toBe(3);
  });

  it("never lowers exposure as the answer gets worse on ordered questions", () => {
    const ordered: Array<[string, string[]]> = [
      [
        "surface.inference.output_granularity",
        ["label_only", "top_k", "rounded_scores", "full_probabilities"],
      ],
      ["surface.design.overfitting_gap", ["small", "moderate", "large"]],
      ["surface.data.user_feedback_labels", ["none", "reviewed", "direct"]],
      ["surface.training.retraining", ["never", "periodic_reviewed", "periodic_automatic", "online"]],
      ["surface.training.pretrained_source", ["internal", "verified_public", "unverified_public"]],
      [
        "surface.deployment.api_exposure",
        ["no_api", "internal_only", "partners", "public_authenticated", "public_anonymous"],
      ],
      ["surface.inference.query_limits", ["not_exposed", "per_client", "global_only", "none"]],
    ];
    const classes = ["evasion", "poisoning", "extraction", "membership", "inversion", "attribute"] as const;
    for (const [q, order] of ordered) {
      for (let i = 1; i < order.length; i++) {
        for (const c of classes) {
          expect(
            step(q, order[i]!, c),
            `${q}: ${order[i]} vs ${order[i - 1]} on ${c}`,
          ).toBeGreaterThanOrEqual(step(q, order[i - 1]!, c));
        }
      }
    }
  });

  it("shows the follow-up questions only after the answers that make them relevant", () => {
    const conditioned = (id: string) => byId.get(id)?.showIf?.map((c) => c.question);
    expect(conditioned("surface.data.feedback_weight")).toEqual(["surface.data.user_feedback_labels"]);
    expect(byId.get("surface.data.feedback_weight")?.showIf?.[0]?.anyOf).not.toContain("none");
    for (const id of ["device_weights", "device_decision_check", "device_updates"]) {
      const c = byId.get(`surface.deployment.${id}`)?.showIf?.[0];
      expect(c?.question).toBe("surface.deployment.model_location");
      expect([...(c?.anyOf ?? [])].sort()).toEqual(["client_app", "edge_device", "hybrid"]);
    }
    expect(byId.get("surface.inference.query_budget")?.showIf?.[0]?.anyOf).not.toContain("none");
  });
});
