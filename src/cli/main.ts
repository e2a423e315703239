// The `mlsa` command line: builds the commander program from one file per command group.
import { Command, CommanderError } from "commander";
import { CliError, EXIT } from "./io.js";

type Register = (program: Command) => void;

/**
 * Command groups, loaded on demand: `mlsa score` never loads the lab (tfjs, onnxruntime), the
 * reports (ECharts, Chromium) or the server, which keeps start-up fast. Each entry names the
 * commands its module registers; `--help` and unknown commands load them all.
 */
const GROUPS: ReadonlyArray<{ commands: readonly string[]; load: () => Promise<Register> }> = [
  {
    commands: ["catalog", "template"],
    load: async () => (await import("./commands/catalog.js")).registerCatalog,
  },
  { commands: ["answer"], load: async () => (await import("./commands/answer.js")).registerAnswer },
  { commands: ["score", "diff"], load: async () => (await import("./commands/score.js")).registerScore },
  { commands: ["report"], load: async () => (await import("./commands/report.js")).registerReport },
  { commands: ["lab"], load: async () => (await import("./commands/lab.js")).registerLab },
  { commands: ["demo"], load: async () => (await import("./commands/demo.js")).registerDemo },
  { commands: ["serve"], load: async () => (await import("./commands/serve.js")).registerServe },
  { commands: ["worker"], load: async () => (await import("./commands/worker.js")).registerWorker },
];

/** Build the program with the command groups `argv` needs (all of them when unsure). */
export async function buildProgram(argv: readonly string[] = []): Promise<Command> {
  const program = new Command("mlsa")
    .description("ML security self-assessment: questionnaires, explainable risk scoring and an attack lab")
    .version("0.1.0")
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride();
  const name = argv.slice(2).find((a) => !a.startsWith("-"));
  const wanted = GROUPS.filter((g) => name !== undefined && g.commands.includes(name));
  for (const group of wanted.length > 0 ? wanted : GROUPS) (await group.load())(program);
  return program;
}

/** Run the CLI and return the exit code. */
export async function main(argv: string[]): Promise<number> {
  const program = await buildProgram(argv);
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
