// Shared chart rendering gives static SVG pictures (no hover styles, no per-process ids), data URLs
// that decode back.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { RATINGS } from "../contracts/result.js";
import { RATING_COLORS, RATING_TEXT, renderSvg, svgDataUrl } from "./chart-style.js";

/** WCAG 2 relative luminance of a #rrggbb colour. */
const luminance = (hex: string) => {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
};
const contrast = (a: string, b: string) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
};

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

  it("gives the web app the same rating colours, with text that passes WCAG AA (4.5:1) on each", () => {
    const css = readFileSync(new URL("../../web/src/styles/base.css", import.meta.url), "utf8");
    const components = readFileSync(new URL("../../web/src/styles/components.css", import.meta.url), "utf8");
    const cssVar = (name: string) =>
      css.match(new RegExp(`--${name}:\\s*(#[0-9a-fA-F]{6});`))?.[1]?.toLowerCase();
    for (const r of RATINGS) {
      expect(cssVar(r), r).toBe(RATING_COLORS[r].toLowerCase());
      expect(cssVar(`${r}-text`), r).toBe(RATING_TEXT[r].toLowerCase());
      expect(components, r).toMatch(
        new RegExp(`\\.rating-bg-${r} \\{\\s*background: var\\(--${r}\\);\\s*color: var\\(--${r}-text\\);`),
      );
      expect(contrast(RATING_COLORS[r], RATING_TEXT[r]), r).toBeGreaterThanOrEqual(4.5);
    }
  });
});
