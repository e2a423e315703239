// `mlsa lab probe`: the cheap first look at a live prediction API — what it leaks, whether it is
// deterministic, how it handles malformed inputs, whether it rate-limits — within one query budget,
// optionally writing the measured answers into an answer file as "verified by test".
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { type Command, Option } from "commander";
import { parse as parseYaml } from "yaml";
import { formatAnswerFile } from "../../catalog/answer-file.js";
import { checkAnswer } from "../../catalog/answers.js";
import { Invalid, NotFound, Unsupported } from "../../contracts/errors.js";
import { type LabRun, OUTPUT_KINDS, type OutputKind } from "../../contracts/lab.js";
import { applicableProbes } from "../../lab/probes/index.js";
import type { RawProbe } from "../../lab/probes/raw.js";
import { runAttack } from "../../lab/run.js";
import type { Target } from "../../lab/target.js";
import { verifiedAnswers } from "../../lab/verifies.js";
import { startDemoServer } from "../../targets/demo-server.js";
import { createHttpTarget } from "../../targets/http.js";
import { createHttpProbe } from "../../targets/http-probe.js";
import { createOnnxTarget } from "../../targets/onnx.js";
import { VICTIM_NAMES, type VictimName } from "../../targets/victims/index.js";
import { CliError, EXIT, printJson, readAnswerFile, style } from "../io.js";

interface ProbeOpts {
  target: string;
  budget: number;
  seed: number;
  only?: string;
  output?: OutputKind;
  demoRateLimit?: number;
  answers?: string;
  dataDir?: string;
  json?: boolean;
}

interface Opened {
  target: Target;
  raw?: RawProbe;
  close(): Promise<void>;
}

const out = (line = "") => process.stdout.write(`${line}\n`);

/** Register `lab probe` under the `lab` command. */
export function registerProbe(lab: Command): void {
  lab
    .command("probe")
    .description(
      "probe a live prediction API (output leakage, determinism, input handling, rate limiting) within a budget",
    )
    .requiredOption("--target <target>", "HTTP target config (.yaml/.json), a model .onnx file, or demo:NAME")
    .option("--budget <n>", "hard query budget shared by all probes", positiveInt, 300)
    .option("--seed <n>", "random seed", positiveInt, 1)
    .option("--only <ids>", "comma-separated probe ids (default: every probe the target allows)")
    .addOption(
      new Option("--output <kind>", "what a demo victim or ONNX model reveals").choices([...OUTPUT_KINDS]),
    )
    .option("--demo-rate-limit <per-second>", "demo:NAME only: serve it with this rate limit", positiveInt)
    .option("--answers <file>", "answer file to update with the measured answers, marked verified by test")
    .option("--data-dir <dir>", "where demo victims are cached (default MLSA_DATA_DIR or ./.mlsa)")
    .option("--json", "print the run records and suggested answers as JSON")
    .action(async (opts: ProbeOpts) => {
      const runs = await probeFromCli(opts);
      const suggested = Object.assign({}, ...runs.map((r) => r.suggestedAnswers ?? {})) as Record<
        string,
        string
      >;
      if (opts.json) printJson({ runs, suggestedAnswers: suggested });
      else printProbes(runs, suggested);
      if (opts.answers) updateAnswers(opts.answers, runs, Boolean(opts.json));
      const failed = runs.filter((r) => r.state !== "succeeded");
      if (failed.length > 0) {
        throw new CliError(`${failed.map((r) => `${r.attack}: ${r.error ?? r.state}`).join("; ")}`, 1);
      }
    });
}

async function probeFromCli(opts: ProbeOpts): Promise<LabRun[]> {
  const opened = await openProbeTarget(opts);
  try {
    let probes = applicableProbes(opened.raw !== undefined);
    if (opts.only) {
      const wanted = opts.only.split(",").map((s) => s.trim());
      const unknown = wanted.filter((id) => !probes.some((p) => p.id === id));
      if (unknown.length > 0) {
        throw new CliError(
          `cannot run ${unknown.join(", ")} here; available: ${probes.map((p) => p.id).join(", ")}` +
            (opened.raw ? "" : " (raw HTTP probes need an HTTP target or demo:NAME)"),
        );
      }
      probes = probes.filter((p) => wanted.includes(p.id));
    }
    const runs: LabRun[] = [];
    let left = opts.budget;
    for (const probe of probes) {
      if (left < 1) break;
      if (!opts.json) process.stderr.write(`${probe.id}…\n`);
      try {
        const { run } = await runAttack(probe.id, opened.target, {
          seed: opts.seed,
          budget: left,
          ...(opened.raw ? { raw: opened.raw } : {}),
        });
        left -= run.queriesUsed;
        runs.push(run);
      } catch (error) {
        if (error instanceof Invalid || error instanceof Unsupported || error instanceof NotFound) {
          throw new CliError(error.message, EXIT.invalid);
        }
        throw error;
      }
    }
    return runs;
  } finally {
    await opened.close();
  }
}

