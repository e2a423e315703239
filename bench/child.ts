// Benchmark servers run as child processes, so the load generator does not share their CPU: a
// module re-runs itself with `--child …` and prints `url <base url>` once it is listening.
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

/** Start `module` (an import.meta.url) as `--child ...args`; resolves with the URL it prints. */
export function spawnChild(module: string, args: string[]): Promise<{ url: string; proc: ChildProcess }> {
  const proc = spawn(process.execPath, ["--import", "tsx", fileURLToPath(module), "--child", ...args], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    let out = "";
    proc.stdout?.on("data", (c) => {
      out += String(c);
      const m = /url (\S+)/.exec(out);
      if (m?.[1]) resolve({ url: m[1], proc });
    });
    proc.on("exit", (code) => reject(new Error(`bench child exited with ${code}`)));
  });
}

/** SIGTERM a child and wait until it has exited. */
export async function stopChild(proc: ChildProcess): Promise<void> {
  const exited = new Promise((r) => proc.once("exit", r));
  proc.kill("SIGTERM");
  await exited;
}
