// `mlsa demo …`: list, train, export (ONNX, labelled inputs) and serve the built-in demo victims
// (offline black-box targets).
import { writeFileSync } from "node:fs";
import { type Command, Option } from "commander";
import { stringify as stringifyYaml } from "yaml";
import { Invalid } from "../../contracts/errors.js";
import { OUTPUT_KINDS, type OutputKind } from "../../contracts/lab.js";
import { type DemoServer, startDemoServer } from "../../targets/demo-server.js";
import {
  DEFAULT_VICTIM_SEED,
  loadVictim,
  resolveDataDir,
  VICTIM_NAMES,
  VICTIMS,
  type VictimName,
} from "../../targets/victims/index.js";
import { CliError, printJson, style } from "../io.js";

const victimOption = () => new Option("--victim <name>", "demo victim").choices([...VICTIM_NAMES]);
const integer = (name: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new CliError(`${name} must be a non-negative integer, got "${value}"`);
  return n;
};

/** Training progress on stderr (one rewritten line on a TTY). */
function progress(name: string) {
  return (p: { epoch: number; epochs: number; loss: number }) => {
    const line = `training ${name}: epoch ${p.epoch}/${p.epochs}, loss ${p.loss.toFixed(4)}`;
    process.stderr.write(process.stderr.isTTY ? `\r${line}` : `${line}\n`);
    if (process.stderr.isTTY && p.epoch === p.epochs) process.stderr.write("\n");
  };
}

const EXPORT_SPLITS = ["test", "train", "rest"] as const;
type ExportSplit = (typeof EXPORT_SPLITS)[number];

