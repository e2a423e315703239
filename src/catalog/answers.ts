// Checks answers against a catalog: unknown question ids, options not allowed, wrong catalog
// version. Every problem names the exact key and what was expected.
import type { z } from "zod";
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
      message: plainIssue(i, input),
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

/** What each top-level key of an answer file holds, for messages about a missing or wrong one. */
const KEY_MEANING: Record<string, string> = {
  format: `the file format, ${ANSWER_FORMAT}`,
  catalog: "the catalog version this file answers, e.g. 1.0.0",
  system: "the system assessed: a mapping with name and domain",
  answers: "a mapping of question id to an option id, a list of option ids, or dont_know",
  verified: "a mapping of question id to the lab run that verified the answer",
};

/** A value in a few words, never quoting more than a short piece of it. */
function describeValue(v: unknown): string {
  if (v === null || v === undefined) return "nothing";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "a mapping";
  if (typeof v === "string") return `the text ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  return `${typeof v === "number" ? "the number" : "the value"} ${String(v)}`;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v = root;
  for (const key of path)
    v = v !== null && typeof v === "object" ? (v as Record<PropertyKey, unknown>)[key] : undefined;
  return v;
}

const TYPE_WORDS: Record<string, string> = {
  string: "text",
  number: "a number",
  object: "a mapping",
  record: "a mapping",
  array: "a list",
};

/** A zod issue of an answer file in our own words; the path is shown beside it by the caller. */
function plainIssue(issue: z.core.$ZodIssue, input: unknown): string {
  const { path } = issue;
  if (path.length === 0) {
    if (input === null || input === undefined || input === "")
      return `the file is empty: expected an answer file (format: ${ANSWER_FORMAT}, catalog, answers)`;
    if (issue.code === "unrecognized_keys")
      return `unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")}; expected ${Object.keys(KEY_MEANING).join(", ")}`;
    return `expected an answer file (a mapping with format, catalog, answers), got ${describeValue(input)}`;
  }
  const unknownKeys = (keys: readonly string[]) =>
    `unknown key${keys.length > 1 ? "s" : ""} ${keys.map((k) => `"${k}"`).join(", ")}`;
  if (issue.code === "unrecognized_keys") return unknownKeys(issue.keys);
  if (issue.code === "invalid_key")
    return `"${String(path.at(-1))}" is not a question id (ids look like surface.inference.output_granularity)`;
  const value = valueAt(input, path);
  const top = path.length === 1 ? KEY_MEANING[String(path[0])] : undefined;
  if (top) return value === undefined ? `missing — ${top}` : `expected ${top}; got ${describeValue(value)}`;
  if (path[0] === "answers" && path.length === 2)
    return `expected an option id, a list of option ids, or dont_know; got ${describeValue(value)}`;
  if (issue.code === "invalid_type")
    return `${value === undefined ? "missing — expected" : "expected"} ${TYPE_WORDS[issue.expected] ?? issue.expected}${value === undefined ? "" : `; got ${describeValue(value)}`}`;
  return issue.message;
}
