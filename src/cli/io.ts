// Shared CLI plumbing: exit codes, colour (NO_COLOR aware), reading answer files, typed CLI errors,
// domain errors turned into CLI errors, `--param key=value` parsing.
import { readFileSync, statSync } from "node:fs";
import { parseAnswerText } from "../catalog/answer-file.js";
import { validateAnswerFile } from "../catalog/answers.js";
import type { AnswerFile } from "../contracts/answers.js";
import type { Catalog } from "../contracts/catalog.js";
import { Invalid, NotFound, Unsupported } from "../contracts/errors.js";

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
          ? error.issues
              .slice(0, MAX_ISSUES)
              .map((i) => `  ${i.path === "(root)" ? "" : `${i.path}: `}${i.message}`)
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

/** Map a domain error (Invalid with its issues, Unsupported, NotFound) to a CliError (exit 2); others pass. */
export function toCliError(error: unknown): unknown {
  if (error instanceof Invalid) {
    const lines = error.issues
      .filter((i) => !error.message.includes(i.message))
      .map((i) => `\n  ${i.path}: ${i.message}`);
    return new CliError(`${error.message}${lines.join("")}`, EXIT.invalid);
  }
  if (error instanceof Unsupported || error instanceof NotFound)
    return new CliError(error.message, EXIT.invalid);
  return error;
}

/** Run `f` (sync, or returning a promise), turning the domain errors it throws into CLI errors. */
export function withCliErrors<T>(f: () => T): T {
  try {
    const value = f();
    return (value instanceof Promise ? value.catch((e) => Promise.reject(toCliError(e))) : value) as T;
  } catch (error) {
    throw toCliError(error);
  }
}

/** `k=v` (a `--param`) → [k, JSON value or the raw text]. */
export function parseParam(kv: string): [string, unknown] {
  const at = kv.indexOf("=");
  if (at <= 0) throw new CliError(`--param expects key=value, got "${kv}"`);
  const key = kv.slice(0, at);
  const text = kv.slice(at + 1);
  try {
    return [key, JSON.parse(text)];
  } catch {
    return [key, text];
  }
}
