// Shared CLI plumbing: exit codes, colour (NO_COLOR aware), reading answer files, typed CLI errors.
import { readFileSync, statSync } from "node:fs";
import { parseAnswerText } from "../catalog/answer-file.js";
import { validateAnswerFile } from "../catalog/answers.js";
import type { AnswerFile } from "../contracts/answers.js";
import type { Catalog } from "../contracts/catalog.js";
import { Invalid } from "../contracts/errors.js";

/** Exit codes: 0 fine, 1 risk at or above --fail-on, 2 invalid input or usage. */
export const EXIT = { ok: 0, threshold: 1, invalid: 2 } as const;

/** A failure the CLI reports as a message (no stack) with an exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.invalid,
  ) {
    super(message);
  }
}

const useColor = () => !process.env.NO_COLOR && process.stdout.isTTY === true;
const paint = (code: number) => (s: string) => (useColor() ? `\u001b[${code}m${s}\u001b[0m` : s);
/** ANSI styles that turn into plain text under NO_COLOR or without a TTY. */
export const style = {
  bold: paint(1),
  dim: paint(2),
  red: paint(31),
  green: paint(32),
  yellow: paint(33),
  magenta: paint(35),
  cyan: paint(36),
};

/** At most this many problems are listed for one file (a huge bad file gets a short answer). */
const MAX_ISSUES = 50;
/** The largest answer file read (the server's import limit too); real ones are a few KiB. */
const MAX_FILE_BYTES = 5 * 2 ** 20;

/** Read, parse and check an answer file; problems become a CliError naming each bad key. */
export function readAnswerFile(path: string): { file: AnswerFile; catalog: Catalog } {
  let text: string;
  try {
    const size = statSync(path).size;
    if (size > MAX_FILE_BYTES) {
      throw new CliError(
        `${path} is ${(size / 2 ** 20).toFixed(1)} MiB; an answer file may be at most ${MAX_FILE_BYTES / 2 ** 20} MiB`,
      );
    }
    text = readFileSync(path, "utf8");
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(
      `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  try {
    return validateAnswerFile(parseAnswerText(text, path.endsWith(".json") ? "json" : undefined));
  } catch (error) {
    if (error instanceof Invalid) {
      const lines =
        error.issues.length > 0
          ? error.issues.slice(0, MAX_ISSUES).map((i) => `  ${i.path}: ${i.message}`)
          : [`  ${error.message}`];
      if (error.issues.length > MAX_ISSUES) lines.push(`  … and ${error.issues.length - MAX_ISSUES} more`);
      throw new CliError(`${path} is not a valid answer file:\n${lines.join("\n")}`);
    }
    throw error;
  }
}

/** Print JSON to stdout. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
