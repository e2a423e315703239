// The HTML report is complete, escaped, CSP-safe (no scripts, no inline styles unless standalone)
// and shows the charts as embedded SVG pictures.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";
import { describe, expect, it } from "vitest";
import { CATALOG } from "../catalog/index.js";
import type { ReportContext } from "./context.js";
import { h, REPORT_CSS, renderHtml } from "./html.js";
import { chromiumPath } from "./pdf.js";
import { example, sampleLabRun, samplePicture } from "./testing.js";

const ctx: ReportContext = {
  generatedAt: "2025-03-01T09:00:00.000Z",
  system: { name: "Card fraud scoring", domain: "finance" },
  labRuns: [sampleLabRun()],
  peers: { percentile: 81, count: 37, group: "finance", classes: { poisoning: 93, evasion: 12 } },
};

/** The decoded SVG of every <img> whose source is an SVG data URL, with its alt text. */
function svgImages(html: string): { alt: string; svg: string }[] {
  return [
    ...html.matchAll(
      /<img class="chart"[^>]*alt="([^"]*)" src="data:image\/svg\+xml;base64,([A-Za-z0-9+/=]+)">/g,
    ),
  ].map((m) => ({ alt: m[1]!, svg: Buffer.from(m[2]!, "base64").toString("utf8") }));
}

describe("renderHtml", () => {
  const { picture, catalog } = example("fraud-feedback");
  const html = renderHtml(picture, ctx, { catalog });

  it("is a complete document with every section", () => {
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html).toContain('<html lang="en">');
    expect(html.trimEnd().endsWith("</html>")).toBe(true);
    for (const id of ["summary", "risk", "findings", "mitigations", "unknowns", "evidence"]) {
      expect(html).toContain(`<section id="${id}"`);
    }
    for (const c of picture.classes) expect(html).toContain(`<h3 id="f-${c.attackClass}">${h(c.name)}`);
    expect(html).toContain(h(picture.recommendations[0]!.tradeoff));
    expect(html.includes("Peer comparison")).toBe(true);
    expect(html.includes('alt="ROC curve of membership-threshold')).toBe(true);
  });

  it("has no script, no <style> and no style attribute, and links the stylesheet, when served", () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<style/i);
    expect(html).not.toMatch(/\sstyle=/i);
    expect(html).not.toMatch(/\son[a-z]+=/i);
    expect(html).toContain('<link rel="stylesheet" href="/report.css">');
    expect(renderHtml(picture, ctx, { catalog, cssHref: "/assets/r.css" })).toContain('href="/assets/r.css"');
  });

  it("loads nothing but data: images (img-src 'self' data:)", () => {
    const sources = [...html.matchAll(/<img[^>]* src="([^"]*)"/g)].map((m) => m[1]!);
    expect(sources.length).toBeGreaterThanOrEqual(5);
    for (const src of sources) expect(src).toMatch(/^data:image\/(svg\+xml|png);base64,/);
  });

  it("embeds the risk matrix, radar, heat map, peer and ROC charts as SVG pictures with alt text", () => {
    const images = svgImages(html);
    expect(images.map((i) => i.svg.slice(0, 4))).toEqual(images.map(() => "<svg"));
    for (const t of [
      "Risk matrix",
      "Risk per attack class",
      "Attack surface along the lifecycle",
      "Where this system stands",
      "Membership inference ROC",
    ]) {
      expect(images.filter((i) => i.svg.includes(`>${t}`)).length, t).toBe(1);
    }
    for (const image of images) expect(image.alt.length).toBeGreaterThan(40);
    const matrix = images.find((i) => i.alt.startsWith("Risk matrix"))!;
    for (const c of picture.classes) expect(matrix.alt).toContain(c.name);
  });

  it("inlines the stylesheet only when standalone", () => {
    const standalone = renderHtml(picture, ctx, { catalog, standalone: true });
    expect(standalone).toContain(`<style>${REPORT_CSS}</style>`);
    expect(standalone).not.toContain('rel="stylesheet"');
    expect(standalone).not.toMatch(/<script/i);
    expect(standalone).not.toMatch(/\sstyle=/i);
  });

  it("has print rules: A4 pages and a page break before each major section", () => {
    expect(REPORT_CSS).toContain("@page{size:A4;");
    expect(REPORT_CSS).toMatch(/@media print\{[\s\S]*section\.major\{break-before:page;/);
    expect(REPORT_CSS).not.toMatch(/url\(/);
  });

  it("escapes every user-supplied string", () => {
    const evil = '<img src=x onerror="alert(1)">';
    const run = { ...sampleLabRun(), summary: evil, attack: "</h3><script>x</script>" };
    const out = renderHtml(samplePicture(CATALOG), {
      generatedAt: evil,
      system: { name: evil, domain: evil },
      labRuns: [run],
    });
    expect(out).not.toContain(evil);
    expect(out).not.toMatch(/<script/i);
    expect(out).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
  });

  it("shows lab example images and says when nothing was tested", () => {
    const png =
      "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==";
    const run = {
      ...sampleLabRun(),
      examples: [
        {
          label: "digit 7",
          originalClass: 7,
          adversarialClass: 1,
          images: { original: png, adversarial: png },
        },
      ],
    };
    const withImages = renderHtml(picture, { generatedAt: "now", labRuns: [run] }, { catalog });
    expect(withImages).toContain('alt="digit 7: original (class 7)"');
    expect(withImages).toContain('alt="digit 7: adversarial (class 1)"');
    expect(withImages).toContain(`src="${png}"`);
    expect(renderHtml(picture, { generatedAt: "now" }, { catalog })).toContain("No lab run yet");
  });

  it("has no axe-core accessibility violations, in a real Chromium", async () => {
    const axe = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
    const browser = await chromium.launch({
      executablePath: chromiumPath(),
      args: ["--no-sandbox", "--disable-gpu"],
    });
    try {
      const page = await browser.newPage();
      await page.setContent(renderHtml(picture, ctx, { catalog, standalone: true }), { waitUntil: "load" });
      await page.addScriptTag({ content: axe });
      const violations = await page.evaluate(async () => {
        type Axe = { run(): Promise<{ violations: { id: string; impact: string }[] }> };
        const axe = (window as unknown as { axe: Axe }).axe;
        return (await axe.run()).violations.map((v) => `${v.impact}: ${v.id}`);
      });
      expect(violations).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
