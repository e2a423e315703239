// `mlsa lab poison`: simulate training-data poisoning (label flipping, BadNets backdoor) on the
// user's data with mlsa's trainer or the user's training hook, swept over poison rates.
import { writeFile } from "node:fs/promises";
import cliProgress from "cli-progress";
import { type Command, Option } from "commander";
import { Invalid } from "../../contracts/errors.js";
import { type Dataset, splitDataset } from "../../lab/datasets.js";
import { listPoisoningAttacks } from "../../lab/poisoning/registry.js";
import { DEFAULT_RATES, type PoisoningOutcome, runPoisoning } from "../../lab/poisoning/run.js";
import { createMlsaTrainer } from "../../lab/poisoning/trainer.js";
import type { PoisonTrainer } from "../../lab/poisoning/types.js";
import { alignClasses, loadTrainingData } from "../../targets/datasets-io.js";
import { createHookTrainer } from "../../targets/training-hook.js";
import { CliError, EXIT, parseParam, printJson, style, withCliErrors } from "../io.js";

interface PoisonOpts {
  data: string;
  attack: string;
  test?: string;
  testFraction: number;
  limit?: number;
  rates: number[];
  mode?: "random" | "targeted";
  sourceClass?: string;
  targetClass?: string;
  trigger?: string;
  patchSize?: number;
  corner?: string;
  pattern?: string;
  placement?: string;
  param: string[];
  hidden?: number[];
  epochs?: number;
  batchSize?: number;
  learningRate?: number;
  hook?: string;
  hookFormat: "csv" | "json";
  hookTimeout: number;
  hookShell?: boolean;
  hookOutput?: string;
  keepHookFiles?: boolean;
  labelColumn?: string;
  imageShape?: number[];
  seed: number;
  out?: string;
  json?: boolean;
}

const num = (flag: string, check: (n: number) => boolean, what: string) => (v: string) => {
  const n = Number(v);
  if (!check(n)) throw new CliError(`${flag} must be ${what}, got "${v}"`);
  return n;
};
const list = (flag: string, check: (n: number) => boolean, what: string) => (v: string) =>
  v.split(",").map((s) => num(flag, check, what)(s.trim()));
const isPositiveInt = (n: number) => Number.isInteger(n) && n > 0;

/** Register `lab poison` under the `lab` command. */
export function registerPoison(lab: Command): void {
  lab
    .command("poison")
    .description(
      "simulate training-data poisoning: poison a copy of your data at several rates, train, and measure " +
        "clean accuracy and attack success (see docs/lab.md, Poisoning)",
    )
    .requiredOption(
      "--data <spec>",
      "training data: .csv, .json, a folder of PNGs per class, or demo:digits / demo:iris",
    )
    .addOption(
      new Option("--attack <id>", "poisoning attack")
        .choices(listPoisoningAttacks().map((a) => a.id))
        .makeOptionMandatory(),
    )
    .option("--test <spec>", "clean test data (default: a seeded split of --data)")
    .option(
      "--test-fraction <f>",
      "share of --data held out for testing",
      num("--test-fraction", (n) => n > 0 && n < 1, "between 0 and 1"),
      0.2,
    )
    .option(
      "--limit <n>",
      "use a seeded sample of at most n examples of --data",
      num("--limit", isPositiveInt, "a positive integer"),
    )
    .option(
      "--rates <percent,…>",
      "poison rates in percent",
      list("--rates", (n) => n > 0 && n < 100, "percentages between 0 and 100"),
      DEFAULT_RATES.map((r) => r * 100),
    )
    .addOption(
      new Option(
        "--mode <mode>",
        "label-flip: random or targeted (default targeted when classes are given)",
      ).choices(["random", "targeted"]),
    )
    .option("--source-class <class>", "label-flip: class to relabel; backdoor: only poison this class")
    .option("--target-class <class>", "class the attacker wants (name or index)")
    .addOption(new Option("--trigger <kind>", "backdoor trigger").choices(["auto", "patch", "pattern"]))
    .option(
      "--patch-size <px>",
      "backdoor: side of the square patch",
      num("--patch-size", isPositiveInt, "a positive integer"),
    )
    .addOption(
      new Option("--corner <corner>", "backdoor: patch corner").choices([
        "bottom-right",
        "bottom-left",
        "top-right",
        "top-left",
      ]),
    )
    .option("--pattern <feature=value,…>", "backdoor: tabular trigger, e.g. age=99,income=0")
    .addOption(
      new Option("--placement <how>", "backdoor: add triggered copies or replace originals").choices([
        "add",
        "replace",
      ]),
    )
    .option(
      "--param <key=value>",
      "any other attack parameter (value as JSON or text; repeatable)",
      (v: string, p: string[]) => [...p, v],
      [],
    )
    .option(
      "--hidden <units,…>",
      "mlsa trainer: hidden layer widths (0 for softmax regression)",
      (v: string) => (v === "0" ? [] : list("--hidden", isPositiveInt, "positive integers")(v)),
    )
    .option("--epochs <n>", "mlsa trainer: epochs", num("--epochs", isPositiveInt, "a positive integer"))
    .option(
      "--batch-size <n>",
      "mlsa trainer: batch size",
      num("--batch-size", isPositiveInt, "a positive integer"),
    )
    .option(
      "--learning-rate <lr>",
      "mlsa trainer: Adam learning rate",
      num("--learning-rate", (n) => n > 0, "positive"),
    )
    .option("--hook <command>", 'train with your own command instead, e.g. "python train.py {data} {out}"')
    .addOption(
      new Option("--hook-format <format>", "data file format handed to the hook")
        .choices(["csv", "json"])
        .default("csv"),
    )
    .option(
      "--hook-timeout <seconds>",
      "longest one hook run may take",
      num("--hook-timeout", (n) => n > 0, "positive"),
      1800,
    )
    .option("--hook-shell", "run the hook through the system shell")
    .option("--hook-output <name>", "ONNX output holding the class scores (default the first)")
    .option("--keep-hook-files", "keep each hook run's temp folder (data and model)")
    .option("--label-column <name>", "CSV/JSON: label column (default label/class/target/y, else the last)")
    .option(
      "--image-shape <h,w[,c]>",
      "CSV/JSON: rows are flattened images of this shape",
      list("--image-shape", isPositiveInt, "positive integers"),
    )
    .option(
      "--seed <n>",
      "seed of the split, the poisoning and the training",
      num("--seed", Number.isInteger, "an integer"),
      1,
    )
    .option("--out <file>", "also write the run record as JSON")
    .option("--json", "print the run record as JSON")
    .action(async (opts: PoisonOpts) => {
      const outcome = await poisonFromCli(opts);
      if (opts.out) await writeFile(opts.out, `${JSON.stringify(outcome.run, null, 2)}\n`);
      if (opts.json) printJson(outcome.run);
      else printOutcome(outcome);
      if (outcome.run.state !== "succeeded") {
        throw new CliError(
          `run ${outcome.run.state}: ${outcome.run.error ?? ""}`,
          outcome.failure instanceof Invalid ? EXIT.invalid : 1,
        );
      }
    });
}

