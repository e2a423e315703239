// The owner's controls and autosave's hard cases in a real Chromium: a stale write from a second
// window is shown and resolved, a failed save is retried, links are replaced and withdrawn, consent,
// export and import work, and deletion makes every link dead.
import { readFileSync } from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AnswerValue } from "../../src/contracts/answers.js";
import { type App, apiCall, launchBrowser, openWatched, startApp } from "./harness.js";
import { linksOf, seedAssessment } from "./seed.js";

let app: App;
let browser: Browser;

beforeAll(async () => {
  [app, browser] = await Promise.all([startApp(), launchBrowser()]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

const Q = "security.assessment.security_testing";
const saveLine = `#${Q.replaceAll(".", "-")}-save`;

async function storedValue(id: string, token: string, question: string) {
  const res = await apiCall<{ answers: Array<{ questionId: string; value: AnswerValue | null }> }>(
    app,
    "GET",
    `/api/assessments/${id}/questionnaires/${question.split(".")[0]}`,
    { token },
  );
  return res.body.answers.find((a) => a.questionId === question)?.value ?? null;
}

describe("autosave", () => {
  it("shows a conflict when another window changed the same answer, and keeps the respondent's choice", async () => {
    const s = await seedAssessment(app);
    const url = linksOf(app, s).security;
    const a = await openWatched(browser, { allow: [/status of 409/] });
    const b = await openWatched(browser, { allow: [/status of 409/] });
    await Promise.all([a.page.goto(url), b.page.goto(url)]);
    await Promise.all([a, b].map((w) => w.page.locator(saveLine).waitFor({ state: "attached" })));
    const options = await a.page.$$eval(`input[name="${Q}"]`, (els) =>
      els.map((e) => (e as HTMLInputElement).value),
    );
    const [first, second] = options as [string, string];

    await a.page.check(`input[name="${Q}"][value="${first}"]`);
    await a.page
      .locator(saveLine)
      .filter({ hasText: /^Saved$/ })
      .waitFor();
    await b.page.check(`input[name="${Q}"][value="${second}"]`);
    await b.page
      .locator(saveLine)
      .filter({ hasText: /changed in another window/ })
      .waitFor();
    expect(await storedValue(s.id, s.tokens.owner, Q)).toBe(first);

    await b.page.locator(saveLine).getByRole("button", { name: "Keep mine" }).click();
    await b.page
      .locator(saveLine)
      .filter({ hasText: /^Saved$/ })
      .waitFor();
    expect(await storedValue(s.id, s.tokens.owner, Q)).toBe(second);
    for (const w of [a, b]) {
      expect(w.problems).toEqual([]);
      await w.context.close();
    }
  });

  it("says 'Not saved' when the network fails and saves on retry", async () => {
    const s = await seedAssessment(app);
    const w = await openWatched(browser, { allow: [/ERR_FAILED|net::/] });
    await w.page.goto(linksOf(app, s).security);
    await w.page.locator(saveLine).waitFor({ state: "attached" });
    await w.page.route("**/api/assessments/*/answers/**", (route) => route.abort("failed"));
    const value = await w.page.$eval(`input[name="${Q}"]`, (e) => (e as HTMLInputElement).value);
    await w.page.check(`input[name="${Q}"][value="${value}"]`);
    await w.page
      .locator(saveLine)
      .filter({ hasText: /^Not saved/ })
      .waitFor();
    expect(await w.page.locator(".save-summary").textContent()).toContain("1 answer not saved yet");
    expect(await storedValue(s.id, s.tokens.owner, Q)).toBeNull();

    await w.page.unroute("**/api/assessments/*/answers/**");
    await w.page.locator(saveLine).getByRole("button", { name: /retry/ }).click();
    await w.page
      .locator(saveLine)
      .filter({ hasText: /^Saved$/ })
      .waitFor();
    expect(await w.page.locator(".save-summary").textContent()).toBe("All answers saved");
    expect(await storedValue(s.id, s.tokens.owner, Q)).toBe(value);
    expect(w.problems).toEqual([]);
    await w.context.close();
  });
});

describe("conditional questions", () => {
  it("appear and disappear as the answer they depend on changes, and the change is saved", async () => {
    const s = await seedAssessment(app);
    const w = await openWatched(browser);
    await w.page.goto(`${linksOf(app, s).risk}/use`);
    const mode = "risk.use.decision_mode";
    const dependent = 'input[name="risk.use.review_quality"]';
    await w.page.locator(`input[name="${mode}"]`).first().waitFor();
    expect(await w.page.locator(dependent).count()).toBe(0);
    await w.page.check(`input[name="${mode}"][value="review_high_stakes"]`);
    await w.page.locator(dependent).first().waitFor();
    await w.page.check(`input[name="${mode}"][value="fully_automated"]`);
    await w.page.locator(dependent).first().waitFor({ state: "detached" });
    await w.page
      .locator(`#${mode.replaceAll(".", "-")}-save`)
      .filter({ hasText: /^Saved$/ })
      .waitFor();
    expect(await storedValue(s.id, s.tokens.owner, mode)).toBe("fully_automated");
    expect(w.problems).toEqual([]);
    await w.context.close();
  });
});

describe("owner dashboard", () => {
  it("replaces and withdraws links, records consent, exports, imports and deletes", async () => {
    const s = await seedAssessment(app, { name: "Dashboard test" });
    const links = linksOf(app, s);
    const { page, problems, context } = await openWatched(browser, { allow: [/status of 404/] });
    await page.goto(links.owner);
    const card = (title: string) =>
      page.locator(".link-card").filter({ has: page.getByRole("heading", { name: title }) });

    // Replace: a new link appears; the old one opens nothing.
    await card("Risk & impact").getByRole("button", { name: "Replace link" }).click();
    const field = card("Risk & impact").getByRole("textbox");
    await page.waitForFunction(
      (old) =>
        Array.from(document.querySelectorAll<HTMLInputElement>(".link-card input")).every(
          (i) => i.value !== old,
        ),
      links.risk,
    );
    const fresh = await field.inputValue();
    expect(fresh).not.toBe(links.risk);
    expect((await apiCall(app, "GET", `/api/assessments/${s.id}`, { token: s.tokens.risk })).status).toBe(
      404,
    );
    const freshToken = fresh.split("/r/")[1] as string;
    expect((await apiCall(app, "GET", `/api/assessments/${s.id}`, { token: freshToken })).status).toBe(200);

    // Withdraw.
    await card("Security of the ML system").getByRole("button", { name: "Withdraw link" }).click();
    await card("Security of the ML system").getByText("This link is withdrawn").waitFor();
    expect((await apiCall(app, "GET", `/api/assessments/${s.id}`, { token: s.tokens.security })).status).toBe(
      404,
    );

    // Consent.
    await page.getByRole("checkbox", { name: /Pool this assessment/ }).check();
    await page.getByText(/^Consent given\./).waitFor();
    const view = await apiCall<{ consent: boolean }>(app, "GET", `/api/assessments/${s.id}`, {
      token: s.tokens.owner,
    });
    expect(view.body.consent).toBe(true);

    // Import an answer file, then export it again as YAML.
    await page.getByLabel("Import answers from a JSON or YAML file").setInputFiles({
      name: "answers.yaml",
      mimeType: "application/yaml",
      buffer: readFileSync("examples/mobile-app.yaml"),
    });
    await page.getByText(/^Imported \d+ answers from answers\.yaml/).waitFor();
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Export YAML" }).click(),
    ]);
    const exported = readFileSync((await download.path()) as string, "utf8");
    expect(exported).toContain("format: mlsa-answers/1");
    expect(exported).toMatch(/surface\.\w+\.\w+:/);

    // Delete, with confirmation.
    await page.getByRole("button", { name: "Delete this assessment…" }).click();
    await page.getByRole("button", { name: "Yes, delete it" }).click();
    await page.getByRole("heading", { level: 1, name: "Assessment deleted" }).waitFor();
    expect((await apiCall(app, "GET", `/api/assessments/${s.id}`, { token: s.tokens.owner })).status).toBe(
      404,
    );
    expect(await page.evaluate((id) => window.localStorage.getItem(`mlsa.links.${id}`), s.id)).toBeNull();
    await page.goto(links.owner);
    await page.reload();
    await page.getByRole("heading", { level: 1, name: "Not found" }).waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });
});
