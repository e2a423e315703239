// Records the current catalog version's content hash in catalog.lock.json (`npm run catalog:lock`).
// Refuses to change the hash of a version that is already locked: bump CATALOG_VERSION instead.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { CATALOG, CATALOG_VERSION, catalogHash } from "../src/catalog/index.js";

const path = new URL("../catalog.lock.json", import.meta.url);
const lock: Record<string, string> = existsSync(path) ? JSON.parse(readFileSync(path, "utf8")) : {};
const hash = catalogHash(CATALOG);
const force = process.argv.includes("--unreleased");
if (lock[CATALOG_VERSION] && lock[CATALOG_VERSION] !== hash && !force) {
  console.error(`catalog ${CATALOG_VERSION} is released with ${lock[CATALOG_VERSION]}; bump CATALOG_VERSION`);
  process.exit(1);
}
lock[CATALOG_VERSION] = hash;
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`catalog ${CATALOG_VERSION}: ${hash}`);
