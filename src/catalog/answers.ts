// Checks answers against a catalog: unknown question ids, options not allowed, wrong catalog
// version. Every problem names the exact key and what was expected.
import { ANSWER_FORMAT, AnswerFile, type AnswerValue } from "../contracts/answers.js";
import { type Catalog, DONT_KNOW } from "../contracts/catalog.js";
import { Invalid } from "../contracts/errors.js";
import { getCatalog, listCatalogVersions } from "./index.js";
import { findQuestion } from "./model.js";

/** Why an answer is not allowed for a question, or null when it is. */
export function checkAnswer(catalog: Catalog, questionId: string, value: AnswerValue): string | null {
  const question = findQuestion(catalog, questionId);
  if (!question) return `unknown question id "${questionId}" in catalog ${catalog.version}`;
  const allowed = question.options.map((o) => o.id);
  const expected = `one of ${allowed.join(", ")}${question.dontKnow ? `, ${DONT_KNOW}` : ""}`;
  if (value === DONT_KNOW)
    return question.dontKnow ? null : `"don't know" is not offered here; expected ${expected}`;
  if (question.type === "multiple") {
    if (typeof value === "string") return `expected a list of options (${expected})`;
    if (value.length === 0) return `expected at least one option (${expected})`;
    if (new Set(value).size !== value.length) return "the same option is listed twice";
    const bad = value.find((v) => !allowed.includes(v));
    return bad === undefined ? null : `option "${bad}" is not allowed; expected ${expected}`;
  }
  if (typeof value !== "string") return `expected a single option, not a list (${expected})`;
  return allowed.includes(value) ? null : `option "${value}" is not allowed; expected ${expected}`;
}

/** Parse and check an answer file; throws Invalid naming every bad key. */
export function validateAnswerFile(input: unknown): { file: AnswerFile; catalog: Catalog } {
  const parsed = AnswerFile.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({
      path: i.path.map(String).join(".") || "(root)",
      message: i.path[0] === "format" ? `expected format: ${ANSWER_FORMAT}` : i.message,
    }));
    throw new Invalid(
      `invalid answer file: ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`,
      issues,
    );
  }
  const file = parsed.data;
  const catalog = getCatalog(file.catalog);
  if (!catalog) {
    const message = `catalog version ${file.catalog} is not known to this mlsa; known: ${listCatalogVersions().join(", ")}`;
    throw new Invalid(message, [{ path: "catalog", message }]);
  }
  const issues: Array<{ path: string; message: string }> = [];
  for (const [id, value] of Object.entries(file.answers)) {
    const problem = checkAnswer(catalog, id, value);
    if (problem) issues.push({ path: `answers.${id}`, message: problem });
  }
  for (const id of Object.keys(file.verified ?? {})) {
    if (!findQuestion(catalog, id))
      issues.push({ path: `verified.${id}`, message: `unknown question id "${id}"` });
  }
  if (issues.length > 0) {
    throw new Invalid(`invalid answers: ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`, issues);
  }
  return { file, catalog };
}
