// The PostgreSQL driver (node-postgres pool), used when DATABASE_URL is set. int8 and numeric come
// back as JavaScript numbers, as on PGlite (our counts stay far below 2^53).
import pg from "pg";
import type { Db, Row, SqlParam, Tx } from "./db.js";

const INT8 = 20;
const NUMERIC = 1700;

const types = {
  getTypeParser: ((oid: number, format?: "text" | "binary") => {
    if (oid === INT8 || oid === NUMERIC) return (v: string) => Number(v);
    return format === "binary" ? pg.types.getTypeParser(oid, "binary") : pg.types.getTypeParser(oid, "text");
  }) as typeof pg.types.getTypeParser,
};

/** Open a connection pool to PostgreSQL and wrap it as a Db. */
export function openPostgres(connectionString: string, options: { max?: number } = {}): Db {
  const pool = new pg.Pool({ connectionString, max: options.max ?? 10, types });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on("error", () => {});
  const run = async <T extends Row>(
    client: pg.Pool | pg.PoolClient,
    sql: string,
    params?: readonly SqlParam[],
  ): Promise<T[]> => (await client.query(sql, params ? [...params] : undefined)).rows as T[];
  return {
    kind: "postgres",
    query: (sql, params) => run(pool, sql, params),
    exec: async (sql) => {
      await pool.query(sql);
    },
    transaction: async (fn) => {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const tx: Tx = {
          query: (sql, params) => run(client, sql, params),
          exec: async (sql) => {
            await client.query(sql);
          },
        };
        const result = await fn(tx);
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
