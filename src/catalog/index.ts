// The question catalog: the three questionnaires, mitigations and contradiction rules assembled
// into one versioned, schema-checked Catalog, plus its content hash.
import { createHash } from "node:crypto";
import { Catalog } from "../contracts/catalog.js";
import { CONTRADICTIONS } from "./contradictions.js";
import { MITIGATIONS } from "./mitigations.js";
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

/** Catalog versions this build can score. */
export const CATALOG_VERSIONS: string[] = [CATALOG_VERSION];

/** The catalog of a given version, or undefined when this build does not know it. */
export function getCatalog(version: string): Catalog | undefined {
  return version === CATALOG_VERSION ? CATALOG : undefined;
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** SHA-256 of the catalog's canonical JSON (key order independent). */
export function catalogHash(catalog: Catalog): string {
  return `sha256:${createHash("sha256").update(canonical(catalog)).digest("hex")}`;
}

export * from "./model.js";
