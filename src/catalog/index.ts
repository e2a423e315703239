// The question catalog: the three questionnaires, mitigations and contradiction rules assembled
// into one versioned, schema-checked Catalog, plus its content hash and the released versions.
import { Catalog } from "../contracts/catalog.js";
import { CONTRADICTIONS } from "./contradictions.js";
import { MITIGATIONS } from "./mitigations.js";
import {
  type CatalogReleases,
  compareVersions,
  defaultReleaseFiles,
  openReleases,
  type ReleaseFiles,
} from "./releases.js";
import { riskSections } from "./risk/index.js";
import { securitySections } from "./security/index.js";
import { surfaceSections } from "./surface/index.js";

/** Semantic version of the catalog; bump it (and run `npm run catalog:lock`) on any content change. */
export const CATALOG_VERSION = "1.0.0";

/** The current catalog, validated against the schema at load time. */
export const CATALOG: Catalog = Catalog.parse({
  version: CATALOG_VERSION,
  sections: [...riskSections, ...surfaceSections, ...securitySections],
  mitigations: MITIGATIONS,
  contradictions: CONTRADICTIONS,
});

let releases: CatalogReleases = openReleases(defaultReleaseFiles());

/**
 * Read released versions from other files (tests, tools); without an argument, back to the
 * repository's `src/catalog/releases/` and `catalog.lock.json`. Drops what was cached.
 */
export function setCatalogReleases(files: ReleaseFiles = defaultReleaseFiles()): void {
  releases = openReleases(files);
}

/** Catalog versions this build can score, oldest first: every released version and the current one. */
export function listCatalogVersions(): string[] {
  return [...new Set([...releases.versions(), CATALOG_VERSION])].sort(compareVersions);
}

/**
 * The catalog of a version: the current one, or a released one loaded from its snapshot (once,
 * then cached). Undefined when this build does not know the version — callers report that as an
 * unknown version. Throws CatalogReleaseError when the version is released but its snapshot is
 * missing or does not match its locked hash: a broken installation, not a bad request.
 */
export function getCatalog(version: string): Catalog | undefined {
  return version === CATALOG_VERSION ? CATALOG : releases.get(version);
}

export { canonicalJson, catalogHash } from "./hash.js";
export * from "./model.js";
export { CatalogReleaseError, type ReleaseFiles } from "./releases.js";
