// Released catalog versions on real files: the repository's 1.0.0 snapshot, loading an older version
// and scoring against it, refusing tampered or missing snapshots, unknown versions, and re-locking.
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  OLD_LABEL,
  OLD_OPTION,
  OLD_QUESTION,
  OLD_VERSION,
  oldCatalog,
  writeOldRelease,
} from "../../test/support/catalog-release.js";
import { score } from "../scoring/index.js";
import { canonicalJson, catalogHash } from "./hash.js";
import { CATALOG, CATALOG_VERSION, getCatalog, listCatalogVersions, setCatalogReleases } from "./index.js";
import {
  CatalogReleaseError,
  defaultReleaseFiles,
  openReleases,
  type ReleaseFiles,
  readLock,
  snapshotPath,
  writeRelease,
} from "./releases.js";

afterEach(() => setCatalogReleases());

const answers = { [OLD_QUESTION]: OLD_OPTION };

describe("the repository's releases", () => {
  const files = defaultReleaseFiles();
  const lock = readLock(files.lockFile);

  it("keeps 1.0.0 as released, with a snapshot equal to the current catalog", () => {
    expect(lock["1.0.0"]).toBe("sha256:958be4144a834d84fec348d9a0fef9c3c74db216131809d422e4afa592d7d6db");
    const released = openReleases(files).get("1.0.0");
    expect(released).toBeDefined();
    expect(catalogHash(released!)).toBe(lock["1.0.0"]);
    if (CATALOG_VERSION === "1.0.0") expect(released).toEqual(CATALOG);
  });

  it("has a valid snapshot, written as `npm run catalog:lock` writes it, for every locked version", () => {
    const releases = openReleases(files);
    expect(releases.versions()).toEqual(Object.keys(lock));
    for (const version of releases.versions()) {
      const catalog = releases.get(version);
      expect(catalog?.version, version).toBe(version);
      const text = readFileSync(snapshotPath(files, version), "utf8");
      expect(text === `${canonicalJson(catalog, "  ")}\n`, `${version}: run npm run catalog:lock`).toBe(true);
    }
  });

  it("lists every released version and the current one", () => {
    expect(listCatalogVersions()).toEqual(expect.arrayContaining([...Object.keys(lock), CATALOG_VERSION]));
    expect(getCatalog(CATALOG_VERSION)).toBe(CATALOG);
  });
});

describe("an older released version", () => {
  it("is loaded from its snapshot, once, and answers are scored against it", () => {
    setCatalogReleases(writeOldRelease());
    expect(listCatalogVersions()).toEqual([OLD_VERSION, CATALOG_VERSION]);
    const old = getCatalog(OLD_VERSION);
    expect(old?.version).toBe(OLD_VERSION);
    expect(getCatalog(OLD_VERSION)).toBe(old);
    expect(catalogHash(old!)).toBe(catalogHash(oldCatalog()));

    const picture = score(old!, { answers });
    expect(picture.catalogVersion).toBe(OLD_VERSION);
    expect(JSON.stringify(picture)).toContain(OLD_LABEL);
    const now = score(CATALOG, { answers });
    expect(now.catalogVersion).toBe(CATALOG_VERSION);
    expect(JSON.stringify(now)).not.toContain(OLD_LABEL);
    // Same effects, so the same risk: only the wording differs.
    expect(picture.overall).toEqual(now.overall);
  });

  it("is refused when its content does not match its locked hash", () => {
    const files = writeOldRelease();
    const path = snapshotPath(files, OLD_VERSION);
    writeFileSync(path, readFileSync(path, "utf8").replace(OLD_LABEL, "Probabilities"));
    setCatalogReleases(files);
    expect(() => getCatalog(OLD_VERSION)).toThrow(CatalogReleaseError);
    expect(() => getCatalog(OLD_VERSION)).toThrow(
      new RegExp(`hashes to sha256:[0-9a-f]{64}, but .* locks ${OLD_VERSION} at sha256:`),
    );
    // The current version does not depend on the snapshots.
    expect(getCatalog(CATALOG_VERSION)).toBe(CATALOG);
  });

  it("is refused when its snapshot is missing, not JSON, not a catalog or another version", () => {
    const cases: Array<[string, (files: ReleaseFiles) => void, RegExp]> = [
      ["missing", (f) => rmSync(snapshotPath(f, OLD_VERSION)), /cannot be read \(ENOENT\)/],
      ["not JSON", (f) => writeFileSync(snapshotPath(f, OLD_VERSION), "{"), /is not valid JSON/],
      [
        "not a catalog",
        (f) => writeFileSync(snapshotPath(f, OLD_VERSION), JSON.stringify({ ...oldCatalog(), extra: 1 })),
        /does not fit the catalog schema/,
      ],
      [
        "another version",
        (f) =>
          writeFileSync(snapshotPath(f, OLD_VERSION), JSON.stringify({ ...oldCatalog(), version: "0.8.0" })),
        /holds version 0\.8\.0, not 0\.9\.0/,
      ],
    ];
    for (const [name, spoil, message] of cases) {
      const files = writeOldRelease();
      spoil(files);
      setCatalogReleases(files);
      expect(() => getCatalog(OLD_VERSION), name).toThrow(message);
    }
  });
});

