// The format-neutral report content: plain-words summary, capped lists, lab metrics and ROC points.
import { describe, expect, it } from "vitest";
import { buildReportModel, cap, metricName, rocPointsOf } from "./model.js";
import { example, sampleLabRun } from "./testing.js";

describe("report model", () => {
  const { picture, catalog } = example("fraud-feedback");

  it("ranks classes by residual risk and keeps every class as a finding", () => {
    const m = buildReportModel(picture, { generatedAt: "now" }, catalog);
    expect(m.classes.map((c) => c.attackClass)).toEqual(
      [...picture.classes].sort((a, b) => b.residual.weight - a.residual.weight).map((c) => c.attackClass),
    );
    expect(m.findings).toHaveLength(picture.classes.length);
    const first = m.findings[0]!;
    const source = picture.classes.find((c) => c.attackClass === first.attackClass)!;
    expect(first.likelihood.items.length + first.likelihood.more).toBe(source.likelihood.because.length);
  });

  it("tells decision makers what is verified by test", () => {
    const verified = {
      ...picture,
      verified: [
        {
          question: picture.classes[0]!.likelihood.because[0]!.question,
          attack: "hsj-evasion",
          summary: "evaded 9 of 10",
        },
      ],
    };
    const m = buildReportModel(verified, { generatedAt: "now", labRuns: [sampleLabRun()] }, catalog);
    expect(m.keyPoints.join(" ")).toContain("1 answer is verified by lab test and 1 attack run completed");
    expect(m.verified[0]?.questionText).not.toBe(m.verified[0]?.question);
    expect(m.findings.find((f) => f.attackClass === picture.classes[0]!.attackClass)?.verified).toEqual([
      "hsj-evasion: evaded 9 of 10",
    ]);
    const none = buildReportModel(picture, { generatedAt: "now" }, catalog);
    expect(none.keyPoints.join(" ")).toContain("every answer is self-declared");
  });

  it("caps long lists and counts the rest", () => {
    expect(cap(["a", "b", "c"], 2)).toEqual({ items: ["a", "b"], more: 1 });
    expect(cap(["a"], 2)).toEqual({ items: ["a"], more: 0 });
  });

  it("names lab metrics in words", () => {
    expect(metricName("auc")).toBe("AUC");
    expect(metricName("tprAt1PctFpr")).toBe("TPR at 1 % FPR");
    expect(metricName("tprAt01PctFpr")).toBe("TPR at 0.1 % FPR");
    expect(metricName("medianL2")).toBe("median L2");
    expect(metricName("medianLinf")).toBe("median L∞");
    expect(metricName("bestBalancedAccuracy")).toBe("best balanced accuracy");
  });

  it("reads ROC points from a run's example values", () => {
    const points = rocPointsOf(sampleLabRun());
    expect(points?.[1]).toEqual([0.001, 0.02]);
    expect(rocPointsOf({ ...sampleLabRun(), examples: [] })).toBeUndefined();
  });
});
