// `mlsa worker`: executes queued lab runs from the PostgreSQL job queue (DATABASE_URL), any number of
// processes side by side. SIGTERM / SIGINT interrupt runs in progress (recorded as failed) and exit.
import type { Command } from "commander";
import { labSettings, startQueueExecutor } from "../../server/lab/executor.js";
import { openStore } from "../../store/index.js";
import { CliError } from "../io.js";

interface WorkerOptions {
  concurrency?: string;
  dataDir?: string;
}

/** Register `mlsa worker`. */
export function registerWorker(program: Command): void {
  program
    .command("worker")
    .description(
      "Execute queued lab runs from the PostgreSQL job queue (requires DATABASE_URL). Run as many as you " +
        "like next to `mlsa serve --no-inline-jobs` instances; see docs/deploy.md.",
    )
    .option("--concurrency <n>", "runs executed at once by this process (default: MLSA_LAB_CONCURRENCY or 1)")
    .option("--data-dir <dir>", "where demo victims are cached (default: $MLSA_DATA_DIR or ./.mlsa)")
    .action(async (options: WorkerOptions) => {
      const url = process.env.DATABASE_URL;
      if (!url) {
        throw new CliError(
          "mlsa worker needs DATABASE_URL (PostgreSQL): with the embedded database, `mlsa serve` runs lab jobs itself",
        );
      }
      let concurrency: number | undefined;
      if (options.concurrency !== undefined) {
        concurrency = Number(options.concurrency);
        if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
          throw new CliError(`--concurrency: expected an integer from 1 to 64, got "${options.concurrency}"`);
        }
      }
      const log = (message: string) => process.stderr.write(`mlsa: worker: ${message}\n`);
      let settings: ReturnType<typeof labSettings>;
      try {
        settings = labSettings(process.env, {
          ...(concurrency ? { concurrency } : {}),
          ...(options.dataDir ? { dataDir: options.dataDir } : {}),
          log,
        });
      } catch (error) {
        throw new CliError((error as Error).message);
      }
      const store = await openStore({ databaseUrl: url }).catch((error: unknown) => {
        throw new CliError(`cannot open the database: ${(error as Error).message}`, 1);
      });
      const executor = await startQueueExecutor(store, url, settings, { work: true }).catch(
        async (error: unknown) => {
          await store.close();
          throw new CliError(`cannot start the job queue: ${(error as Error).message}`, 1);
        },
      );
      process.stderr.write(`mlsa: worker ready (pid ${process.pid}, concurrency ${settings.concurrency})\n`);
      await new Promise<void>((resolve) => {
        const stop = (signal: string) => {
          log(`${signal}: interrupting runs in progress, then exiting`);
          process.once(signal, () => process.exit(130));
          executor
            .close()
            .then(() => store.close())
            .then(resolve, (error: unknown) => {
              log(`error while stopping: ${(error as Error).message}`);
              process.exitCode = 1;
              resolve();
            });
        };
        process.once("SIGTERM", () => stop("SIGTERM"));
        process.once("SIGINT", () => stop("SIGINT"));
        // The queue stopping by itself (a fatal database error) ends the process with an error.
        executor.worker?.done.catch(async (error: unknown) => {
          log(`the job queue stopped: ${(error as Error).message}`);
          process.exitCode = 1;
          await executor.close().catch(() => {});
          await store.close().catch(() => {});
          resolve();
        });
      });
    });
}
