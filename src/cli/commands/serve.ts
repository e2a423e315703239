// `mlsa serve`: the web app and HTTP API on one port, over PGlite in a data folder or PostgreSQL
// (DATABASE_URL). SIGTERM / SIGINT finish in-flight requests (and their writes) before exiting.
import type { Command } from "commander";
import { startServer } from "../../server/index.js";
import { CliError } from "../io.js";

interface ServeOptions {
  port: string;
  host: string;
  dataDir?: string;
  logLevel: string;
  trustProxy?: boolean;
  inlineJobs: boolean;
}

/** Whether this server also executes lab runs: --no-inline-jobs or MLSA_INLINE_JOBS=0 turn it off. */
export function inlineJobsWanted(flag: boolean, env: NodeJS.ProcessEnv = process.env): boolean {
  const raw = (env.MLSA_INLINE_JOBS ?? "").trim().toLowerCase();
  if (raw !== "" && !["0", "1", "true", "false", "yes", "no"].includes(raw)) {
    throw new CliError(`MLSA_INLINE_JOBS: expected 1 or 0 (true/false), got "${env.MLSA_INLINE_JOBS}"`);
  }
  return flag && !["0", "false", "no"].includes(raw);
}

/** Register `mlsa serve`. */
export function registerServe(program: Command): void {
  program
    .command("serve")
    .description(
      "Serve the web app and the HTTP API (OpenAPI at /api/openapi.json). Data: PGlite in --data-dir, " +
        "or PostgreSQL when DATABASE_URL is set. MLSA_TRENDS_K raises the trends threshold (minimum 5).",
    )
    .option("--port <port>", "TCP port (0 picks a free one)", "3000")
    .option("--host <host>", "address to listen on", "127.0.0.1")
    .option(
      "--data-dir <dir>",
      "PGlite data folder (default: $MLSA_DATA_DIR or ./.mlsa); unused with DATABASE_URL",
    )
    .option("--log-level <level>", "request log level: info, warn, error or silent", "info")
    .option("--trust-proxy", "behind a reverse proxy: take the client address from X-Forwarded-For")
    .option(
      "--no-inline-jobs",
      "with DATABASE_URL: only queue lab runs, for `mlsa worker` processes to execute (env MLSA_INLINE_JOBS=0)",
    )
    .action(async (options: ServeOptions) => {
      const port = Number(options.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        throw new CliError(`--port: expected a port number 0..65535, got "${options.port}"`);
      }
      const levels = ["info", "warn", "error", "silent"];
      if (!levels.includes(options.logLevel)) {
        throw new CliError(`--log-level: expected one of ${levels.join(", ")}, got "${options.logLevel}"`);
      }
      const inlineJobs = inlineJobsWanted(options.inlineJobs);
      if (!inlineJobs && !process.env.DATABASE_URL) {
        throw new CliError(
          "--no-inline-jobs needs DATABASE_URL: with the embedded database only the server process can run lab jobs",
        );
      }
      const server = await startServer({
        host: options.host,
        port,
        ...(options.dataDir ? { dataDir: options.dataDir } : {}),
        logger: options.logLevel === "silent" ? false : { stream: process.stdout, level: options.logLevel },
        trustProxy: options.trustProxy === true,
        inlineJobs,
        labLog: (message) => process.stderr.write(`mlsa: lab: ${message}\n`),
      }).catch((error: unknown) => {
        throw new CliError(`cannot start the server: ${(error as Error).message}`, 1);
      });
      const jobs =
        server.store.db.kind === "pglite"
          ? "in this process"
          : inlineJobs
            ? "queue + this process"
            : "queue only";
      process.stderr.write(
        `mlsa: listening on ${server.url} (database: ${server.store.db.kind}; lab jobs: ${jobs})\n`,
      );
      await new Promise<void>((resolve) => {
        const stop = (signal: string) => {
          process.stderr.write(`mlsa: ${signal}: finishing in-flight requests, then closing the database\n`);
          process.once(signal, () => process.exit(130)); // a second signal does not wait
          server.close().then(resolve, (error: unknown) => {
            process.stderr.write(`mlsa: error while closing: ${(error as Error).message}\n`);
            process.exitCode = 1;
            resolve();
          });
        };
        process.once("SIGTERM", () => stop("SIGTERM"));
        process.once("SIGINT", () => stop("SIGINT"));
      });
    });
}
