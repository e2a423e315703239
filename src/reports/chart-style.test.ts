// Shared chart rendering gives static SVG pictures (no hover styles, no per-process ids), data URLs
// that decode back.
import { describe, expect, it } from "vitest";
import { renderSvg, svgDataUrl } from "./chart-style.js";

const bars = () =>
  renderSvg(
    {
      xAxis: { type: "category", data: ["a", "b"] },
      yAxis: { type: "value" },
      series: [{ type: "bar", data: [1, 2], emphasis: { focus: "series" } }],
    },
    200,
    120,
  );

describe("chart style", () => {
  it("renders a static SVG of the asked size, the same every time", () => {
    const svg = bars();
    expect(svg.startsWith('<svg width="200" height="120"')).toBe(true);
    expect(svg).not.toContain("<style");
    expect(svg).not.toMatch(/class="zr\d+-cls-/);
    expect(svg).not.toMatch(/\bzr\d+-/);
    expect(svg).toContain('fill="#ffffff"');
    expect(bars()).toBe(svg);
  });

  it("encodes SVG as a base64 data URL that decodes back", () => {
    const svg = bars();
    const url = svgDataUrl(svg);
    expect(url.startsWith("data:image/svg+xml;base64,")).toBe(true);
    expect(Buffer.from(url.split(",")[1]!, "base64").toString("utf8")).toBe(svg);
  });
});
