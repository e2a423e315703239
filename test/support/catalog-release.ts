// Test fixture: an older released catalog version (0.9.0: the current content with one option label
// worded differently), written by hand to a temporary releases folder and lock file.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CATALOG, catalogHash, findQuestion, type ReleaseFiles } from "../../src/catalog/index.js";
import type { Catalog } from "../../src/contracts/catalog.js";

export const OLD_VERSION = "0.9.0";
/** The question and option whose label differs in 0.9.0. */
export const OLD_QUESTION = "surface.inference.output_granularity";
export const OLD_OPTION = "full_probabilities";
export const OLD_LABEL = "Raw scores for every class (0.9.0 wording)";

/** The 0.9.0 catalog. */
export function oldCatalog(): Catalog {
  const old = structuredClone(CATALOG);
  old.version = OLD_VERSION;
  const option = findQuestion(old, OLD_QUESTION)?.options.find((o) => o.id === OLD_OPTION);
  if (!option) throw new Error(`${OLD_QUESTION} has no option ${OLD_OPTION}`);
  option.label = OLD_LABEL;
  return old;
}

/** A fresh temp folder with releases/0.9.0.json (plain JSON.stringify) and its hash in catalog.lock.json. */
export function writeOldRelease(): ReleaseFiles {
  const root = mkdtempSync(join(tmpdir(), "mlsa-releases-"));
  const files = { dir: join(root, "releases"), lockFile: join(root, "catalog.lock.json") };
  const old = oldCatalog();
  mkdirSync(files.dir);
  writeFileSync(join(files.dir, `${OLD_VERSION}.json`), JSON.stringify(old));
  writeFileSync(files.lockFile, JSON.stringify({ [OLD_VERSION]: catalogHash(old) }));
  return files;
}
