// The risk-picture charts render as real, deterministic SVG pictures that name the attack classes.
import { describe, expect, it } from "vitest";
import { CATALOG } from "../catalog/index.js";
import { ATTACK_CLASSES } from "../contracts/catalog.js";
import { RATING_COLORS } from "./chart-style.js";
import { residualRadarSvg, riskMatrixSvg, stageHeatmapSvg } from "./risk-charts.js";
import { samplePicture } from "./testing.js";

const picture = samplePicture(CATALOG);
const count = (svg: string, tag: string) => svg.split(`<${tag}`).length - 1;
/** Centres of the numbered class markers (circles of radius 11). */
const markersOf = (svg: string) =>
  [...svg.matchAll(/transform="matrix\(11,0,0,11,([\d.]+),([\d.]+)\)"/g)].map((m) => `${m[1]},${m[2]}`);

describe("risk charts", () => {
  it("draws the 5×5 risk matrix with 25 rated cells, a numbered marker and a key entry per class", () => {
    const svg = riskMatrixSvg(picture);
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain("Risk matrix");
    for (const c of [
      "Model evasion",
      "Model poisoning",
      "Model stealing",
      "Membership inference",
      "Model inversion",
      "Attribute inference",
    ]) {
      expect(svg).toContain(c);
    }
    for (const color of Object.values(RATING_COLORS))
      expect(svg.toLowerCase()).toContain(color.toLowerCase());
    for (let n = 1; n <= ATTACK_CLASSES.length; n++) expect(svg).toMatch(new RegExp(`>${n}</text>`));
    expect(count(svg, "polygon")).toBe(25);
    expect(markersOf(svg)).toHaveLength(ATTACK_CLASSES.length);
    expect(svg).toContain("very high");
  });

  it("draws the radar with both series and every class axis", () => {
    const svg = residualRadarSvg(picture);
    for (const c of [
      "Evasion",
      "Poisoning",
      "Extraction",
      "Membership inference",
      "Model inversion",
      "Attribute inference",
    ]) {
      expect(svg).toContain(c);
    }
    expect(svg).toContain("Before mitigations");
    expect(svg).toContain("Residual (after mitigations)");
    expect(count(svg, "path")).toBeGreaterThan(10);
  });

  it("draws the stage × class heat map with a percentage in each of the 30 cells", () => {
    const svg = stageHeatmapSvg(picture);
    for (const c of ["Evasion", "Poisoning", "Extraction", "Membership", "Model inversion", "Attribute"])
      expect(svg).toContain(c);
    expect(svg).toContain("Deployment &amp; integration");
    expect((svg.match(/>\d+ %<\/text>/g) ?? []).length).toBeGreaterThanOrEqual(30);
    const cells = picture.heatmap.flatMap((row) =>
      ATTACK_CLASSES.map((c) => Math.round((row.values[c] ?? 0) * 100)),
    );
    for (const v of cells) expect(svg).toContain(`>${v} %</text>`);
  });

  it("is deterministic: the same picture gives byte-identical SVG", () => {
    expect(riskMatrixSvg(picture)).toBe(riskMatrixSvg(picture));
    expect(residualRadarSvg(picture)).toBe(residualRadarSvg(picture));
    expect(stageHeatmapSvg(picture)).toBe(stageHeatmapSvg(picture));
  });

  it("places classes that share a cell apart from each other", () => {
    const crowded = {
      ...picture,
      classes: picture.classes.map((c) => ({
        ...c,
        impact: { ...c.impact, level: 5 },
        residual: { ...c.residual, level: 5, score: 25 },
      })),
    };
    const svg = riskMatrixSvg(crowded);
    const markers = markersOf(svg);
    expect(markers).toHaveLength(6);
    expect(new Set(markers).size).toBe(6);
  });
});
