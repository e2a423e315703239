// Screenshots of every page of the web app, desktop (1280×800) and phone (390×844), saved to
// docs/screenshots/<page>-<desktop|phone>.png. Starts the real server on a temp PGlite folder, seeds
// a pooled trends population and one answered assessment, then visits each page in Chromium.
// Usage: npx tsx scripts/screenshots.ts [page ...]
import { mkdirSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { DESKTOP, launchBrowser, openWatched, PHONE, startApp } from "../test/e2e/harness.js";
import { linksOf, seedAssessment, seedLabRun, seedPool } from "../test/e2e/seed.js";

const OUT = "docs/screenshots";
/** Long pages are cut at this height (CSS pixels) so the pictures stay readable. */
const MAX_HEIGHT = { desktop: 2600, phone: 3400 } as const;

interface Shot {
  name: string;
  url: string;
  ready: string;
  /** Extra steps once the page is drawn (open a hint, scroll...). */
  prepare?: (page: Page) => Promise<void>;
  /** Picture only this element instead of the page. */
  element?: string;
}

async function main() {
  const only = new Set(process.argv.slice(2));
  mkdirSync(OUT, { recursive: true });
  const app = await startApp();
  let browser: Browser | undefined;
  try {
    browser = await launchBrowser();
    await seedPool(app, 2000);
    const seeded = await seedAssessment(app, {
      name: "Fraud scoring API",
      example: "examples/fraud-feedback.yaml",
      finish: ["risk", "surface"],
      consent: true,
    });
    const lab = await seedLabRun(app, seeded);
    process.stdout.write(`lab run: ${lab ?? "no lab endpoint on this server"}\n`);
    const links = linksOf(app, seeded);
    const shots: Shot[] = [
      { name: "start", url: `${app.url}/`, ready: "h1" },
      {
        name: "owner-link",
        url: `${app.url}/`,
        ready: "h1",
        prepare: async (page) => {
          await page.getByLabel("What do you call the system? (optional)").fill("Recommender v2");
          await page.getByRole("button", { name: "Assess an ML system" }).click();
          await page.getByRole("heading", { name: /shown only once/ }).waitFor();
        },
      },
      { name: "catalog", url: `${app.url}/#/catalog/surface`, ready: ".catalog-question" },
      { name: "owner", url: links.owner, ready: ".link-card" },
      {
        name: "questionnaire",
        url: `${links.security}/mitigation`,
        ready: "fieldset.question",
        prepare: async (page) => {
          await page.getByRole("button", { name: "Why does this matter?" }).first().click();
        },
      },
      { name: "review", url: `${links.risk}/review`, ready: "#review-title" },
      { name: "results", url: `${links.owner}/results`, ready: ".chart svg" },
      {
        name: "results-lab",
        url: `${links.owner}/results`,
        ready: ".lab-runs .card",
        element: "section[aria-labelledby=lab-title]",
        prepare: async (page) => {
          await page.getByRole("button", { name: "Show the evidence" }).first().click();
          await page.locator(".lab-images img").first().waitFor();
        },
      },
      { name: "trends", url: `${links.owner}/trends`, ready: ".dist-question" },
      {
        name: "trends-answers",
        url: `${app.url}/#/trends`,
        ready: ".dist-question",
        element: "section[aria-labelledby=dist-title]",
      },
      { name: "not-found", url: `${app.url}/#/a/${seeded.id}/r/not-a-real-link`, ready: "#nf-title" },
    ];
    for (const shot of shots.filter((s) => only.size === 0 || only.has(s.name))) {
      for (const [device, viewport] of [
        ["desktop", DESKTOP],
        ["phone", PHONE],
      ] as const) {
        const { context, page, problems } = await openWatched(browser, {
          viewport,
          allow: [/status of 404/],
        });
        // This browser created the assessment, so it remembers the questionnaire links.
        await context.addInitScript(([id, links]) => window.localStorage.setItem(`mlsa.links.${id}`, links), [
          seeded.id,
          JSON.stringify({
            risk: seeded.tokens.risk,
            surface: seeded.tokens.surface,
            security: seeded.tokens.security,
          }),
        ] as const);
        await page.goto(shot.url);
        await page.locator(shot.ready).first().waitFor({ timeout: 30_000 });
        await shot.prepare?.(page);
        await page.waitForTimeout(600);
        await page.evaluate(() => window.scrollTo(0, 0));
        const height = await page.evaluate(() => document.documentElement.scrollHeight);
        const path = `${OUT}/${shot.name}-${device}.png`;
        const box = shot.element ? await page.locator(shot.element).boundingBox() : null;
        if (shot.element && box) {
          // the element, cut like a page (from its top, at most MAX_HEIGHT)
          await page.screenshot({
            path,
            fullPage: true,
            clip: {
              x: box.x,
              y: box.y,
              width: box.width,
              height: Math.min(box.height, MAX_HEIGHT[device] / 2),
            },
          });
        } else if (shot.element) throw new Error(`${shot.name}: ${shot.element} is not on the page`);
        else {
          await page.screenshot({
            path,
            fullPage: true,
            clip: { x: 0, y: 0, width: viewport.width, height: Math.min(height, MAX_HEIGHT[device]) },
          });
        }
        process.stdout.write(`${path}${problems.length > 0 ? `  PROBLEMS: ${problems.join(" | ")}` : ""}\n`);
        await context.close();
      }
    }
  } finally {
    await browser?.close();
    await app.close();
  }
}

await main();