/** A split as `--data` reads it: [{x, y}], values at float32 precision without float noise. */
export function exportRows(
  data: { x: readonly Float32Array[]; y: readonly number[] },
  count?: number,
): Array<{ x: number[]; y: number }> {
  return data.x
    .slice(0, count ?? data.x.length)
    .map((x, i) => ({ x: Array.from(x, (v) => Number(v.toPrecision(9))), y: data.y[i]! }));
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

/** Options of {@link serveDemo}. */
export interface ServeDemoOptions {
  victim: VictimName;
  output: OutputKind;
  topK?: number;
  port?: number;
  host?: string;
  dataDir?: string;
  seed?: number;
  rateLimit?: number;
}

/** Start the demo server for the CLI and print where it listens and how to target it. */
export async function serveDemo(opts: ServeDemoOptions): Promise<DemoServer> {
  if (opts.output !== "topk" && opts.topK !== undefined)
    throw new CliError("--top-k only applies to --output topk");
  const server = await startDemoServer({
    victim: opts.victim,
    output: opts.output,
    topK: opts.topK,
    port: opts.port ?? 8731,
    host: opts.host ?? "127.0.0.1",
    dataDir: opts.dataDir,
    seed: opts.seed,
    ...(opts.rateLimit ? { rateLimit: { perSecond: opts.rateLimit } } : {}),
    onTrainProgress: progress(opts.victim),
  });
  const m = server.victim.metrics;
  process.stdout.write(
    `${style.bold(`demo victim ${server.victim.name}`)} (${opts.output}${opts.output === "topk" ? ` k=${server.targetConfig.topK}` : ""}, ` +
      `test accuracy ${pct(m.testAccuracy)}) listening on ${style.cyan(server.url)}\n` +
      `  POST ${server.url}/predict  {"input": [...]} or {"inputs": [[...], ...]}\n` +
      `  GET  ${server.url}/info     shape, bounds, classes and a ready HTTP target config\n`,
  );
  return server;
}

/** Register `demo list|train|export-onnx|export-data|serve`. */
export function registerDemo(program: Command): void {
  const demo = program
    .command("demo")
    .description("built-in demo victims: models trained on bundled data, served offline");

  demo
    .command("list")
    .description("list the demo victims and, for those already trained, their measured accuracy")
    .option("--data-dir <dir>", "data folder (default MLSA_DATA_DIR or ./.mlsa)")
    .option("--json", "print JSON")
    .action((opts: { dataDir?: string; json?: boolean }) => {
      const rows = VICTIM_NAMES.map((name) => ({
        name,
        summary: VICTIMS[name].summary,
        version: VICTIMS[name].version,
      }));
      if (opts.json) printJson({ dataDir: resolveDataDir(opts.dataDir), victims: rows });
      else for (const r of rows) process.stdout.write(`${style.bold(r.name.padEnd(20))} ${r.summary}\n`);
    });

  demo
    .command("train")
    .description("train (or load from cache) demo victims and print their accuracy and training time")
    .addOption(victimOption())
    .option("--seed <n>", "training seed", integer("--seed"), DEFAULT_VICTIM_SEED)
    .option("--data-dir <dir>", "data folder (default MLSA_DATA_DIR or ./.mlsa)")
    .option("--retrain", "ignore the cache and train again")
    .option("--json", "print JSON")
    .action(
      async (opts: {
        victim?: VictimName;
        seed: number;
        dataDir?: string;
        retrain?: boolean;
        json?: boolean;
      }) => {
        const names = opts.victim ? [opts.victim] : [...VICTIM_NAMES];
        const out = [];
        for (const name of names) {
          const v = await loadVictim(name, {
            seed: opts.seed,
            dataDir: opts.dataDir,
            retrain: opts.retrain,
            onProgress: opts.json ? undefined : progress(name),
          });
          out.push({ name, seed: v.seed, fromCache: v.fromCache, cachePath: v.cachePath, ...v.metrics });
          if (!opts.json) {
            process.stdout.write(
              `${style.bold(name.padEnd(20))} train ${pct(v.metrics.trainAccuracy)}, test ${pct(v.metrics.testAccuracy)}, ` +
                `trained in ${(v.metrics.trainMs / 1000).toFixed(1)} s (${v.metrics.epochsRun} epochs)${v.fromCache ? style.dim(" [cached]") : ""}\n`,
            );
          }
        }
        if (opts.json) printJson(out);
      },
    );

  demo
    .command("export-onnx")
    .description("write a demo victim as an ONNX file (for the ONNX target or other tools)")
    .addOption(victimOption().makeOptionMandatory())
    .requiredOption("--out <path>", "file to write")
    .option("--logits", "leave out the final softmax (output raw logits)")
    .option("--seed <n>", "training seed", integer("--seed"), DEFAULT_VICTIM_SEED)
    .option("--data-dir <dir>", "data folder (default MLSA_DATA_DIR or ./.mlsa)")
    .action(
      async (opts: { victim: VictimName; out: string; logits?: boolean; seed: number; dataDir?: string }) => {
        const v = await loadVictim(opts.victim, {
          seed: opts.seed,
          dataDir: opts.dataDir,
          onProgress: progress(opts.victim),
        });
        await v.exportOnnx(opts.out, { softmax: !opts.logits });
        process.stdout.write(
          `wrote ${opts.out} (input [batch, ${v.weights.layers[0]!.inputs}], ${opts.logits ? "logits" : "probs"})\n`,
        );
      },
    );

  demo
    .command("export-data")
    .description(
      "write labelled inputs of a demo victim as JSON [{x, y}], for `mlsa lab run --data` against its HTTP API",
    )
    .addOption(victimOption().makeOptionMandatory())
    .requiredOption("--out <path>", "file to write (.json)")
    .addOption(
      new Option("--split <name>", "which data: test (held out, not trained on), train (members) or rest")
        .choices([...EXPORT_SPLITS])
        .default("test"),
    )
    .option("--count <n>", "only the first n inputs (default: all)", integer("--count"))
    .option("--seed <n>", "training seed", integer("--seed"), DEFAULT_VICTIM_SEED)
    .option("--data-dir <dir>", "data folder (default MLSA_DATA_DIR or ./.mlsa)")
    .action(
      async (opts: {
        victim: VictimName;
        out: string;
        split: ExportSplit;
        count?: number;
        seed: number;
        dataDir?: string;
      }) => {
        const v = await loadVictim(opts.victim, {
          seed: opts.seed,
          dataDir: opts.dataDir,
          onProgress: progress(opts.victim),
        });
        const rows = exportRows(v.splits[opts.split], opts.count);
        writeFileSync(opts.out, `${JSON.stringify(rows)}\n`);
        process.stdout.write(
          `wrote ${opts.out}: ${rows.length} labelled ${opts.split} inputs of ${opts.victim} (use with --data)\n`,
        );
      },
    );

  demo
    .command("serve")
    .description("serve a demo victim as an HTTP prediction API (POST /predict, GET /info) until Ctrl-C")
    .addOption(victimOption().makeOptionMandatory())
    .addOption(
      new Option("--output <kind>", "what the API reveals").choices([...OUTPUT_KINDS]).default("label"),
    )
    .option("--top-k <k>", "classes returned with --output topk (default 3)", integer("--top-k"))
    .option("--port <port>", "port (default 8731; 0 picks a free one)", integer("--port"))
    .option("--host <host>", "interface to bind", "127.0.0.1")
    .option("--seed <n>", "training seed", integer("--seed"), DEFAULT_VICTIM_SEED)
    .option(
      "--rate-limit <perSecond>",
      "answer 429 above this many requests per second",
      integer("--rate-limit"),
    )
    .option("--data-dir <dir>", "data folder (default MLSA_DATA_DIR or ./.mlsa)")
    .option(
      "--write-target <file>",
      "once listening, write the HTTP target config for `mlsa lab --target` to this file (.json or .yaml)",
    )
    .action(async (opts: ServeDemoOptions & { writeTarget?: string }) => {
      let server: DemoServer;
      try {
        server = await serveDemo(opts);
      } catch (error) {
        if (error instanceof Invalid) throw new CliError(error.message);
        if ((error as NodeJS.ErrnoException).code === "EADDRINUSE") {
          throw new CliError(`port ${opts.port ?? 8731} is in use: pick another with --port`);
        }
        throw error;
      }
      if (opts.writeTarget) {
        const config = server.targetConfig;
        writeFileSync(
          opts.writeTarget,
          /\.ya?ml$/.test(opts.writeTarget) ? stringifyYaml(config) : `${JSON.stringify(config, null, 2)}\n`,
        );
        process.stdout.write(`  target config written to ${opts.writeTarget}\n`);
      }
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off("SIGINT", stop);
          process.off("SIGTERM", stop);
          resolve();
        };
        process.on("SIGINT", stop);
        process.on("SIGTERM", stop);
      });
      await server.close();
    });
}
