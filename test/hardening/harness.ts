// Shared by the hardening tests and bench/load.ts: the real `mlsa serve` as a child process, a
// throwaway PostgreSQL instance of our own (initdb + pg_ctl in a temp folder), and a full dump.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { chownSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A running `mlsa serve` child process. */
export interface ServerProcess {
  child: ChildProcess;
  url: string;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  /** Everything the server wrote to stdout (request logs) and stderr so far. */
  output: () => string;
  /** SIGKILL and wait for the process to be gone. */
  kill: () => Promise<void>;
}

/**
 * Start `node bin/mlsa.js serve --port 0 …` and wait for "listening on". `env.DATABASE_URL` picks
 * PostgreSQL; pass `--data-dir` in args for PGlite.
 */
export function spawnServer(args: string[], env: NodeJS.ProcessEnv = {}): Promise<ServerProcess> {
  const child = spawn(process.execPath, ["bin/mlsa.js", "serve", "--port", "0", ...args], {
    env: { ...process.env, DATABASE_URL: "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout?.on("data", (chunk) => {
    out += String(chunk);
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`server did not start within 60 s: ${out}`));
    }, 60_000);
    child.stderr?.on("data", (chunk) => {
      out += String(chunk);
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve({
          child,
          url: m[1],
          exited,
          output: () => out,
          kill: async () => {
            child.kill("SIGKILL");
            await exited;
          },
        });
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}: ${out}`));
    });
  });
}

/** A free TCP port on 127.0.0.1 (free when asked; fine for tests on one machine). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const address = s.address();
      const port = typeof address === "object" && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

const PG_BIN = "/usr/lib/postgresql/15/bin";

/** Our own PostgreSQL server, so stopping it disturbs no other test. */
export interface ThrowawayPostgres {
  url: string;
  port: number;
  /** Start (again) and wait until it accepts connections. */
  start: () => void;
  /** Stop: "immediate" is a crash (recovery from WAL on the next start), "fast" a clean stop. */
  stop: (mode?: "immediate" | "fast") => void;
  /** Stop and delete its folder. */
  destroy: () => void;
}

/**
 * initdb a new cluster in a temp folder and start it on a free port on 127.0.0.1 (trust auth, fsync
 * on). PostgreSQL refuses to run as root, so when we are root it runs as the postgres user.
 */
export async function startThrowawayPostgres(): Promise<ThrowawayPostgres> {
  const root = mkdtempSync(join(tmpdir(), "mlsa-pg-"));
  const data = join(root, "data");
  mkdirSync(data);
  const asRoot = process.getuid?.() === 0;
  const pgUser = asRoot
    ? {
        uid: Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" })),
        gid: Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" })),
      }
    : undefined;
  if (pgUser) {
    chownSync(root, pgUser.uid, pgUser.gid);
    chownSync(data, pgUser.uid, pgUser.gid);
  }
  const run = (bin: string, args: string[]) =>
    execFileSync(
      asRoot ? "runuser" : join(PG_BIN, bin),
      asRoot ? ["-u", "postgres", "--", join(PG_BIN, bin), ...args] : args,
      { stdio: "pipe", cwd: root, timeout: 60_000 },
    );
  run("initdb", ["-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync"]);
  const port = await freePort();
  const options = `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=on -c max_connections=60`;
  const start = () => {
    run("pg_ctl", ["-D", data, "-l", join(root, "log"), "-o", options, "-w", "-t", "60", "start"]);
  };
  const stop = (mode: "immediate" | "fast" = "fast") => {
    run("pg_ctl", ["-D", data, "-m", mode, "-w", "-t", "60", "stop"]);
  };
  start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    start,
    stop,
    destroy: () => {
      try {
        stop("immediate");
      } catch {
        // already stopped
      }
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Anything with a query method (a Db, a pg client wrapper). */
export interface Queryable {
  query: <T extends Record<string, unknown>>(sql: string, params?: never[]) => Promise<T[]>;
}

/**
 * Every row of every table in the public schema, each table in a stable order, as one string.
 * Two dumps are equal exactly when no row was added, removed or changed.
 */
export async function dumpDatabase(db: Queryable): Promise<string> {
  const tables = await db.query<{ name: string }>(
    "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1",
  );
  const parts: string[] = [];
  for (const { name } of tables) {
    const rows = await db.query<{ r: string }>(`SELECT to_jsonb(t)::text AS r FROM "${name}" t ORDER BY 1`);
    parts.push(`## ${name} (${rows.length})`, ...rows.map((row) => row.r));
  }
  return parts.join("\n");
}
