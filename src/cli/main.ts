// The `mlsa` command line: builds the commander program from one file per command group.
import { Command, CommanderError } from "commander";
import { registerAnswer } from "./commands/answer.js";
import { registerCatalog } from "./commands/catalog.js";
import { registerDemo } from "./commands/demo.js";
import { registerLab } from "./commands/lab.js";
import { registerReport } from "./commands/report.js";
import { registerScore } from "./commands/score.js";
import { registerServe } from "./commands/serve.js";
import { registerWorker } from "./commands/worker.js";
import { CliError, EXIT } from "./io.js";

/** Build the program; exported for tests. */
export function buildProgram(): Command {
  const program = new Command("mlsa")
    .description("ML security self-assessment: questionnaires, explainable risk scoring and an attack lab")
    .version("0.1.0")
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride();
  registerCatalog(program);
  registerAnswer(program);
  registerScore(program);
  registerReport(program);
  registerLab(program);
  registerDemo(program);
  registerServe(program);
  registerWorker(program);
  return program;
}

/** Run the CLI and return the exit code. */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === "number" ? process.exitCode : EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === "commander.helpDisplayed" || error.code === "commander.version") return EXIT.ok;
      if (error.code === "commander.help") return EXIT.ok;
      return EXIT.invalid;
    }
    if (error instanceof CliError) {
      process.stderr.write(`mlsa: ${error.message}\n`);
      return error.exitCode;
    }
    process.stderr.write(`mlsa: unexpected error: ${(error as Error).stack ?? String(error)}\n`);
    return 70;
  }
}
