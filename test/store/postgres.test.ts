// The shared store suite on a real PostgreSQL (a fresh database per store, dropped afterwards),
// plus what only a server database can show: concurrent migrations from two processes' pools.
import { describe, expect, it } from "vitest";
import { loadMigrations, migrate } from "../../src/store/migrate.js";
import { openPostgres } from "../../src/store/postgres.js";
import { createTestDatabase, migratedPostgres } from "../support/postgres.js";
import { storeSuite } from "./suite.js";
import { trendsSuite } from "./trends-suite.js";

storeSuite("PostgreSQL", migratedPostgres);
trendsSuite("PostgreSQL", migratedPostgres);

describe("migrations on PostgreSQL", () => {
  it("are applied exactly once when several servers start at the same time", async () => {
    const { url, drop } = await createTestDatabase();
    const dbs = Array.from({ length: 4 }, () => openPostgres(url, { max: 2 }));
    try {
      const applied = await Promise.all(dbs.map((db) => migrate(db)));
      const names = loadMigrations().map((m) => m.name);
      expect(applied.flat()).toEqual(names);
      const rows = await dbs[0]?.query<{ n: number }>("SELECT count(*) AS n FROM mlsa_migration");
      expect(rows?.[0]?.n).toBe(names.length);
    } finally {
      for (const db of dbs) await db.close();
      await drop();
    }
  });
});
