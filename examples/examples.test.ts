// The example answer sets score as their stories say (the acceptance examples of the catalog issue).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { AttackClass } from "../src/contracts/catalog.js";
import type { RiskPicture } from "../src/contracts/result.js";
import { parseAnswerText } from "../src/catalog/answer-file.js";
import { validateAnswerFile } from "../src/catalog/answers.js";
import { score } from "../src/scoring/index.js";

function scoreExample(name: string): RiskPicture {
  const text = readFileSync(new URL(`./${name}.yaml`, import.meta.url), "utf8");
  const { file, catalog } = validateAnswerFile(parseAnswerText(text));
  return score(catalog, { answers: file.answers, verified: file.verified });
}
const residual = (p: RiskPicture, c: AttackClass) => p.classes.find((r) => r.attackClass === c)!.residual;

describe("examples", () => {
  it("(a) public image API with full probabilities and no rate limit: extraction and evasion on top", () => {
    const p = scoreExample("public-image-api");
    expect(p.overall.top.slice(0, 2).sort()).toEqual(["evasion", "extraction"]);
    expect(residual(p, "extraction").rating).toBe("critical");
    expect(residual(p, "evasion").rating).toBe("critical");
    expect(p.completeness.unknown.join(" ")).toMatch(/security questionnaire is not answered/);
    expect(p.recommendations.slice(0, 3).map((r) => r.mitigation)).toContain("m.rate_limiting");
  });

  it("(b) fraud model retrained weekly on user-reported labels: poisoning on top", () => {
    const p = scoreExample("fraud-feedback");
    expect(p.overall.top[0]).toBe("poisoning");
    expect(["high", "critical"]).toContain(residual(p, "poisoning").rating);
    const top = p.recommendations.slice(0, 4).map((r) => r.mitigation);
    expect(top).toEqual(expect.arrayContaining(["m.label_review"]));
  });

  it("(c) model shipped inside a mobile app: white-box evasion and extraction on top", () => {
    const p = scoreExample("mobile-app");
    expect(p.overall.top.slice(0, 2).sort()).toEqual(["evasion", "extraction"]);
    expect(p.recommendations[0]?.mitigation).toBe("m.protect_model_artifact");
  });

  it("(d) the well-defended system scores clearly lower than (a) on every class", () => {
    const a = scoreExample("public-image-api");
    const d = scoreExample("well-defended");
    for (const r of d.classes) {
      const before = residual(a, r.attackClass);
      expect(r.residual.weight, r.attackClass).toBeLessThan(before.weight * 0.6);
      expect(r.residual.score, r.attackClass).toBeLessThanOrEqual(before.score);
    }
    expect(d.overall.rating).not.toBe("high");
    expect(d.maturity.level).toBe(5);
  });
});
