// The example answer sets score as their stories say (the acceptance examples of the catalog issue).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Answers } from "../src/contracts/answers.js";
import type { AttackClass } from "../src/contracts/catalog.js";
import type { RiskPicture } from "../src/contracts/result.js";
import { parseAnswerText } from "../src/catalog/answer-file.js";
import { validateAnswerFile } from "../src/catalog/answers.js";
import { score } from "../src/scoring/index.js";
import { shareText } from "../src/scoring/present.js";

function scoreExample(name: string, extra: Answers = {}): RiskPicture {
  const text = readFileSync(new URL(`./${name}.yaml`, import.meta.url), "utf8");
  const { file, catalog } = validateAnswerFile(parseAnswerText(text));
  return score(catalog, { answers: { ...file.answers, ...extra }, verified: file.verified });
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

describe("worked example of docs/scoring.md", () => {
  const cls = (p: RiskPicture, c: AttackClass) => p.classes.find((r) => r.attackClass === c)!;

  it("public image API: extraction E = +14, likelihood 0.971 (5), impact 5, coverage 0, score 25", () => {
    const p = scoreExample("public-image-api");
    const x = cls(p, "extraction");
    expect(x.likelihood.exposure).toBe(14);
    expect(x.likelihood.value).toBeCloseTo(1 / (1 + Math.exp(-3.5)), 12);
    expect(x.likelihood.value.toFixed(3)).toBe("0.971");
    expect(x.likelihood.level).toBe(5);
    expect(x.impact.level).toBe(5);
    expect(x.coverage.value).toBe(0);
    expect(x.residual.level).toBe(5);
    expect(x.residual.score).toBe(25);
    expect(x.residual.rating).toBe("critical");
    expect(cls(p, "evasion").likelihood.exposure).toBe(20);
    expect(cls(p, "evasion").residual.score).toBe(25);
    expect(p.overall.top).toEqual(["evasion", "extraction", "poisoning"]);
    const total = p.classes.reduce((s, c) => s + c.residual.weight, 0);
    expect(total.toFixed(2)).toBe("17.50");
    const [first, second] = p.recommendations;
    expect(first?.mitigation).toBe("m.rate_limiting");
    expect(first?.reduction.toFixed(2)).toBe("5.33");
    expect(shareText(first!)).toBe("30.5 %");
    expect(second?.mitigation).toBe("m.coarse_outputs");
    expect(shareText(second!)).toBe("29.7 %");
  });

  it("with rate limiting in place: extraction coverage 0.5, residual 0.485 (3), score 15, high", () => {
    const p = scoreExample("public-image-api", { "security.mitigation.rate_limiting": "yes" });
    const x = cls(p, "extraction");
    expect(x.coverage.value).toBe(0.5);
    expect(x.residual.value.toFixed(3)).toBe("0.485");
    expect(x.residual.level).toBe(3);
    expect(x.residual.score).toBe(15);
    expect(x.residual.rating).toBe("high");
    expect(cls(p, "evasion").residual.score).toBe(20);
    expect(cls(p, "evasion").residual.rating).toBe("critical");
  });
});
