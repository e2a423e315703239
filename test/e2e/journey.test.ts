// The whole journey in a real Chromium against the real server: the owner creates an assessment,
// three respondents in separate browser contexts answer (one with "don't know", one reloading
// midway), the owner's results page updates and matches the API's result, and the PDF report
// downloaded from the dashboard has pages with real charts. Fails on any CSP violation or console error.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CATALOG } from "../../src/catalog/index.js";
import type { AnswerValue } from "../../src/contracts/answers.js";
import type { RiskPicture } from "../../src/contracts/result.js";
import {
  type App,
  apiCall,
  launchBrowser,
  openWatched,
  parseLink,
  startApp,
  type Watched,
} from "./harness.js";
import { answerAll, answerSection, exampleAnswers, nextSection, shownQuestions } from "./respond.js";

const exposed = exampleAnswers("examples/public-image-api.yaml");
const defended = exampleAnswers("examples/well-defended.yaml");
const allowsDontKnow = new Set(
  CATALOG.sections
    .flatMap((s) => s.questions)
    .filter((q) => q.dontKnow)
    .map((q) => q.id),
);

let app: App;
let browser: Browser;
const pages: Watched[] = [];

beforeAll(async () => {
  [app, browser] = await Promise.all([startApp(), launchBrowser()]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

async function watched(viewport?: { width: number; height: number }) {
  const w = await openWatched(browser, viewport ? { viewport } : {});
  pages.push(w);
  return w;
}

/** Reads the overall rating and each class's rating from the results page. */
async function shownRatings(page: Page) {
  await page.locator(".finding").first().waitFor();
  const overall = (await page.locator(".overall .badge").textContent())?.trim().toLowerCase();
  const classes = await page.$$eval(".finding", (els) =>
    Object.fromEntries(els.map((e) => [e.getAttribute("data-class"), e.getAttribute("data-rating")])),
  );
  const completeness = await page.$$eval(".completeness-line span:last-child", (els) =>
    els.map((e) => e.textContent ?? ""),
  );
  return { overall, classes, completeness };
}

function ratingsOf(result: RiskPicture) {
  return {
    overall: result.overall.rating,
    classes: Object.fromEntries(result.classes.map((c) => [c.attackClass, c.residual.rating])),
    completeness: result.completeness.questionnaires.map(
      (q) => `${q.answered} of ${q.shown} answered${q.dontKnow > 0 ? `, ${q.dontKnow} don't know` : ""}`,
    ),
  };
}

describe("web app, end to end", () => {
  let ownerLink = "";
  const links: Record<"risk" | "surface" | "security", string> = { risk: "", surface: "", security: "" };

  it("creates an assessment from the start page and shows the owner link once", async () => {
    const { page } = await watched();
    await page.goto(`${app.url}/`);
    await page.getByLabel("What do you call the system? (optional)").fill("Public image API");
    await page.getByRole("button", { name: "Assess an ML system" }).click();
    await page.getByRole("heading", { name: /shown only once/ }).waitFor();
    ownerLink = await page.getByRole("textbox", { name: "Owner link" }).inputValue();
    expect(parseLink(ownerLink).role).toBe("o");
    await page.getByRole("link", { name: /open the dashboard/ }).click();
    await page.getByRole("heading", { level: 1, name: "Public image API" }).waitFor();
    const link = (name: string) =>
      page.getByRole("textbox", { name: `Link for the “${name}” questionnaire` }).inputValue();
    links.risk = await link("Risk & impact");
    links.surface = await link("Attack surface & vulnerabilities");
    links.security = await link("Security of the ML system");
    for (const link of Object.values(links)) expect(parseLink(link).role).toBe("r");
    expect(await page.locator(".link-card .pill").allTextContents()).toEqual([
      "Not started",
      "Not started",
      "Not started",
    ]);
  });

  it("lets three respondents answer in separate browsers; the results page updates and matches the API", async () => {
    const owner = parseLink(ownerLink);
    const results = await watched();
    await results.page.goto(`${ownerLink}/results`);
    const before = await shownRatings(results.page);
    expect(before.completeness[0]).toMatch(/^0 of \d+ answered$/);

    // Decision maker: every risk question, then finish.
    const risk = await watched();
    await risk.page.goto(links.risk);
    await risk.page.getByRole("heading", { level: 1, name: "Risk & impact" }).waitFor();
    await answerAll(risk.page, (q) => exposed[q]);
    await risk.page.getByRole("button", { name: "Finish questionnaire" }).click();
    await risk.page.getByRole("heading", { name: /this questionnaire is finished/ }).waitFor();
    // Reopen and finish again: the state round-trips through the API.
    await risk.page.getByRole("button", { name: "Reopen to change answers" }).click();
    await risk.page.getByRole("button", { name: "Finish questionnaire" }).click();
    await risk.page.getByRole("heading", { name: /this questionnaire is finished/ }).waitFor();

    // Practitioner: "don't know" on the first four questions that allow it; reloads midway.
    const unsure = new Set([...allowsDontKnow].filter((id) => id.startsWith("surface.")).slice(0, 4));
    const surfaceWant = (q: string): AnswerValue | undefined => (unsure.has(q) ? "dont_know" : exposed[q]);
    const surface = await watched();
    await surface.page.goto(links.surface);
    await answerSection(surface.page, surfaceWant);
    await nextSection(surface.page);
    const midway = await shownQuestions(surface.page);
    await answerSection(surface.page, (q) => (q === midway[0] ? surfaceWant(q) : undefined));
    const sectionTitle = await surface.page.locator("#section-title").textContent();
    await surface.page.reload();
    await surface.page.locator("#section-title").waitFor();
    expect(await surface.page.locator("#section-title").textContent()).toBe(sectionTitle);
    const first = midway[0] as string;
    const firstValue = surfaceWant(first);
    const checked = typeof firstValue === "string" ? [firstValue] : (firstValue ?? []);
    for (const v of checked)
      expect(await surface.page.isChecked(`input[name="${first}"][value="${v}"]`)).toBe(true);
    await answerAll(surface.page, surfaceWant);
    await surface.page.getByRole("button", { name: "Finish questionnaire" }).click();
    await surface.page.getByRole("heading", { name: /this questionnaire is finished/ }).waitFor();

    // Security expert: answers, but does not finish (results count unfinished answers too).
    const security = await watched();
    await security.page.goto(links.security);
    await answerAll(security.page, (q) => defended[q]);

    // The API holds exactly what was ticked, "don't know" included.
    const stored = await apiCall<{ answers: Array<{ questionId: string; value: AnswerValue | null }> }>(
      app,
      "GET",
      `/api/assessments/${owner.id}/questionnaires/surface`,
      { token: owner.token },
    );
    const dontKnows = stored.body.answers.filter((a) => a.value === "dont_know").map((a) => a.questionId);
    expect(dontKnows.length).toBeGreaterThan(0);
    expect(dontKnows.every((q) => unsure.has(q))).toBe(true);

    await results.page.getByRole("button", { name: "Refresh" }).click();
    const api = await apiCall<RiskPicture>(app, "GET", `/api/assessments/${owner.id}/result`, {
      token: owner.token,
    });
    const want = ratingsOf(api.body);
    await results.page.waitForFunction(
      (expected) => document.querySelector(".completeness-line span:last-child")?.textContent === expected,
      want.completeness[0],
    );
    const after = await shownRatings(results.page);
    expect(after).toEqual(want);
    expect(after).not.toEqual(before);
    expect(await results.page.locator(".recommendation").count()).toBeGreaterThan(0);
    expect(await results.page.locator(".chart svg").count()).toBeGreaterThanOrEqual(2);
    for (const w of pages) expect(w.problems).toEqual([]);
  });

  it("downloads a PDF report from the dashboard with at least two pages and charts that are not blank", async () => {
    const { page, problems } = await watched();
    await page.goto(ownerLink);
    const [download] = await Promise.all([
      page.waitForEvent("download", { timeout: 60_000 }),
      page.getByRole("button", { name: "Download PDF" }).click(),
    ]);
    const dir = mkdtempSync(join(tmpdir(), "mlsa-pdf-"));
    try {
      const pdf = join(dir, "report.pdf");
      await download.saveAs(pdf);
      expect(readFileSync(pdf).subarray(0, 5).toString()).toBe("%PDF-");
      execFileSync("pdftoppm", ["-r", "40", "-png", pdf, join(dir, "page")]);
      const pngs = readdirSync(dir).filter((f) => f.endsWith(".png"));
      expect(pngs.length).toBeGreaterThanOrEqual(2);
      // Every page has ink; the page holding the charts (colour, not only black text) has plenty.
      const inked = pngs.map((f) => inkOf(PNG.sync.read(readFileSync(join(dir, f)))));
      for (const i of inked) expect(i.dark).toBeGreaterThan(0.002);
      expect(Math.max(...inked.map((i) => i.colour))).toBeGreaterThan(0.01);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(problems).toEqual([]);
  });
});

/** Share of pixels that are not white, and of strongly coloured (non-grey) pixels. */
function inkOf(png: PNG): { dark: number; colour: number } {
  let dark = 0;
  let colour = 0;
  const n = png.width * png.height;
  for (let i = 0; i < n; i++) {
    const r = png.data[i * 4] ?? 255;
    const g = png.data[i * 4 + 1] ?? 255;
    const b = png.data[i * 4 + 2] ?? 255;
    if (r + g + b < 720) dark++;
    if (Math.max(r, g, b) - Math.min(r, g, b) > 40) colour++;
  }
  return { dark: dark / n, colour: colour / n };
}
