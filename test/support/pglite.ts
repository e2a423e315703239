// Fast PGlite databases for tests: initdb + migrations run once and are cached as a tarball (keyed
// by the migrations and the PGlite version); every test database is a clone of it (<1 s, not ~5 s).
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { Db } from "../../src/store/db.js";
import { loadMigrations, migrate } from "../../src/store/migrate.js";
import { openPglite } from "../../src/store/pglite.js";

const pgliteVersion = (
  JSON.parse(readFileSync(join(process.cwd(), "node_modules/@electric-sql/pglite/package.json"), "utf8")) as {
    version: string;
  }
).version;

let template: Promise<Uint8Array<ArrayBuffer>> | undefined;

async function buildTemplate(): Promise<Uint8Array<ArrayBuffer>> {
  const key = createHash("sha256")
    .update(pgliteVersion)
    .update(JSON.stringify(loadMigrations()))
    .digest("hex")
    .slice(0, 16);
  const dir = join(process.cwd(), "node_modules", ".cache", "mlsa-test");
  const file = join(dir, `pglite-${key}.tar`);
  if (existsSync(file)) return new Uint8Array(readFileSync(file));
  const db = await openPglite();
  await migrate(db);
  const bytes = new Uint8Array(await (await db.dump()).arrayBuffer());
  await db.close();
  mkdirSync(dir, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, bytes);
  renameSync(tmp, file);
  return bytes;
}

/** The migrated template as a tarball. */
export function pgliteTemplate(): Promise<Uint8Array<ArrayBuffer>> {
  template ??= buildTemplate();
  return template;
}

/** A fresh, migrated in-memory PGlite database. */
export async function freshPglite(): Promise<Db & { dump(): Promise<Blob> }> {
  return openPglite({ loadDataDir: new Blob([await pgliteTemplate()]) });
}

/** Fill an empty data folder with the migrated template (so a server started on it skips initdb). */
export async function seedDataDir(dataDir: string): Promise<void> {
  const pg = await PGlite.create({ dataDir, loadDataDir: new Blob([await pgliteTemplate()]) });
  await pg.close();
}