async function poisonFromCli(opts: PoisonOpts): Promise<PoisoningOutcome> {
  const loadOptions = {
    ...(opts.labelColumn ? { labelColumn: opts.labelColumn } : {}),
    ...(opts.imageShape ? { inputShape: opts.imageShape } : {}),
  };
  const loaded = await withCliErrors(() => loadTrainingData(opts.data, loadOptions));
  let train = loaded.data;
  if (opts.limit && opts.limit < train.x.length)
    train = splitDataset(train, { keep: opts.limit }, opts.seed).keep;
  const test = opts.test
    ? await withCliErrors(async () =>
        alignClasses(train, (await loadTrainingData(opts.test!, loadOptions)).data, opts.test!),
      )
    : undefined;
  const params = attackParams(opts, train);
  const trainer = makeTrainer(opts);
  const controller = new AbortController();
  const onSigint = () => controller.abort(new Error("interrupted"));
  process.once("SIGINT", onSigint);
  const progress = reporter(Boolean(opts.json));
  try {
    return await withCliErrors(() =>
      runPoisoning(opts.attack, {
        train,
        test,
        testFraction: opts.testFraction,
        params,
        rates: opts.rates.map((r) => r / 100),
        trainer,
        seed: opts.seed,
        dataDescription: opts.limit
          ? `${loaded.description} (${train.x.length}-example sample)`
          : loaded.description,
        signal: controller.signal,
        onProgress: progress.update,
      }),
    );
  } finally {
    progress.stop();
    process.removeListener("SIGINT", onSigint);
  }
}

function makeTrainer(opts: PoisonOpts): PoisonTrainer {
  if (opts.hook) {
    const trainerFlags = [opts.hidden, opts.epochs, opts.batchSize, opts.learningRate].some(
      (v) => v !== undefined,
    );
    if (trainerFlags)
      throw new CliError(
        "--hidden, --epochs, --batch-size and --learning-rate set mlsa's trainer; drop them with --hook",
      );
    return withCliErrors(() =>
      createHookTrainer(
        {
          command: opts.hook!,
          format: opts.hookFormat,
          timeoutMs: Math.round(opts.hookTimeout * 1000),
          shell: Boolean(opts.hookShell),
          keepFiles: Boolean(opts.keepHookFiles),
          ...(opts.hookOutput ? { outputName: opts.hookOutput } : {}),
        },
        { onOutput: opts.json ? undefined : (line) => process.stderr.write(style.dim(`  hook: ${line}\n`)) },
      ),
    );
  }
  return withCliErrors(() =>
    createMlsaTrainer({
      ...(opts.hidden ? { hidden: opts.hidden } : {}),
      ...(opts.epochs ? { epochs: opts.epochs } : {}),
      ...(opts.batchSize ? { batchSize: opts.batchSize } : {}),
      ...(opts.learningRate ? { learningRate: opts.learningRate } : {}),
    }),
  );
}

