// The PDF printed by the system Chromium has several A4 pages and its chart pages are real pictures,
// checked by rasterising with pdftoppm. One Chromium launch for the whole file.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Unsupported } from "../contracts/errors.js";
import { renderHtml } from "./html.js";
import { chromiumPath, renderPdf } from "./pdf.js";
import { example, sampleLabRun } from "./testing.js";

/** Grey-level standard deviation and the share of clearly coloured (orange/brown/blue) pixels. */
function pixelStats(file: string): { stdev: number; coloured: number } {
  const png = PNG.sync.read(readFileSync(file));
  let sum = 0;
  let sq = 0;
  let coloured = 0;
  const n = png.width * png.height;
  for (let i = 0; i < png.data.length; i += 4) {
    const r = png.data[i]!;
    const g = png.data[i + 1]!;
    const b = png.data[i + 2]!;
    const grey = (r + g + b) / 3;
    sum += grey;
    sq += grey * grey;
    if (Math.max(r, g, b) - Math.min(r, g, b) > 60) coloured++;
  }
  const mean = sum / n;
  return { stdev: Math.sqrt(sq / n - mean * mean), coloured: coloured / n };
}

describe("renderPdf", () => {
  const dir = mkdtempSync(join(tmpdir(), "mlsa-pdf-"));
  const pdfPath = join(dir, "report.pdf");
  let pdf: Buffer;

  beforeAll(async () => {
    const { picture, catalog, file } = example("fraud-feedback");
    const html = renderHtml(
      picture,
      {
        generatedAt: "2025-03-01T09:00:00.000Z",
        ...(file.system ? { system: file.system } : {}),
        labRuns: [sampleLabRun()],
      },
      { standalone: true, catalog },
    );
    pdf = await renderPdf(html);
    writeFileSync(pdfPath, pdf);
    execFileSync("pdftoppm", ["-png", "-r", "50", "-f", "1", "-l", "3", pdfPath, join(dir, "page")]);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("prints an A4 PDF of at least two pages", () => {
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    const info = execFileSync("pdfinfo", [pdfPath], { encoding: "utf8" });
    const pages = Number(info.match(/^Pages:\s+(\d+)/m)?.[1]);
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g)?.length).toBe(pages);
    expect(info).toMatch(/Page size:.*\(A4\)/);
  });

  it("renders the chart pages (matrix, radar, heat map) as real pictures, not blank pages", () => {
    const pages = readdirSync(dir)
      .filter((f) => f.startsWith("page") && f.endsWith(".png"))
      .sort();
    expect(pages).toHaveLength(3);
    for (const page of pages) {
      const { stdev, coloured } = pixelStats(join(dir, page));
      expect(stdev, page).toBeGreaterThan(20);
      expect(coloured, page).toBeGreaterThan(0.01);
    }
  });
});

describe("chromiumPath", () => {
  it("fails with a clear Unsupported error when Chromium is missing, without launching anything", async () => {
    expect(() => chromiumPath({ executablePath: "/nonexistent/chromium" })).toThrow(Unsupported);
    expect(() => chromiumPath({ executablePath: "/nonexistent/chromium" })).toThrow(/MLSA_CHROMIUM/);
    await expect(renderPdf("<p>x</p>", { executablePath: "/nonexistent/chromium" })).rejects.toThrow(
      /need Chromium/,
    );
  });
});
