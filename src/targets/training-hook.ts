// The user's training command as a poisoning trainer: write the (poisoned) training data to a temp
// file, run the command without a shell (by default) and with a timeout, load the ONNX model it writes.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { z } from "zod";
import { Invalid } from "../contracts/errors.js";
import type { Dataset } from "../lab/datasets.js";
import type { PoisonTrainer, TrainedModel } from "../lab/poisoning/types.js";
import { writeDatasetCsv, writeDatasetJson } from "./datasets-io.js";
import { createOnnxTarget } from "./onnx.js";

/** How to run the hook. `command` is a template: {data}, {out}, {seed}, {classes}, {format}. */
export const HookConfig = z
  .object({
    command: z.string().trim().min(1),
    /** File format of the training data handed to the hook. */
    format: z.enum(["csv", "json"]).default("csv"),
    /** Longest one training run may take. */
    timeoutMs: z
      .number()
      .int()
      .positive()
      .default(30 * 60_000),
    /** Run the command through the system shell (pipes, globbing); off by default. */
    shell: z.boolean().default(false),
    cwd: z.string().optional(),
    /** Model output holding the class scores (default the first output), e.g. "probabilities". */
    outputName: z.string().min(1).optional(),
    /** Keep the temp folder (data file and model) of each run, for debugging. */
    keepFiles: z.boolean().default(false),
  })
  .strict();
export type HookConfig = z.input<typeof HookConfig>;

/** Extra wiring for the CLI: the hook's output lines (stdout and stderr). */
export interface HookCallbacks {
  onOutput?: (line: string) => void;
}

/**
 * Split a command line into arguments like a POSIX shell would for plain words: whitespace
 * separates, '…' is literal, "…" allows \" and \\, a backslash outside quotes escapes one character.
 * Throws Invalid on an unclosed quote or an empty command.
 */
export function splitCommand(text: string): string[] {
  const args: string[] = [];
  let current = "";
  let inWord = false;
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote === "'") {
      if (ch === "'") quote = undefined;
      else current += ch;
    } else if (quote === '"') {
      if (ch === '"') quote = undefined;
      else if (ch === "\\" && (text[i + 1] === '"' || text[i + 1] === "\\")) current += text[++i];
      else current += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      inWord = true;
    } else if (ch === "\\" && i + 1 < text.length) {
      current += text[++i];
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) args.push(current);
      current = "";
      inWord = false;
    } else {
      current += ch;
      inWord = true;
    }
  }
  if (quote)
    throw new Invalid(`hook command has an unclosed ${quote} quote`, [
      { path: "hook", message: "unclosed quote" },
    ]);
  if (inWord) args.push(current);
  if (args.length === 0) throw new Invalid("hook command is empty", [{ path: "hook", message: "empty" }]);
  return args;
}

const shellQuote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;

function fill(template: string, values: Record<string, string>, quote: (s: string) => string): string {
  return template.replace(/\{(data|out|seed|classes|format)\}/g, (_, k: string) => quote(values[k]!));
}

/** Keeps the last few kilobytes of the hook's output for error messages. */
function outputTail(limit = 4000) {
  let text = "";
  return {
    add(chunk: string) {
      text = (text + chunk).slice(-limit);
    },
    get: () => text.trim(),
  };
}

function kill(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  try {
    // The hook runs in its own process group: stop its children too (e.g. python under a shell).
    if (process.platform !== "win32") process.kill(-child.pid, signal);
    else child.kill(signal);
  } catch {
    child.kill(signal);
  }
}

