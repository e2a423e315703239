// `mlsa answer`: the questionnaires interactively in the terminal, saving after every answer so a
// session can be stopped and resumed from the same file.
import { existsSync, renameSync, writeFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { type Command, Option } from "commander";
import { formatAnswerFile } from "../../catalog/answer-file.js";
import { checkAnswer } from "../../catalog/answers.js";
import { CATALOG } from "../../catalog/index.js";
import { questionnaireOf, sectionOfQuestion, visibleQuestions } from "../../catalog/model.js";
import { ANSWER_FORMAT, type AnswerFile, type AnswerValue } from "../../contracts/answers.js";
import {
  type Catalog,
  DONT_KNOW,
  QUESTIONNAIRES,
  type Question,
  type Questionnaire,
} from "../../contracts/catalog.js";
import { readAnswerFile, style } from "../io.js";

/** Parse what the user typed for a question: option numbers ("2" or "1,3"), "d" for don't know. */
export function parseReply(question: Question, reply: string): { value: AnswerValue } | { error: string } {
  const text = reply.trim().toLowerCase();
  if (text === "d") {
    return question.dontKnow
      ? { value: DONT_KNOW }
      : { error: '"don\'t know" is not offered for this question' };
  }
  const numbers = text
    .split(/[\s,]+/)
    .filter(Boolean)
    .map(Number);
  if (
    numbers.length === 0 ||
    numbers.some((n) => !Number.isInteger(n) || n < 1 || n > question.options.length)
  ) {
    const several = question.type === "multiple" ? " (several: 1,3)" : "";
    return { error: `type a number from 1 to ${question.options.length}${several}` };
  }
  if (question.type !== "multiple" && numbers.length > 1) return { error: "choose one option only" };
  const ids = [...new Set(numbers)].map((n) => question.options[n - 1]!.id);
  return { value: question.type === "multiple" ? ids : ids[0]! };
}

function save(path: string, file: AnswerFile): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, formatAnswerFile(file, path.endsWith(".json") ? "json" : "yaml"));
  renameSync(tmp, path);
}

function pending(catalog: Catalog, file: AnswerFile, only: Questionnaire[], skipped: Set<string>) {
  const shown = visibleQuestions(catalog, file.answers).filter((q) => only.includes(questionnaireOf(q.id)));
  return { shown, next: shown.find((q) => file.answers[q.id] === undefined && !skipped.has(q.id)) };
}

/** Register `answer`. */
export function registerAnswer(program: Command): void {
  program
    .command("answer")
    .description(
      "answer the questionnaires in the terminal; saves after every answer and resumes from the file",
    )
    .addOption(
      new Option("-q, --questionnaire <name>", "only one questionnaire").choices([...QUESTIONNAIRES]),
    )
    .option("-o, --output <file>", "answer file to write (and resume from if it exists)", "answers.yaml")
    .action(async (opts: { questionnaire?: Questionnaire; output: string }) => {
      const only = opts.questionnaire ? [opts.questionnaire] : [...QUESTIONNAIRES];
      const existing = existsSync(opts.output) ? readAnswerFile(opts.output) : undefined;
      const catalog = existing?.catalog ?? CATALOG;
      const file: AnswerFile = existing?.file ?? {
        format: ANSWER_FORMAT,
        catalog: catalog.version,
        answers: {},
      };
      if (existing)
        process.stdout.write(
          `Resuming ${opts.output}: ${Object.keys(file.answers).length} answers so far.\n`,
        );
      process.stdout.write(
        style.dim(
          "Type an option number (several for multiple choice: 1,3), d = don't know, ? = why this matters, s = skip, q = save and quit.\n",
        ),
      );
      const rl = createInterface({ input: process.stdin, terminal: false });
      const lines = rl[Symbol.asyncIterator]();
      const skipped = new Set<string>();
      try {
        for (;;) {
          const { shown, next } = pending(catalog, file, only, skipped);
          if (!next) break;
          // Position in the list shown, so a skipped question keeps its number and the next moves on.
          const position = shown.indexOf(next) + 1;
          const section = sectionOfQuestion(catalog, next.id);
          process.stdout.write(
            `\n${style.dim(`[${position}/${shown.length}] ${section?.title ?? ""}`)}\n${style.bold(next.text)}\n`,
          );
          for (const [i, o] of next.options.entries()) process.stdout.write(`  ${i + 1}. ${o.label}\n`);
          if (next.dontKnow) process.stdout.write(`  d. Don't know\n`);
          for (;;) {
            process.stdout.write(next.type === "multiple" ? "> (one or more) " : "> ");
            const line = await lines.next();
            if (line.done) return;
            const reply = String(line.value).trim();
            if (reply === "q") return;
            if (reply === "?") {
              process.stdout.write(`${style.cyan(next.hint)}\n`);
              continue;
            }
            if (reply === "s") {
              skipped.add(next.id);
              break;
            }
            const parsed = parseReply(next, reply);
            const problem = "error" in parsed ? parsed.error : checkAnswer(catalog, next.id, parsed.value);
            if (problem || !("value" in parsed)) {
              process.stdout.write(`${style.yellow(problem ?? "invalid answer")}\n`);
              continue;
            }
            file.answers = { ...file.answers, [next.id]: parsed.value };
            save(opts.output, file);
            break;
          }
        }
        process.stdout.write(`\nAll shown questions answered. Score it with: mlsa score ${opts.output}\n`);
      } finally {
        rl.close();
        process.stdout.write(`Saved ${Object.keys(file.answers).length} answers to ${opts.output}\n`);
      }
    });
}
