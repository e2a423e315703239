// `mlsa lab attacks` and `mlsa lab run`: list the attacks with their papers and requirements, and
// run one against an HTTP API config, an ONNX file or a demo victim, with a progress bar.
import { readFileSync } from "node:fs";
import cliProgress from "cli-progress";
import { type Command, Option } from "commander";
import { parse as parseYaml } from "yaml";
import { Invalid, Unsupported } from "../../contracts/errors.js";
import { OUTPUT_KINDS, type OutputKind } from "../../contracts/lab.js";
import type { AttackDefinition, GroundTruth, LabExample } from "../../lab/attack.js";
import { compileConstraints, type FeatureConstraints } from "../../lab/constraints.js";
import {
  type AttackListing,
  describeAttack,
  getAttack,
  listAttacks,
  listPoisoningAttacks,
} from "../../lab/registry.js";
import { type RunOutcome, runAttack } from "../../lab/run.js";
import type { Target } from "../../lab/target.js";
import { demoRunData } from "../../targets/demo-data.js";
import { createHttpTarget } from "../../targets/http.js";
import { createOnnxTarget } from "../../targets/onnx.js";
import { exportDenseOnnx } from "../../targets/onnx-export.js";
import { loadVictim, VICTIM_NAMES, type VictimName } from "../../targets/victims/index.js";
import { CliError, EXIT, parseParam, printJson, style, withCliErrors } from "../io.js";
import { readRecordsFile } from "./lab-inference.js";
import { registerPoison } from "./lab-poison.js";
import { registerProbe } from "./lab-probe.js";

const out = (line = "") => process.stdout.write(`${line}\n`);

/** Register `lab attacks` and `lab run`. */
export function registerLab(program: Command): void {
  const lab = program
    .command("lab")
    .description("attack lab: run real attacks against a model and keep the evidence");
  registerPoison(lab);
  registerProbe(lab);

  lab
    .command("attacks")
    .description("list the attacks with their papers, what they need from the target, and their parameters")
    .option("--json", "print as JSON")
    .action((opts: { json?: boolean }) => {
      const attacks: AttackListing[] = [...listAttacks(), ...listPoisoningAttacks()].map(describeAttack);
      if (opts.json) return printJson(attacks);
      for (const a of attacks) {
        out(`${style.bold(a.id)}  ${a.name} (${a.family})`);
        out(`  ${a.paper.authors}, "${a.paper.title}", ${a.paper.venue} ${a.paper.year}. ${a.paper.url}`);
        if (a.runWith) out(`  needs: training data, no target (run with ${a.runWith})`);
        else
          out(
            `  needs: ${a.requires.outputs.join(" | ")} outputs${a.requires.inputs ? ", labelled inputs" : ""}${
              a.requires.reference ? ", reference data" : ""
            }${a.requires.raw ? ", raw HTTP access" : ""}`,
          );
        const defaults = Object.entries(a.defaults)
          .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
          .join(" ");
        out(`  defaults: ${defaults || "(none)"}`);
        out(`  ${style.dim(a.description)}`);
        out();
      }
    });

  lab
    .command("run")
    .description("run an attack against a target and print the evidence (see docs/lab.md)")
    .argument("<attack>", "attack id (see `mlsa lab attacks`)")
    .requiredOption("--target <target>", "HTTP target config (.yaml/.json), a model .onnx file, or demo:NAME")
    .requiredOption("--budget <n>", "hard query budget (inputs sent to the target)", positiveInt("--budget"))
    .option("--seed <n>", "random seed (same seed, same result)", integer("--seed"), 1)
    .option("--param <key=value>", "attack parameter (repeatable; values are JSON or text)", collect, [])
    .addOption(
      new Option("--output <kind>", "what a demo victim or ONNX model reveals").choices([...OUTPUT_KINDS]),
    )
    .option("--data <file>", "labelled inputs: JSON [{x: number[], y: number}] or CSV (last column = label)")
    .option(
      "--records <file>",
      "inference attacks: candidate records (CSV with label and member columns, or JSON [{x, y, member}])",
    )
    .option(
      "--reference <file>",
      "inference attacks: your own records from the same distribution (shadow models)",
    )
    .option("--count <n>", "use only the first n inputs", positiveInt("--count"))
    .option(
      "--constraints <file>",
      "tabular feature constraints (YAML/JSON: bounds, integer, immutable, oneHot)",
    )
    .option("--export-surrogate <file.onnx>", "write the stolen surrogate model as ONNX (extraction attacks)")
    .option("--concurrency <n>", "requests in flight at once", positiveInt("--concurrency"))
    .option("--rate <per-second>", "at most this many requests per second", positiveNumber("--rate"))
    .option("--input-bounds <min,max>", "valid input range of an ONNX model (default 0,1)", bounds)
    .option("--data-dir <dir>", "where demo victims are cached (default MLSA_DATA_DIR or ./.mlsa)")
    .option("--json", "print the run record as JSON")
    .action(async (id: string, opts: RunOpts) => {
      const outcome = await runFromCli(id, opts);
      if (opts.json) printJson(outcome.run);
      else printRun(outcome);
      if (outcome.run.state !== "succeeded") {
        const invalid = outcome.failure instanceof Invalid || outcome.failure instanceof Unsupported;
        throw new CliError(
          `run ${outcome.run.state}: ${outcome.run.error ?? ""}`,
          invalid ? EXIT.invalid : 1,
        );
      }
    });
}

