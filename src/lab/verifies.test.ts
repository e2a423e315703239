import { describe, expect, it } from "vitest";
import { checkAnswer } from "../catalog/answers.js";
import { CATALOG } from "../catalog/index.js";
import { ATTACKS_EVALUATED, classEvaluated, verifiedAnswers } from "./verifies.js";

describe("verified answers from lab runs", () => {
  const base = { id: "run-1", summary: "100 % success at ε = 0.1", finishedAt: "2026-11-23T10:00:00Z" };

  it("adds the evaluated class to the security answer and drops 'none'", () => {
    const r = verifiedAnswers(
      { ...base, attack: "square", family: "evasion" },
      { [ATTACKS_EVALUATED]: ["none"] },
    );
    expect(r.answers[ATTACKS_EVALUATED]).toEqual(["evasion"]);
    expect(r.verified[ATTACKS_EVALUATED]?.run).toBe("run-1");
    expect(checkAnswer(CATALOG, ATTACKS_EVALUATED, r.answers[ATTACKS_EVALUATED]!)).toBeNull();
  });

  it("keeps classes already evaluated", () => {
    const r = verifiedAnswers(
      { ...base, attack: "knockoff", family: "extraction" },
      { [ATTACKS_EVALUATED]: ["evasion", "extraction"] },
    );
    expect(r.answers[ATTACKS_EVALUATED]).toEqual(["evasion", "extraction"]);
  });

  it("maps every family to a class the catalog offers", () => {
    const options = CATALOG.sections
      .flatMap((s) => s.questions)
      .find((q) => q.id === ATTACKS_EVALUATED)!
      .options.map((o) => o.id);
    for (const [family, id] of [
      ["evasion", "hop-skip-jump"],
      ["extraction", "equation-solving"],
      ["poisoning", "backdoor"],
      ["inference", "membership-lira"],
      ["inference", "attribute-inference"],
    ] as const) {
      expect(options).toContain(classEvaluated(family, id));
    }
    expect(classEvaluated("probe", "probe-output")).toBeNull();
  });

  it("records probe measurements as verified surface answers", () => {
    const r = verifiedAnswers(
      {
        ...base,
        attack: "probe-output",
        family: "probe",
        suggestedAnswers: { "surface.inference.output_granularity": "full_probabilities" },
      },
      {},
    );
    expect(r.answers).toEqual({ "surface.inference.output_granularity": "full_probabilities" });
    expect(Object.keys(r.verified)).toEqual(["surface.inference.output_granularity"]);
  });
});

describe("attack registry lookups", () => {
  it("does not mistake built-in object properties for attacks", async () => {
    const { getAttack } = await import("./registry.js");
    for (const id of ["toString", "constructor", "__proto__", "hasOwnProperty"]) {
      expect(() => getAttack(id)).toThrow(/unknown attack/);
    }
    expect(getAttack("square").id).toBe("square");
  });
});