/** A class given by name (as in the data) or by index. */
export function classIndex(data: Dataset, value: string, flag: string): number {
  const byName = data.classNames?.indexOf(value) ?? -1;
  if (byName >= 0) return byName;
  const n = Number(value);
  if (Number.isInteger(n) && n >= 0 && n < data.numClasses) return n;
  const names = data.classNames ? data.classNames.join(", ") : `0–${data.numClasses - 1}`;
  throw new CliError(`${flag} "${value}" is not a class of the data (classes: ${names})`);
}

/** Attack parameters from the dedicated flags and --param pairs (flags win). */
function attackParams(opts: PoisonOpts, data: Dataset): Record<string, unknown> {
  const p: Record<string, unknown> = Object.fromEntries(opts.param.map(parseParam));
  if (opts.sourceClass !== undefined) p.sourceClass = classIndex(data, opts.sourceClass, "--source-class");
  if (opts.targetClass !== undefined) p.targetClass = classIndex(data, opts.targetClass, "--target-class");
  if (opts.attack === "label-flip") {
    if (opts.mode) p.mode = opts.mode;
    else if (p.sourceClass !== undefined || p.targetClass !== undefined) p.mode = "targeted";
  } else if (opts.mode) throw new CliError("--mode applies to label-flip only");
  const backdoorOnly = {
    trigger: opts.trigger,
    patchSize: opts.patchSize,
    corner: opts.corner,
    placement: opts.placement,
  };
  for (const [k, v] of Object.entries(backdoorOnly)) {
    if (v === undefined) continue;
    if (opts.attack !== "backdoor")
      throw new CliError(`--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} applies to backdoor only`);
    p[k] = v;
  }
  if (opts.pattern) {
    if (opts.attack !== "backdoor") throw new CliError("--pattern applies to backdoor only");
    p.pattern = opts.pattern.split(",").map((cell) => {
      const [feature, value] = cell.split("=").map((s) => s.trim());
      const v = Number(value);
      if (!feature || value === undefined || !Number.isFinite(v)) {
        throw new CliError(`--pattern expects feature=value pairs, got "${cell}"`);
      }
      return {
        feature: /^\d+$/.test(feature) && !data.featureNames?.includes(feature) ? Number(feature) : feature,
        value: v,
      };
    });
  }
  return p;
}

/** Progress on stderr: a bar on a terminal, one line per finished model otherwise, nothing with --json. */
function reporter(quiet: boolean) {
  if (quiet) return { update: () => undefined, stop: () => undefined };
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: "poison [{bar}] {percentage}% {message}", stream: process.stderr, hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    bar.start(100, 0, { message: "loading" });
    let running = true;
    return {
      update: (f: number, message: string) => bar.update(Math.round(f * 100), { message }),
      stop: () => {
        if (running) bar.stop();
        running = false;
      },
    };
  }
  return {
    // Epoch ticks are too chatty for logs; keep the per-model results.
    update: (f: number, message: string) => {
      if (!/epoch \d+\//.test(message)) process.stderr.write(`poison ${Math.round(f * 100)}% ${message}\n`);
    },
    stop: () => undefined,
  };
}

const pct = (v: number | undefined) => (v === undefined ? "—" : `${(v * 100).toFixed(1)}%`);

function printOutcome({ run, sweep }: PoisoningOutcome): void {
  const out = (line = "") => process.stdout.write(`${line}\n`);
  const state = run.state === "succeeded" ? style.green(run.state) : style.red(run.state);
  out(style.bold(`${run.attack}: ${run.target.description}`));
  out(`state: ${state}   seed: ${run.seed}   wall time: ${(run.wallTimeMs / 1000).toFixed(1)} s`);
  out(run.summary);
  if (run.error) out(style.red(`error: ${run.error}`));
  if (!sweep) return;
  const rows = [
    ["poison rate", "poisoned", "clean accuracy", "drop (points)", "attack success"],
    ["0 (baseline)", "0", pct(sweep.baseline.cleanAccuracy), "", pct(sweep.baseline.attackSuccessRate)],
    ...sweep.points.map((p) => [
      `${Number((p.rate * 100).toFixed(2))}%`,
      String(p.poisoned),
      pct(p.cleanAccuracy),
      (p.accuracyDrop * 100).toFixed(1),
      pct(p.attackSuccessRate),
    ]),
  ];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  rows.forEach((r, i) => {
    const line = r
      .map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)))
      .join("  ");
    out(i === 0 ? style.dim(line) : line);
  });
  if (sweep.probe)
    out(style.dim(`attack success measured on ${sweep.probe.size} ${sweep.probe.description}`));
}