async function openProbeTarget(opts: ProbeOpts): Promise<Opened> {
  const spec = opts.target;
  if (opts.demoRateLimit && !spec.startsWith("demo:"))
    throw new CliError("--demo-rate-limit applies to demo:NAME only");
  if (spec.startsWith("demo:")) {
    const name = spec.slice(5);
    if (!(VICTIM_NAMES as readonly string[]).includes(name)) {
      throw new CliError(`unknown demo victim "${name}" (known: ${VICTIM_NAMES.join(", ")})`);
    }
    if (!opts.json) process.stderr.write(`serving demo victim ${name} on 127.0.0.1 to probe it over HTTP…\n`);
    const server = await startDemoServer({
      victim: name as VictimName,
      output: opts.output ?? "probs",
      dataDir: opts.dataDir,
      ...(opts.demoRateLimit
        ? { rateLimit: { perSecond: opts.demoRateLimit, burst: opts.demoRateLimit } }
        : {}),
    });
    return {
      target: createHttpTarget(server.targetConfig),
      raw: createHttpProbe(server.targetConfig),
      close: () => server.close(),
    };
  }
  if (spec.endsWith(".onnx")) {
    const target = await createOnnxTarget({ path: spec, output: opts.output ?? "probs" }).catch(
      (error: unknown) => {
        throw new CliError(error instanceof Error ? error.message : String(error));
      },
    );
    return { target, close: async () => target.close?.() };
  }
  if (/\.(ya?ml|json)$/.test(spec)) {
    if (opts.output)
      throw new CliError("--output applies to demo victims and ONNX files; an HTTP config sets its own");
    let config: unknown;
    try {
      const text = readFileSync(spec, "utf8");
      config = spec.endsWith(".json") ? JSON.parse(text) : parseYaml(text);
    } catch (error) {
      throw new CliError(`cannot read ${spec}: ${(error as Error).message}`);
    }
    try {
      return { target: createHttpTarget(config), raw: createHttpProbe(config), close: async () => undefined };
    } catch (error) {
      if (error instanceof Invalid) throw new CliError(error.message);
      throw error;
    }
  }
  throw new CliError(
    `--target must be an HTTP config (.yaml, .yml, .json), a .onnx file or demo:NAME; got "${spec}"`,
  );
}

function printProbes(runs: LabRun[], suggested: Record<string, string>): void {
  for (const run of runs) {
    const state = run.state === "succeeded" ? style.green(run.state) : style.red(run.state);
    out(`${style.bold(run.attack)}  ${state}  ${run.queriesUsed} queries`);
    out(`  ${run.state === "succeeded" ? run.summary : (run.error ?? run.summary)}`);
  }
  const entries = Object.entries(suggested);
  if (entries.length > 0) {
    out();
    out(style.bold("Answers measured by these probes (verified by test):"));
    for (const [q, option] of entries) out(`  ${q}: ${option}`);
  }
}

/** Apply each successful probe's answers to the answer file, with its verification record. */
function updateAnswers(path: string, runs: LabRun[], quiet: boolean): void {
  const { file, catalog } = readAnswerFile(path);
  const answers = { ...file.answers };
  const verified = { ...(file.verified ?? {}) };
  for (const run of runs) {
    if (run.state !== "succeeded" || !run.finishedAt) continue;
    const update = verifiedAnswers({ ...run, finishedAt: run.finishedAt }, answers);
    for (const [q, value] of Object.entries(update.answers)) {
      const problem = checkAnswer(catalog, q, value);
      if (problem)
        throw new CliError(`${run.attack} suggested an answer the catalog refuses: ${q}: ${problem}`);
      answers[q] = value;
      verified[q] = update.verified[q]!;
    }
  }
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(
    tmp,
    formatAnswerFile({ ...file, answers, verified }, path.endsWith(".json") ? "json" : "yaml"),
  );
  renameSync(tmp, path);
  if (!quiet) process.stderr.write(`updated ${path}\n`);
}

function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new CliError(`expected a positive integer, got "${v}"`);
  return n;
}
