// Test helper: run CLI commands in-process with stdout and stderr captured, as the command tests do.
import { Command } from "commander";
import { vi } from "vitest";
import { CliError } from "../io.js";

/** What an in-process run printed, and the exit code (and message) a CliError would give. */
export interface CliRun {
  out: string;
  err: string;
  code: number;
  message?: string;
  /** The CliError the command failed with, for tests that expect a rejection. */
  error?: CliError;
}

/**
 * Run `mlsa …args` with the commands `register` adds to a fresh program. Output is captured, not
 * shown; a CliError is returned as its exit code, any other error propagates.
 */
export async function runCli(register: (program: Command) => void, args: readonly string[]): Promise<CliRun> {
  const program = new Command("mlsa").exitOverride();
  register(program);
  const out: string[] = [];
  const err: string[] = [];
  const o = vi.spyOn(process.stdout, "write").mockImplementation((c) => out.push(String(c)) > 0);
  const e = vi.spyOn(process.stderr, "write").mockImplementation((c) => err.push(String(c)) > 0);
  try {
    await program.parseAsync(["node", "mlsa", ...args]);
    return { out: out.join(""), err: err.join(""), code: 0 };
  } catch (error) {
    if (error instanceof CliError)
      return { out: out.join(""), err: err.join(""), code: error.exitCode, message: error.message, error };
    throw error;
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}
