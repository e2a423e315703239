#!/usr/bin/env node
// Entry point of the `mlsa` command: runs the TypeScript CLI through tsx's loader.
import { register } from "tsx/esm/api";

// `mlsa … | head` closes the pipe early: that is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
}
register();
const { main } = await import("../src/cli/main.ts");
process.exitCode = await main(process.argv);
