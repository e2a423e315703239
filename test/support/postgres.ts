// A real PostgreSQL for tests: a fresh, uniquely named database per suite, dropped afterwards.
// If PostgreSQL cannot be reached the suite fails loudly; it is never skipped.
import { randomBytes } from "node:crypto";
import pg from "pg";
import type { Db } from "../../src/store/db.js";
import { migrate } from "../../src/store/migrate.js";
import { openPostgres } from "../../src/store/postgres.js";

/** The server the tests use (scripts/test.sh starts the Debian PostgreSQL 15 cluster). */
export const TEST_PG_URL =
  process.env.MLSA_TEST_PG_URL ?? "postgres://postgres:postgres@127.0.0.1:5432/postgres";

/** Create an empty database; returns its URL and a function that drops it. */
export async function createTestDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = new pg.Client({ connectionString: TEST_PG_URL, connectionTimeoutMillis: 5000 });
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL is required for these tests and is not reachable at ${TEST_PG_URL.replace(/:[^:@/]*@/, ":***@")}: ` +
        `${(error as Error).message}. Start it with scripts/ensure-system.sh (or set MLSA_TEST_PG_URL).`,
    );
  }
  const name = `mlsa_test_${randomBytes(6).toString("hex")}`;
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(TEST_PG_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: TEST_PG_URL });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

/** A fresh database with the migrations applied (and its URL, for more connections), and a cleanup
 * that closes it and drops it. */
export async function migratedPostgres(): Promise<{ db: Db; url: string; cleanup: () => Promise<void> }> {
  const { url, drop } = await createTestDatabase();
  const db = openPostgres(url);
  await migrate(db);
  return {
    db,
    url,
    cleanup: async () => {
      await db.close();
      await drop();
    },
  };
}
