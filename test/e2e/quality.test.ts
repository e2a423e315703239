// Quality of every page in a real Chromium: axe-core finds no serious or critical violation, no CSP
// violation or console error, no sideways scrolling at 390×844; broken and foreign links show
// not-found; and a respondent can do the whole questionnaire with the keyboard alone.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AnswerValue } from "../../src/contracts/answers.js";
import {
  type App,
  apiCall,
  axeSerious,
  DESKTOP,
  launchBrowser,
  openWatched,
  PHONE,
  scrollsSideways,
  startApp,
} from "./harness.js";
import { editOneChar, linksOf, type Seeded, seedAssessment, seedLabRun, seedPool } from "./seed.js";

let app: App;
let browser: Browser;
let full: Seeded;
let other: Seeded;
/** State of the lab run made for `full`, or null when the server has no lab endpoint. */
let labRun: string;

beforeAll(async () => {
  [app, browser] = await Promise.all([startApp(), launchBrowser()]);
  await seedPool(app, 300);
  full = await seedAssessment(app, {
    name: "Fraud scoring API",
    example: "examples/fraud-feedback.yaml",
    finish: ["risk", "surface"],
    consent: true,
  });
  other = await seedAssessment(app, { name: "Another system" });
  labRun = await seedLabRun(app, full);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

/** Each page: a name, its address, and what marks it as fully drawn. */
function pagesToCheck() {
  const l = linksOf(app, full);
  return [
    { name: "start", url: `${app.url}/`, ready: "h1" },
    { name: "catalog", url: `${app.url}/#/catalog/surface`, ready: ".catalog-question" },
    { name: "owner", url: l.owner, ready: ".link-card" },
    { name: "questionnaire", url: l.security, ready: "fieldset.question" },
    { name: "review", url: `${l.risk}/review`, ready: "#review-title" },
    { name: "results", url: `${l.owner}/results`, ready: ".chart svg" },
    { name: "trends", url: `${app.url}/#/trends`, ready: ".dist-question" },
    { name: "trends-owner", url: `${l.owner}/trends`, ready: "#pct-title" },
    { name: "not-found", url: `${app.url}/#/nowhere`, ready: "#nf-title" },
  ];
}

async function visit(page: Page, url: string, ready: string) {
  await page.goto(url);
  await page.locator(ready).first().waitFor({ timeout: 20_000 });
  // Charts draw after their chunk loads; give late effects a moment before checking.
  await page.waitForTimeout(300);
}

describe("every page", () => {
  it("passes axe (no serious or critical violations) with no CSP violation or console error, desktop", async () => {
    const { page, problems, context } = await openWatched(browser, { viewport: DESKTOP });
    const found: Record<string, unknown> = {};
    for (const p of pagesToCheck()) {
      await visit(page, p.url, p.ready);
      const violations = await axeSerious(page);
      if (violations.length > 0) found[p.name] = violations;
    }
    await context.close();
    expect(found).toEqual({});
    expect(problems).toEqual([]);
  });

  it("fits a 390×844 phone without sideways scrolling and passes axe there too", async () => {
    const { page, problems, context } = await openWatched(browser, { viewport: PHONE });
    const wide: string[] = [];
    const found: Record<string, unknown> = {};
    for (const p of pagesToCheck()) {
      await visit(page, p.url, p.ready);
      if (await scrollsSideways(page)) wide.push(p.name);
      const violations = await axeSerious(page);
      if (violations.length > 0) found[p.name] = violations;
    }
    await context.close();
    expect(wide).toEqual([]);
    expect(found).toEqual({});
    expect(problems).toEqual([]);
  });
});

describe("lab evidence", () => {
  it("lists the assessment's lab runs on the results page, with example images on request", async () => {
    expect(labRun).toBe("succeeded");
    const { page, problems, context } = await openWatched(browser);
    await page.goto(`${linksOf(app, full).owner}/results`);
    const card = page.locator(".lab-runs .card").first();
    await card.waitFor();
    expect(await card.locator(".pill").first().textContent()).toBe("Finished");
    await card.getByRole("button", { name: "Show the evidence" }).click();
    await card.locator(".lab-images img").first().waitFor();
    const loaded = await card
      .locator(".lab-images img")
      .evaluateAll((imgs) =>
        imgs.every((i) => (i as HTMLImageElement).complete && (i as HTMLImageElement).naturalWidth > 0),
      );
    expect(loaded).toBe(true);
    expect(await axeSerious(page)).toEqual([]);
    await context.close();
    expect(problems).toEqual([]);
  });
});

describe("links", () => {
  const notFound = async (url: string) => {
    const { page, problems, context } = await openWatched(browser, { allow: [/status of 404/] });
    await page.goto(url);
    await page.getByRole("heading", { level: 1, name: "Not found" }).waitFor({ timeout: 15_000 });
    const text = await page.locator("main").textContent();
    await context.close();
    expect(problems).toEqual([]);
    return text ?? "";
  };

  it("shows not-found for a share link edited by one character", async () => {
    const l = linksOf(app, full);
    const edited = l.surface.replace(full.tokens.surface, editOneChar(full.tokens.surface));
    expect(await notFound(edited)).toContain("This link does not open anything");
    const owner = l.owner.replace(full.tokens.owner, editOneChar(full.tokens.owner, 30));
    expect(await notFound(owner)).toContain("This link does not open anything");
  });

  it("shows not-found for a share link used on another assessment's URL, and reads nothing", async () => {
    const foreign = `${app.url}/#/a/${other.id}/r/${full.tokens.risk}`;
    const text = await notFound(foreign);
    expect(text).not.toContain("Fraud scoring API");
    expect(text).not.toContain("Another system");
    expect(await notFound(`${app.url}/#/a/${other.id}/o/${full.tokens.owner}/results`)).toContain(
      "Not found",
    );
  });

  it("does not open the owner dashboard with a respondent link, nor a questionnaire with the owner link", async () => {
    expect(await notFound(`${app.url}/#/a/${full.id}/o/${full.tokens.risk}`)).toContain("Not found");
    expect(await notFound(`${app.url}/#/a/${full.id}/r/${full.tokens.owner}`)).toContain("Not found");
  });
});

describe("keyboard only", () => {
  it("lets a respondent answer, read a hint and finish the whole questionnaire without a mouse", async () => {
    const fresh = await seedAssessment(app, { name: "Keyboard test" });
    const { page, problems, context } = await openWatched(browser);
    await page.goto(linksOf(app, fresh).risk);
    await page.locator("fieldset.question").first().waitFor();

    let hintOpened = false;
    let finished = false;
    const unfocusable: string[] = [];
    for (let presses = 0; presses < 2000 && !finished; presses++) {
      await page.keyboard.press("Tab");
      const f = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (!el || el === document.body) return null;
        const input = el instanceof HTMLInputElement ? el : null;
        const group = input
          ? document.querySelectorAll(`input[name="${CSS.escape(input.name)}"]:checked`).length
          : 0;
        const style = getComputedStyle(el);
        const ring = el.closest("label") ? getComputedStyle(el.closest("label") as Element) : style;
        return {
          tag: el.tagName,
          type: input?.type ?? null,
          answered: group > 0,
          text: (el.textContent ?? "").trim(),
          expanded: el.getAttribute("aria-expanded"),
          visibleFocus: style.outlineStyle !== "none" || ring.outlineStyle !== "none",
        };
      });
      if (!f) continue;
      if (!f.visibleFocus) unfocusable.push(`${f.tag} ${f.text.slice(0, 40)}`);
      if ((f.type === "radio" || f.type === "checkbox") && !f.answered) {
        await page.keyboard.press("Space");
      } else if (f.tag === "BUTTON" && f.text === "Why does this matter?" && !hintOpened) {
        await page.keyboard.press("Enter");
        hintOpened =
          (await page.evaluate(() => document.activeElement?.getAttribute("aria-expanded"))) === "true";
      } else if (f.tag === "BUTTON" && /^(Next: |Review and finish)/.test(f.text)) {
        await page.keyboard.press("Enter");
        // Focus moves to the new section's heading, so the next Tab continues from there.
        await page.waitForFunction(() =>
          ["section-title", "review-title"].includes(document.activeElement?.id ?? ""),
        );
      } else if (f.tag === "BUTTON" && f.text === "Finish questionnaire") {
        await page.keyboard.press("Enter");
        await page.getByRole("heading", { name: /this questionnaire is finished/ }).waitFor();
        finished = true;
      }
    }
    expect(hintOpened).toBe(true);
    expect(finished).toBe(true);
    expect(unfocusable).toEqual([]);

    const stored = await apiCall<{
      visible: string[];
      finished: boolean;
      answers: Array<{ questionId: string; value: AnswerValue | null }>;
    }>(app, "GET", `/api/assessments/${fresh.id}/questionnaires/risk`, { token: fresh.tokens.owner });
    const answered = new Set(stored.body.answers.filter((a) => a.value !== null).map((a) => a.questionId));
    expect(stored.body.finished).toBe(true);
    expect(stored.body.visible.filter((q) => !answered.has(q))).toEqual([]);
    await context.close();
    expect(problems).toEqual([]);
  });
});
