// The PostgreSQL driver (node-postgres pool), used when DATABASE_URL is set. int8 and numeric come
// back as JavaScript numbers, as on PGlite (our counts stay far below 2^53). A lost or refused
// connection becomes DatabaseUnavailable within a bounded time; the pool reconnects by itself.
import pg from "pg";
import type { Db, Row, SqlParam, Tx } from "./db.js";
import { asUnavailable } from "./unavailable.js";

const INT8 = 20;
const NUMERIC = 1700;

/** How long to wait for a connection (new, or a free one from the pool) before giving up. */
export const CONNECT_TIMEOUT_MS = 1500;

const types = {
  getTypeParser: ((oid: number, format?: "text" | "binary") => {
    if (oid === INT8 || oid === NUMERIC) return (v: string) => Number(v);
    return format === "binary" ? pg.types.getTypeParser(oid, "binary") : pg.types.getTypeParser(oid, "text");
  }) as typeof pg.types.getTypeParser,
};

/** Open a connection pool to PostgreSQL and wrap it as a Db. */
export function openPostgres(connectionString: string, options: { max?: number } = {}): Db {
  const pool = new pg.Pool({
    connectionString,
    max: options.max ?? 10,
    types,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    keepAlive: true,
  });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on("error", () => {});
  const run = async <T extends Row>(
    client: pg.Pool | pg.PoolClient,
    sql: string,
    params?: readonly SqlParam[],
  ): Promise<T[]> => {
    try {
      return (await client.query(sql, params ? [...params] : undefined)).rows as T[];
    } catch (error) {
      throw asUnavailable(error);
    }
  };
  return {
    kind: "postgres",
    query: (sql, params) => run(pool, sql, params),
    exec: async (sql) => {
      await run(pool, sql);
    },
    transaction: async (fn) => {
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (error) {
        throw asUnavailable(error);
      }
      // A checked-out client whose connection dies emits "error"; without a listener that would
      // crash the process. The failing query rejects on its own; the client is then discarded.
      let broken: Error | undefined;
      const onError = (error: Error) => {
        broken = error;
      };
      client.on("error", onError);
      try {
        await run(client, "BEGIN");
        const tx: Tx = {
          query: (sql, params) => run(client, sql, params),
          exec: async (sql) => {
            await run(client, sql);
          },
        };
        const result = await fn(tx);
        await run(client, "COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch((e: unknown) => {
          broken ??= e as Error;
        });
        throw asUnavailable(error);
      } finally {
        client.off("error", onError);
        client.release(broken);
      }
    },
    close: () => pool.end(),
  };
}