interface RunOpts {
  target: string;
  budget: number;
  seed: number;
  param: string[];
  output?: OutputKind;
  data?: string;
  count?: number;
  constraints?: string;
  exportSurrogate?: string;
  concurrency?: number;
  rate?: number;
  inputBounds?: { min: number; max: number };
  records?: string;
  reference?: string;
  dataDir?: string;
  json?: boolean;
}

/** Everything a run needs besides the attack: the target and the data that goes with it. */
interface Setup {
  target: Target;
  inputs: LabExample[];
  heldOut?: LabExample[];
  reference?: LabExample[];
  groundTruth?: GroundTruth;
}

async function runFromCli(id: string, opts: RunOpts): Promise<RunOutcome> {
  const attack = withCliErrors(() => getAttack(id));
  const params = Object.fromEntries(opts.param.map(parseParam));
  const setup = await openTarget(opts, attack);
  try {
    let inputs = setup.inputs;
    const info = setup.target.info;
    if (opts.data) inputs = readData(opts.data);
    if (opts.records) inputs = readRecordsFile(opts.records, info, attack.id.startsWith("membership"));
    if (opts.count) inputs = inputs.slice(0, opts.count);
    const reference = opts.reference ? readRecordsFile(opts.reference, info, false) : setup.reference;
    const constraints = opts.constraints ? readConstraints(opts.constraints, info) : undefined;
    const missing = missingData(attack, inputs, reference);
    if (missing) throw new CliError(missing);
    const controller = new AbortController();
    const onSigint = () => controller.abort(new Error("interrupted"));
    process.once("SIGINT", onSigint);
    const progress = progressReporter(`${attack.id} `, Boolean(opts.json));
    try {
      const outcome = await withCliErrors(() =>
        runAttack(attack.id, setup.target, {
          params,
          seed: opts.seed,
          budget: opts.budget,
          inputs,
          heldOut: opts.data ? undefined : setup.heldOut,
          reference,
          constraints,
          groundTruth: setup.groundTruth,
          signal: controller.signal,
          onProgress: progress.update,
          guard: {
            ...(opts.concurrency ? { concurrency: opts.concurrency } : {}),
            ...(opts.rate ? { ratePerSecond: opts.rate } : {}),
          },
        }),
      );
      progress.stop();
      const surrogate = outcome.artifacts?.surrogate;
      if (opts.exportSurrogate) {
        if (!surrogate) throw new CliError(`${attack.id} does not produce a surrogate model to export`);
        await exportDenseOnnx(surrogate, opts.exportSurrogate);
        if (!opts.json) process.stderr.write(`surrogate written to ${opts.exportSurrogate}\n`);
      }
      return outcome;
    } finally {
      progress.stop();
      process.removeListener("SIGINT", onSigint);
    }
  } finally {
    await setup.target.close?.();
  }
}