describe("an unknown version", () => {
  it("gives undefined, also when a snapshot exists that the lock file does not list", () => {
    const files = writeOldRelease();
    writeFileSync(snapshotPath(files, "0.8.0"), JSON.stringify({ ...oldCatalog(), version: "0.8.0" }));
    setCatalogReleases(files);
    for (const version of ["9.9.9", "0.8.0", "../releases/0.9.0", "0.9.0.json", "__proto__", "toString", ""])
      expect(getCatalog(version), version).toBeUndefined();
    expect(listCatalogVersions()).not.toContain("0.8.0");
  });

  it("gives undefined for every released version when there is no lock file", () => {
    const files = writeOldRelease();
    rmSync(files.lockFile);
    setCatalogReleases(files);
    expect(getCatalog(OLD_VERSION)).toBeUndefined();
    expect(listCatalogVersions()).toEqual([CATALOG_VERSION]);
  });

  it("throws on a malformed lock file, naming the bad key", () => {
    const files = writeOldRelease();
    writeFileSync(files.lockFile, JSON.stringify({ [OLD_VERSION]: "md5:abc" }));
    setCatalogReleases(files);
    expect(() => getCatalog(OLD_VERSION)).toThrow(/"0\.9\.0" must be "sha256:" and 64 hex digits/);
  });
});

describe("writeRelease (npm run catalog:lock)", () => {
  it("writes the snapshot and the hash, then changes nothing when run again", () => {
    const files = writeOldRelease();
    rmSync(files.dir, { recursive: true });
    const first = writeRelease(files, oldCatalog());
    expect(first).toMatchObject({ version: OLD_VERSION, hash: catalogHash(oldCatalog()), changed: true });
    expect(openReleases(files).get(OLD_VERSION)).toEqual(oldCatalog());
    const bytes = readFileSync(first.path, "utf8");
    expect(writeRelease(files, oldCatalog()).changed).toBe(false);
    expect(readFileSync(first.path, "utf8")).toBe(bytes);
  });

  it("refuses to change a released version's content and leaves its files alone", () => {
    const files = writeOldRelease();
    const changed = oldCatalog();
    changed.sections[0]!.title = "Renamed after release";
    const snapshot = readFileSync(snapshotPath(files, OLD_VERSION), "utf8");
    const lock = readFileSync(files.lockFile, "utf8");
    expect(() => writeRelease(files, changed)).toThrow(
      /catalog 0\.9\.0 is locked at sha256:[0-9a-f]{64} .* bump CATALOG_VERSION/,
    );
    expect(readFileSync(snapshotPath(files, OLD_VERSION), "utf8")).toBe(snapshot);
    expect(readFileSync(files.lockFile, "utf8")).toBe(lock);

    // A snapshot with other content is refused even when the lock file has lost its entry.
    writeFileSync(files.lockFile, "{}");
    expect(() => writeRelease(files, changed)).toThrow(/already holds catalog 0\.9\.0 with sha256:/);
    writeFileSync(snapshotPath(files, OLD_VERSION), "not json");
    expect(() => writeRelease(files, changed)).toThrow(/content that is not JSON/);
  });

  it("overwrites a locked version only when told it was never released", () => {
    const files = writeOldRelease();
    const changed = oldCatalog();
    changed.sections[0]!.title = "Renamed before release";
    const done = writeRelease(files, changed, { unreleased: true });
    expect(done.changed).toBe(true);
    expect(readLock(files.lockFile)[OLD_VERSION]).toBe(catalogHash(changed));
    expect(openReleases(files).get(OLD_VERSION)?.sections[0]?.title).toBe("Renamed before release");
  });

  it("keeps the lock file in version order", () => {
    const files = writeOldRelease();
    writeRelease(files, { ...oldCatalog(), version: "0.10.0" });
    writeRelease(files, { ...oldCatalog(), version: "0.2.0" });
    expect(Object.keys(readLock(files.lockFile))).toEqual(["0.2.0", OLD_VERSION, "0.10.0"]);
    expect(existsSync(join(files.dir, "0.10.0.json"))).toBe(true);
    expect(openReleases(files).versions()).toEqual(["0.2.0", OLD_VERSION, "0.10.0"]);
  });
});

describe("canonicalJson", () => {
  it("indents without changing the value, and hashes the compact form as before", () => {
    const pretty = canonicalJson(CATALOG, "  ");
    expect(JSON.parse(pretty)).toEqual(JSON.parse(canonicalJson(CATALOG)));
    expect(canonicalJson({ b: [1, "x"], a: { d: [], c: {} } })).toBe('{"a":{"c":{},"d":[]},"b":[1,"x"]}');
    expect(canonicalJson({ b: [1, "x"], a: [{ c: null }] }, "  ")).toBe(
      '{\n  "a": [\n    {\n      "c": null\n    }\n  ],\n  "b": [1, "x"]\n}',
    );
  });
});
