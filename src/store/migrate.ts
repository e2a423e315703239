// Applies the plain SQL migrations in src/store/migrations (NNN_name.sql, in name order) and records
// them in mlsa_migration. Safe when several servers start at once: a transaction-scoped advisory
// lock serialises them, and the table is read only after the lock is held.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Db } from "./db.js";

/** An arbitrary constant shared by every mlsa process ("mlsa" in ASCII). */
const MIGRATION_LOCK = 0x6d6c7361;

/** A migration file: its name (e.g. 001_init) and SQL. */
export interface Migration {
  name: string;
  sql: string;
}

/** The folder with the .sql files, whether we run from src (tsx) or from a tsc build in dist. */
export function migrationsDir(): string {
  const beside = fileURLToPath(new URL("./migrations/", import.meta.url));
  if (existsSync(beside)) return beside;
  return fileURLToPath(new URL("../../src/store/migrations/", import.meta.url));
}

/** Every migration in name order. */
export function loadMigrations(dir = migrationsDir()): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((f) => ({ name: f.replace(/\.sql$/, ""), sql: readFileSync(`${dir}/${f}`, "utf8") }));
}

/** Apply the pending migrations in one transaction; returns the names applied now. */
export async function migrate(db: Db, migrations: Migration[] = loadMigrations()): Promise<string[]> {
  return db.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK]);
    await tx.exec(
      "CREATE TABLE IF NOT EXISTS mlsa_migration (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())",
    );
    const done = new Set(
      (await tx.query<{ name: string }>("SELECT name FROM mlsa_migration")).map((r) => r.name),
    );
    const applied: string[] = [];
    for (const m of migrations) {
      if (done.has(m.name)) continue;
      await tx.exec(m.sql);
      await tx.query("INSERT INTO mlsa_migration (name) VALUES ($1)", [m.name]);
      applied.push(m.name);
    }
    return applied;
  });
}