/**
 * What the attack needs that neither the target nor the options gave, and the exact option that
 * supplies it (HTTP and ONNX targets bring no data of their own). Undefined when nothing is missing.
 */
function missingData(
  attack: AttackDefinition,
  inputs: readonly LabExample[],
  reference: readonly LabExample[] | undefined,
): string | undefined {
  const demoHint = "; for a demo victim, `mlsa demo export-data --victim NAME --out FILE` writes some";
  if (attack.requires.inputs && inputs.length === 0) {
    return attack.family === "inference"
      ? `${attack.name} needs candidate records, and the target brings none: pass --records <file> ` +
          "(CSV with label and member columns, or JSON [{x, y, member}])"
      : `${attack.name} needs labelled inputs to work from, and the target brings none: pass --data <file> ` +
          `(JSON [{"x": [numbers], "y": label}] or CSV, last column = label)${demoHint}`;
  }
  if (attack.requires.reference && (reference ?? []).length === 0) {
    return (
      `${attack.name} needs reference data, and the target brings none: pass --reference <file> ` +
      "(your own labelled records from the same distribution, not among the candidates)"
    );
  }
  return undefined;
}

/** Resolve `--target`: demo:NAME (in-process victim with its own data), an .onnx file, or an HTTP config. */
async function openTarget(opts: RunOpts, attack: AttackDefinition): Promise<Setup> {
  const spec = opts.target;
  if (spec.startsWith("demo:")) {
    const name = spec.slice(5);
    if (!(VICTIM_NAMES as readonly string[]).includes(name)) {
      throw new CliError(`unknown demo victim "${name}" (known: ${VICTIM_NAMES.join(", ")})`);
    }
    if (!opts.json) process.stderr.write(`loading demo victim ${name} (trained and cached on first use)…\n`);
    const victim = await loadVictim(name as VictimName, { dataDir: opts.dataDir });
    const target = victim.target(opts.output ?? "probs");
    // The victim is in-process: its labels for held-out data cost no budget.
    const data = demoRunData(victim, attack.family, {
      seed: opts.seed,
      count: opts.count,
      victimIsTarget: true,
    });
    return { target, ...data };
  }
  if (spec.endsWith(".onnx")) {
    const target = await withCliErrors(() =>
      createOnnxTarget({
        path: spec,
        output: opts.output ?? "probs",
        ...(opts.inputBounds ? { inputBounds: opts.inputBounds } : {}),
      }),
    );
    return { target, inputs: [] };
  }
  if (/\.(ya?ml|json)$/.test(spec)) {
    if (opts.output)
      throw new CliError(
        "--output applies to demo victims and ONNX files; an HTTP config sets its own output",
      );
    return { target: withCliErrors(() => createHttpTarget(readStructured(spec))), inputs: [] };
  }
  throw new CliError(
    `--target must be an HTTP config (.yaml, .yml, .json), a .onnx file or demo:NAME; got "${spec}"`,
  );
}

/** A progress bar on a terminal, plain lines (every 10 %) otherwise, nothing with --json. */
function progressReporter(label: string, quiet: boolean) {
  if (quiet) return { update: () => undefined, stop: () => undefined };
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        format: `${label}[{bar}] {percentage}% {message}`,
        stream: process.stderr,
        hideCursor: true,
        clearOnComplete: false,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(100, 0, { message: "" });
    let stopped = false;
    return {
      update: (f: number, message: string) => bar.update(Math.round(f * 100), { message }),
      stop: () => {
        if (!stopped) bar.stop();
        stopped = true;
      },
    };
  }
  let lastDecile = -1;
  return {
    update: (f: number, message: string) => {
      const decile = Math.floor(f * 10);
      if (decile > lastDecile) {
        lastDecile = decile;
        process.stderr.write(`${label}${Math.round(f * 100)}% ${message}\n`);
      }
    },
    stop: () => undefined,
  };
}

