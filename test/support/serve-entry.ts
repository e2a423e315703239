// Runs `mlsa serve` through the real serve command (for child-process tests), independent of which
// commands the CLI's main program registers.
import { Command } from "commander";
import { registerServe } from "../../src/cli/commands/serve.js";

const program = new Command("mlsa");
registerServe(program);
await program.parseAsync(process.argv);
