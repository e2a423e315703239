// The embedded driver: PGlite (PostgreSQL compiled to WASM) in a data folder, or in memory for tests.
// Durability: see docs/architecture.md ("An acknowledged answer survives SIGKILL").
import { PGlite } from "@electric-sql/pglite";
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

/** Open PGlite and wrap it as a Db. */
export async function openPglite(options: PgliteOptions = {}): Promise<Db & { dump(): Promise<Blob> }> {
  const pg = await PGlite.create({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    // Never hand back a result before the file system has it: with the Node file system every write
    // already goes straight to the OS, and this keeps it so if PGlite's default ever changes.
    relaxedDurability: false,
    parsers: { [INT8]: (v: string) => Number(v), [NUMERIC]: (v: string) => Number(v) },
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
    close: () => pg.close(),
    dump: () => pg.dumpDataDir("none"),
  };
}
