// Releases the current catalog version (`npm run catalog:lock`): writes its content as a snapshot,
// src/catalog/releases/<version>.json, and its hash in catalog.lock.json. Refuses to change a version
// that is already released (bump CATALOG_VERSION instead); `-- --unreleased` overrides that for a
// version that was locked but never given to anyone.
import { CATALOG } from "../src/catalog/index.js";
import { CatalogReleaseError, defaultReleaseFiles, writeRelease } from "../src/catalog/releases.js";

try {
  const done = writeRelease(defaultReleaseFiles(), CATALOG, {
    unreleased: process.argv.includes("--unreleased"),
  });
  console.log(
    `catalog ${done.version}: ${done.hash} (${done.changed ? "written" : "unchanged"}: ${done.path})`,
  );
} catch (error) {
  if (!(error instanceof CatalogReleaseError)) throw error;
  console.error(error.message);
  process.exit(1);
}
