// The embedded driver: PGlite (PostgreSQL compiled to WASM) in a data folder, or in memory for tests.
// Durability: see docs/architecture.md ("An acknowledged answer survives SIGKILL").
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { Conflict } from "../contracts/errors.js";
import type { Db, Row, SqlParam, Tx } from "./db.js";

/** Where and how to open PGlite. */
export interface PgliteOptions {
  /** Data folder; omitted means in memory (tests, benchmarks). */
  dataDir?: string;
  /** A tarball from `dumpDataDir` to start from (tests clone a migrated template this way). */
  loadDataDir?: Blob;
}

const INT8 = 20;
const NUMERIC = 1700;

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
};

/**
 * One process per data folder: PGlite runs PostgreSQL in single-user mode, so two processes on one
 * folder would corrupt it. A lock file holds the owner's pid; a lock left by a dead process (e.g.
 * after SIGKILL) is taken over. Returns the release function.
 */
export function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, "mlsa.lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const pid = Number(readFileSync(file, "utf8"));
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) {
        throw new Conflict(
          `data folder ${dataDir} is in use by process ${pid}; stop it or use another --data-dir`,
        );
      }
      rmSync(file, { force: true });
    }
  }
  throw new Conflict(`cannot lock data folder ${dataDir}`);
}

/** Open PGlite and wrap it as a Db. */
export async function openPglite(options: PgliteOptions = {}): Promise<Db & { dump(): Promise<Blob> }> {
  const release = options.dataDir ? lockDataDir(options.dataDir) : () => {};
  const pg = await PGlite.create({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    // Never hand back a result before the file system has it: with the Node file system every write
    // already goes straight to the OS, and this keeps it so if PGlite's default ever changes.
    relaxedDurability: false,
    parsers: { [INT8]: (v: string) => Number(v), [NUMERIC]: (v: string) => Number(v) },
  }).catch((error: unknown) => {
    release();
    throw error;
  });
  const run = async <T extends Row>(
    q: { query: PGlite["query"] },
    sql: string,
    params?: readonly SqlParam[],
  ): Promise<T[]> => (await q.query<T>(sql, params ? [...params] : undefined)).rows;
  return {
    kind: "pglite",
    query: (sql, params) => run(pg, sql, params),
    exec: async (sql) => {
      await pg.exec(sql);
    },
    transaction: (fn) =>
      pg.transaction((t) => {
        const tx: Tx = {
          query: (sql, params) => run(t, sql, params),
          exec: async (sql) => {
            await t.exec(sql);
          },
        };
        return fn(tx);
      }),
    close: async () => {
      await pg.close();
      release();
    },
    dump: () => pg.dumpDataDir("none"),
  };
}