function printRun({ run, stats }: RunOutcome): void {
  const state = run.state === "succeeded" ? style.green(run.state) : style.red(run.state);
  out(style.bold(`${run.attack} against ${run.target.description}`));
  out(
    `state: ${state}   queries: ${run.queriesUsed}/${run.budget}   seed: ${run.seed}   wall time: ${(run.wallTimeMs / 1000).toFixed(2)} s (target ${(stats.targetTimeMs / 1000).toFixed(2)} s)`,
  );
  out(run.summary);
  if (run.error) out(style.red(`error: ${run.error}`));
  const width = Math.max(0, ...Object.keys(run.metrics).map((k) => k.length));
  for (const [k, v] of Object.entries(run.metrics))
    out(`  ${k.padEnd(width)}  ${Number.isInteger(v) ? v : v.toPrecision(6)}`);
  if (run.examples.length > 0)
    out(style.dim(`${run.examples.length} example(s) kept as evidence (see --json)`));
}

/** Read labelled inputs from JSON ([{x, y}] or {inputs: [...]}) or CSV (header optional, last column = label). */
export function readData(path: string): LabExample[] {
  const text = readText(path);
  if (path.endsWith(".csv")) {
    const rows = text
      .split(/\r?\n/)
      .filter((l) => l.trim() !== "")
      .map((l) => l.split(",").map((c) => c.trim()));
    const body = rows.length > 0 && rows[0]!.some((c) => Number.isNaN(Number(c))) ? rows.slice(1) : rows;
    return body.map((cells, i) => {
      const nums = cells.map(Number);
      if (nums.length < 2 || nums.some((n) => !Number.isFinite(n)))
        throw new CliError(`${path}: row ${i + 1} is not all numbers`);
      return { x: Float32Array.from(nums.slice(0, -1)), y: nums.at(-1)! };
    });
  }
  const raw = readStructured(path) as unknown;
  const list = Array.isArray(raw) ? raw : (raw as { inputs?: unknown })?.inputs;
  if (!Array.isArray(list)) throw new CliError(`${path}: expected a list of {x: number[], y: number}`);
  return list.map((item, i) => {
    const e = item as { x?: unknown; y?: unknown };
    if (!Array.isArray(e.x) || !e.x.every((v) => typeof v === "number") || !Number.isInteger(e.y)) {
      throw new CliError(`${path}: item ${i} must be {x: number[], y: integer}`);
    }
    return { x: Float32Array.from(e.x as number[]), y: e.y as number };
  });
}

function readConstraints(path: string, info: Target["info"]): FeatureConstraints {
  return withCliErrors(() =>
    compileConstraints(readStructured(path), {
      dims: info.inputShape.reduce((a, b) => a * b, 1),
      featureNames: info.featureNames,
      defaultBounds: info.inputBounds,
    }),
  );
}

function readText(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    throw new CliError(
      `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
}

function readStructured(path: string): unknown {
  const text = readText(path);
  try {
    return path.endsWith(".json") ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new CliError(
      `${path} is not valid ${path.endsWith(".json") ? "JSON" : "YAML"}: ${(error as Error).message}`,
    );
  }
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function integer(flag: string) {
  return (v: string) => {
    const n = Number(v);
    if (!Number.isInteger(n)) throw new CliError(`${flag} must be an integer, got "${v}"`);
    return n;
  };
}

function positiveInt(flag: string) {
  return (v: string) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new CliError(`${flag} must be a positive integer, got "${v}"`);
    return n;
  };
}

function positiveNumber(flag: string) {
  return (v: string) => {
    const n = Number(v);
    if (!(n > 0)) throw new CliError(`${flag} must be a positive number, got "${v}"`);
    return n;
  };
}

function bounds(v: string): { min: number; max: number } {
  const [min, max] = v.split(",").map(Number);
  if (!Number.isFinite(min) || !Number.isFinite(max) || !(min! < max!)) {
    throw new CliError(`--input-bounds expects min,max with min < max, got "${v}"`);
  }
  return { min: min!, max: max! };
}
