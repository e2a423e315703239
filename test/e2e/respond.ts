// Drives a questionnaire through the web app like a respondent: section by section, ticking the
// options of a prepared answer set (conditional questions appear as answers are given), waiting for
// each answer's "Saved", then "Next" until the review step.
import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { parse } from "yaml";
import type { AnswerValue } from "../../src/contracts/answers.js";

/** The answers of an example answer file (examples/*.yaml). */
export function exampleAnswers(file: string): Record<string, AnswerValue> {
  const parsed = parse(readFileSync(file, "utf8")) as { answers: Record<string, AnswerValue> };
  return parsed.answers;
}

const saveLine = (question: string) => `#${question.replaceAll(".", "-")}-save`;

/** Ticks the answer of one question and waits until the page says it is saved (no-op when the
 * page already shows exactly that answer, e.g. after resuming). */
export async function answerQuestion(page: Page, question: string, value: AnswerValue): Promise<void> {
  const values = typeof value === "string" ? [value] : value;
  const checked = await page.$$eval(`input[name="${question}"]:checked`, (els) =>
    els.map((e) => (e as HTMLInputElement).value),
  );
  if (checked.length === values.length && values.every((v) => checked.includes(v))) return;
  for (const v of checked.filter((c) => !values.includes(c))) {
    if (values.length > 1 || checked.length > 1)
      await page.uncheck(`input[name="${question}"][value="${v}"]`);
  }
  for (const v of values) await page.check(`input[name="${question}"][value="${v}"]`);
  await page
    .locator(saveLine(question))
    .filter({ hasText: /^Saved$/ })
    .waitFor({ timeout: 15_000 });
}

/** The question ids shown in the current section, in order. */
export function shownQuestions(page: Page): Promise<string[]> {
  return page.$$eval("fieldset.question", (sets) =>
    sets.map((s) => s.querySelector("input")?.getAttribute("name") ?? "").filter(Boolean),
  );
}

/**
 * Answers the current section: every shown question that `want` has an answer for (and that is not
 * answered yet), repeated while conditional questions keep appearing. Returns what it answered.
 */
export async function answerSection(page: Page, want: (question: string) => AnswerValue | undefined) {
  await page.locator("fieldset.question").first().waitFor();
  const done = new Set<string>();
  for (;;) {
    const todo = (await shownQuestions(page)).filter((q) => !done.has(q) && want(q) !== undefined);
    if (todo.length === 0) return [...done];
    for (const q of todo) {
      await answerQuestion(page, q, want(q) as AnswerValue);
      done.add(q);
    }
  }
}

/** Presses "Next" and waits for the next section (or the review step). */
export async function nextSection(page: Page): Promise<"section" | "review"> {
  const before = await page.locator("#section-title").textContent();
  await page.getByRole("button", { name: /^(Next: |Review and finish)/ }).click();
  await page.waitForFunction((prev) => {
    const review = document.getElementById("review-title");
    const title = document.getElementById("section-title");
    return review !== null || (title !== null && title.textContent !== prev);
  }, before);
  return (await page.locator("#review-title").count()) > 0 ? "review" : "section";
}

/** Answers every section from the current one to the review step. */
export async function answerAll(page: Page, want: (question: string) => AnswerValue | undefined) {
  const answered: string[] = [];
  for (;;) {
    answered.push(...(await answerSection(page, want)));
    if ((await nextSection(page)) === "review") return answered;
  }
}