/** Run one hook invocation to completion; rejects on failure, timeout or abort. */
function runCommand(
  config: z.output<typeof HookConfig>,
  values: Record<string, string>,
  signal: AbortSignal,
  callbacks: HookCallbacks,
): Promise<void> {
  const argv = config.shell ? undefined : splitCommand(config.command).map((a) => fill(a, values, (s) => s));
  const shellCommand = config.shell ? fill(config.command, values, shellQuote) : undefined;
  const env = {
    ...process.env,
    MLSA_DATA: values.data,
    MLSA_OUT: values.out,
    MLSA_SEED: values.seed,
    MLSA_NUM_CLASSES: values.classes,
    MLSA_FORMAT: values.format,
  };
  return new Promise((resolve, reject) => {
    signal.throwIfAborted();
    const child = argv
      ? spawn(argv[0]!, argv.slice(1), {
          cwd: config.cwd,
          env,
          stdio: ["ignore", "pipe", "pipe"],
          detached: process.platform !== "win32",
        })
      : spawn(shellCommand!, {
          cwd: config.cwd,
          env,
          stdio: ["ignore", "pipe", "pipe"],
          shell: true,
          detached: process.platform !== "win32",
        });
    const tail = outputTail();
    let pending = "";
    const onData = (chunk: Buffer) => {
      const text = chunk.toString("utf8");
      tail.add(text);
      if (!callbacks.onOutput) return;
      const lines = (pending + text).split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) callbacks.onOutput(line);
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    let stopped: Error | undefined;
    let forceKill: NodeJS.Timeout | undefined;
    const stop = (error: Error) => {
      stopped ??= error;
      kill(child, "SIGTERM");
      forceKill ??= setTimeout(() => kill(child, "SIGKILL"), 3000);
    };
    const timer = setTimeout(
      () =>
        stop(
          new Error(
            `the training hook timed out after ${Math.round(config.timeoutMs / 1000)} s and was stopped`,
          ),
        ),
      config.timeoutMs,
    );
    const onAbort = () => stop(signal.reason instanceof Error ? signal.reason : new Error("aborted"));
    signal.addEventListener("abort", onAbort, { once: true });
    const cleanUp = () => {
      clearTimeout(timer);
      clearTimeout(forceKill);
      signal.removeEventListener("abort", onAbort);
    };
    child.on("error", (error: NodeJS.ErrnoException) => {
      cleanUp();
      reject(
        error.code === "ENOENT"
          ? new Invalid(`hook command not found: ${argv?.[0] ?? shellCommand} (is it installed and on PATH?)`)
          : error,
      );
    });
    child.on("close", (code, sig) => {
      cleanUp();
      if (pending && callbacks.onOutput) callbacks.onOutput(pending);
      if (stopped) return reject(stopped);
      if (code === 0) return resolve();
      const output = tail.get();
      reject(
        new Error(
          `the training hook failed (${code !== null ? `exit code ${code}` : `signal ${sig}`})` +
            (output ? `; last output:\n${output}` : " with no output"),
        ),
      );
    });
  });
}

/**
 * A trainer that runs the user's training command. Contract: mlsa writes the training data to a
 * temp file (`{data}`, also `MLSA_DATA`; CSV with a header `features…,label` or JSON), runs the
 * command, and expects an ONNX classifier at `{out}` (`MLSA_OUT`) taking float32 `[batch, …]`
 * inputs and returning one score per class. See docs/lab.md, "Poisoning".
 */
export function createHookTrainer(raw: HookConfig, callbacks: HookCallbacks = {}): PoisonTrainer {
  const parsed = HookConfig.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Invalid(`invalid hook settings: ${issue.path.join(".")}: ${issue.message}`);
  }
  const config = parsed.data;
  const program = config.shell ? "shell command" : splitCommand(config.command)[0]!;
  return {
    kind: "hook",
    description: `training hook (${program})`,
    settings: {
      command: config.command,
      format: config.format,
      timeoutMs: config.timeoutMs,
      shell: config.shell,
      ...(config.outputName ? { outputName: config.outputName } : {}),
    },
    async train(data: Dataset, options): Promise<TrainedModel> {
      const dir = await mkdtemp(join(tmpdir(), "mlsa-hook-"));
      const cleanDir = () =>
        config.keepFiles ? Promise.resolve() : rm(dir, { recursive: true, force: true });
      try {
        const dataPath = join(dir, `train.${config.format}`);
        const out = join(dir, "model.onnx");
        options.onProgress?.(0, `writing ${data.x.length} examples for the hook`);
        await (config.format === "csv" ? writeDatasetCsv(data, dataPath) : writeDatasetJson(data, dataPath));
        options.onProgress?.(0.05, "running the training hook");
        const values = {
          data: dataPath,
          out,
          seed: String(options.seed),
          classes: String(data.numClasses),
          format: config.format,
        };
        await runCommand(config, values, options.signal, callbacks);
        const written = await stat(out).catch(() => undefined);
        if (!written?.isFile()) {
          throw new Error(`the training hook exited normally but wrote no model at {out} (${out})`);
        }
        const target = await createOnnxTarget({
          path: out,
          output: "label",
          inputShape: [...data.inputShape],
          numClasses: data.numClasses,
          ...(config.outputName ? { outputName: config.outputName } : {}),
        });
        try {
          // One prediction up front, so a model that does not fit the data fails here, clearly.
          await target.predict(data.x.slice(0, 1), options.signal);
        } catch (error) {
          await target.close?.();
          throw new Invalid(
            `the model written by the training hook does not fit the data (${data.x[0]?.length} features, ` +
              `${data.numClasses} classes): ${(error as Error).message}`,
          );
        }
        options.onProgress?.(1, "model loaded");
        return {
          async predictLabels(xs, signal) {
            const labels: number[] = [];
            for (let i = 0; i < xs.length; i += 1024) {
              signal?.throwIfAborted();
              const preds = await target.predict(xs.slice(i, i + 1024), signal);
              for (const p of preds) labels.push(p.label);
            }
            return labels;
          },
          async dispose() {
            await target.close?.();
            await cleanDir();
          },
        };
      } catch (error) {
        await cleanDir();
        throw error;
      }
    },
  };
}
