// An answer file pinned to an older released catalog version, end to end in-process: `mlsa score`,
// `mlsa report` and `mlsa catalog --catalog-version` read the version from its snapshot (a temporary
// releases folder), and a tampered snapshot or an unknown version is refused.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import {
  OLD_LABEL,
  OLD_OPTION,
  OLD_QUESTION,
  OLD_VERSION,
  oldCatalog,
  writeOldRelease,
} from "../../../test/support/catalog-release.js";
import {
  CATALOG_VERSION,
  CatalogReleaseError,
  catalogHash,
  setCatalogReleases,
} from "../../catalog/index.js";
import { snapshotPath } from "../../catalog/releases.js";
import type { Catalog } from "../../contracts/catalog.js";
import type { RiskPicture } from "../../contracts/result.js";
import { EXIT } from "../io.js";
import { registerCatalog } from "./catalog.js";
import { runCli } from "./cli-harness.js";
import { registerReport } from "./report.js";
import { registerScore } from "./score.js";

const dir = mkdtempSync(join(tmpdir(), "mlsa-versions-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => setCatalogReleases());

/** An answer file for `version` choosing the option whose label differs in 0.9.0. */
function answerFile(version: string): string {
  const path = join(dir, `answers-${version}.yaml`);
  writeFileSync(
    path,
    `format: mlsa-answers/1\ncatalog: ${version}\nanswers:\n  ${OLD_QUESTION}: ${OLD_OPTION}\n`,
  );
  return path;
}

describe("an answer file for an older catalog version", () => {
  it("is scored with that version by `mlsa score`", async () => {
    setCatalogReleases(writeOldRelease());
    const old = await runCli(registerScore, ["score", answerFile(OLD_VERSION), "--json"]);
    expect(old.code, old.message).toBe(0);
    const picture = JSON.parse(old.out) as RiskPicture;
    expect(picture.catalogVersion).toBe(OLD_VERSION);
    expect(old.out).toContain(OLD_LABEL);

    const current = await runCli(registerScore, ["score", answerFile(CATALOG_VERSION), "--json"]);
    expect((JSON.parse(current.out) as RiskPicture).catalogVersion).toBe(CATALOG_VERSION);
    expect(current.out).not.toContain(OLD_LABEL);
  });

  it("is reported with that version's hash by `mlsa report`", async () => {
    setCatalogReleases(writeOldRelease());
    const run = await runCli(registerReport, ["report", answerFile(OLD_VERSION), "--format", "json"]);
    expect(run.code, run.message).toBe(0);
    const report = JSON.parse(run.out) as { catalog: { version: string; hash: string } };
    expect(report.catalog).toEqual({ version: OLD_VERSION, hash: catalogHash(oldCatalog()) });
  });

  it("can be read with `mlsa catalog --catalog-version`", async () => {
    setCatalogReleases(writeOldRelease());
    const run = await runCli(registerCatalog, ["catalog", "--catalog-version", OLD_VERSION, "-f", "json"]);
    expect(run.code, run.message).toBe(0);
    expect((JSON.parse(run.out) as Catalog).version).toBe(OLD_VERSION);
    expect(run.out).toContain(OLD_LABEL);
    const unknown = await runCli(registerCatalog, ["catalog", "--catalog-version", "0.8.0"]);
    expect(unknown.code).toBe(EXIT.invalid);
    expect(unknown.message).toBe(
      `--catalog-version: catalog version 0.8.0 is not known to this mlsa; known: ${OLD_VERSION}, ${CATALOG_VERSION}`,
    );
  });

  it("is refused when the version is not released here, or its snapshot was tampered with", async () => {
    const missing = await runCli(registerScore, ["score", answerFile(OLD_VERSION)]);
    expect(missing.code).toBe(EXIT.invalid);
    expect(missing.message).toContain(`catalog: catalog version ${OLD_VERSION} is not known to this mlsa`);

    const files = writeOldRelease();
    const path = snapshotPath(files, OLD_VERSION);
    writeFileSync(path, readFileSync(path, "utf8").replace(OLD_LABEL, "Probabilities"));
    setCatalogReleases(files);
    await expect(runCli(registerScore, ["score", answerFile(OLD_VERSION)])).rejects.toThrow(
      CatalogReleaseError,
    );
  });
});
