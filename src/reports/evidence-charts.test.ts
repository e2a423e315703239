// The evidence charts (peer percentiles, ROC curves) render as SVG pictures with their labels.
import { describe, expect, it } from "vitest";
import { peerPercentileSvg, rocChartSvg } from "./evidence-charts.js";

describe("evidence charts", () => {
  it("draws ROC curves on linear and log FPR axes, dropping FPR 0 on the log axis", () => {
    const points: Array<[number, number]> = [
      [0, 0],
      [0.001, 0.05],
      [0.01, 0.2],
      [0.1, 0.5],
      [1, 1],
    ];
    const linear = rocChartSvg([{ name: "threshold attack", points }]);
    expect(linear).toContain("threshold attack");
    expect(linear).toContain("Chance (no leak)");
    const log = rocChartSvg([{ name: "threshold attack", points }], { logFpr: true });
    expect(log).toContain("log scale");
    expect(log).not.toBe(linear);
  });

  it("draws peer percentiles", () => {
    const svg = peerPercentileSvg(
      [
        { label: "Overall", percentile: 72 },
        { label: "Evasion", percentile: 40 },
      ],
      "30 pooled systems",
    );
    expect(svg).toContain("Overall");
    expect(svg).toContain("72");
  });
});
