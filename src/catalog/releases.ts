// Released catalog versions: each one's content is kept as a snapshot, releases/<version>.json
// (canonical JSON), and its hash in catalog.lock.json. A snapshot is checked against the schema and
// that hash when first loaded, so an answer pinned to an old version is scored with what it answered.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Catalog } from "../contracts/catalog.js";
import { canonicalJson, catalogHash } from "./hash.js";

/** Where released versions live. */
export interface ReleaseFiles {
  /** Folder with one snapshot, `<version>.json`, per released version. */
  dir: string;
  /** JSON object mapping each released version to its content hash (`sha256:<hex>`). */
  lockFile: string;
}

/**
 * A released version that cannot be used: its snapshot is missing, unreadable, invalid or not the
 * content its hash was locked for, or the lock file itself is broken. The installation is at fault,
 * not the caller; the message names the file and the way back (restore it from the repository).
 */
export class CatalogReleaseError extends Error {
  override readonly name = "CatalogReleaseError";
}

/** The released versions of a set of release files, loaded lazily and cached. */
export interface CatalogReleases {
  /** Versions listed in the lock file, oldest first. */
  versions(): string[];
  /**
   * The released catalog of `version`; undefined when the lock file does not list it. Throws
   * CatalogReleaseError when it is listed but its snapshot is missing, invalid or tampered with.
   */
  get(version: string): Catalog | undefined;
}

const VERSION = /^\d+\.\d+\.\d+$/;
const HASH = /^sha256:[0-9a-f]{64}$/;

/** The repository's releases: `src/catalog/releases/` and `catalog.lock.json` (from src or a dist build). */
export function defaultReleaseFiles(): ReleaseFiles {
  const beside = fileURLToPath(new URL("./releases/", import.meta.url));
  const dir = existsSync(beside)
    ? beside
    : fileURLToPath(new URL("../../src/catalog/releases/", import.meta.url));
  return { dir, lockFile: fileURLToPath(new URL("../../catalog.lock.json", import.meta.url)) };
}

/** Order semantic versions x.y.z numerically (1.10.0 after 1.9.0). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** The snapshot file of a version. */
export function snapshotPath(files: ReleaseFiles, version: string): string {
  return join(files.dir, `${version}.json`);
}

/** The lock file's entries (none when there is no lock file yet); throws on a malformed one. */
export function readLock(lockFile: string): Record<string, string> {
  if (!existsSync(lockFile)) return {};
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(lockFile, "utf8"));
  } catch (error) {
    throw new CatalogReleaseError(`${lockFile} is not valid JSON: ${(error as Error).message}`);
  }
  if (json === null || typeof json !== "object" || Array.isArray(json))
    throw new CatalogReleaseError(`${lockFile} must be a JSON object of version → sha256 hash`);
  const lock: Record<string, string> = {};
  for (const [version, hash] of Object.entries(json)) {
    if (!VERSION.test(version))
      throw new CatalogReleaseError(`${lockFile}: key "${version}" is not a version x.y.z`);
    if (typeof hash !== "string" || !HASH.test(hash))
      throw new CatalogReleaseError(`${lockFile}: "${version}" must be "sha256:" and 64 hex digits`);
    lock[version] = hash;
  }
  return lock;
}

/** Read, validate and hash-check the snapshot of a locked version. */
function readSnapshot(files: ReleaseFiles, version: string, locked: string): Catalog {
  const path = snapshotPath(files, version);
  const restore = "released versions never change; restore the file from the repository";
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new CatalogReleaseError(
      `catalog ${version} is listed in ${files.lockFile} but its snapshot ${path} cannot be read (${why}); ${restore}`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CatalogReleaseError(
      `snapshot ${path} is not valid JSON (${(error as Error).message}); ${restore}`,
    );
  }
  const parsed = Catalog.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.map(String).join(".") || "(root)"}: ${i.message}`);
    throw new CatalogReleaseError(
      `snapshot ${path} does not fit the catalog schema (${issues.join("; ")}); ${restore}`,
    );
  }
  if (parsed.data.version !== version)
    throw new CatalogReleaseError(`snapshot ${path} holds version ${parsed.data.version}, not ${version}`);
  const hash = catalogHash(parsed.data);
  if (hash !== locked) {
    throw new CatalogReleaseError(
      `snapshot ${path} hashes to ${hash}, but ${files.lockFile} locks ${version} at ${locked}; ${restore}`,
    );
  }
  return parsed.data;
}

/** Open a set of release files. Nothing is read until a version is asked for. */
export function openReleases(files: ReleaseFiles): CatalogReleases {
  let lock: Record<string, string> | undefined;
  const locked = () => {
    lock ??= readLock(files.lockFile);
    return lock;
  };
  const cache = new Map<string, Catalog>();
  return {
    versions: () => Object.keys(locked()).sort(compareVersions),
    get(version) {
      // The version may come from a request: only a well-formed, listed one reaches the file system.
      if (!VERSION.test(version) || !Object.hasOwn(locked(), version)) return undefined;
      let catalog = cache.get(version);
      if (!catalog) {
        catalog = readSnapshot(files, version, locked()[version]!);
        cache.set(version, catalog);
      }
      return catalog;
    },
  };
}

/** What `writeRelease` did. */
export interface ReleaseWritten {
  version: string;
  hash: string;
  path: string;
  /** False when the snapshot and the lock entry were already exactly these. */
  changed: boolean;
}

/** The content hash of an existing snapshot file, or null when the file is not JSON. */
function fileHash(path: string): string | null {
  try {
    return catalogHash(JSON.parse(readFileSync(path, "utf8")) as Catalog);
  } catch {
    return null;
  }
}

/**
 * Release `catalog`: write its snapshot (canonical JSON, two-space indent) and its hash in the lock
 * file. Throws CatalogReleaseError when the version is already locked, or already has a snapshot,
 * with other content — a released version never changes. `unreleased: true` overrides that, for a
 * version that was locked but never given to anyone.
 */
export function writeRelease(
  files: ReleaseFiles,
  catalog: Catalog,
  options: { unreleased?: boolean } = {},
): ReleaseWritten {
  const checked = Catalog.parse(catalog);
  const { version } = checked;
  const hash = catalogHash(checked);
  const lock = readLock(files.lockFile);
  const path = snapshotPath(files, version);
  const text = `${canonicalJson(checked, "  ")}\n`;
  if (!options.unreleased) {
    const bump = "a released version never changes: bump CATALOG_VERSION instead";
    if (lock[version] !== undefined && lock[version] !== hash)
      throw new CatalogReleaseError(
        `catalog ${version} is locked at ${lock[version]} in ${files.lockFile}, but its content now hashes to ${hash}; ${bump}`,
      );
    const existing = existsSync(path) ? fileHash(path) : undefined;
    if (existing !== undefined && existing !== hash)
      throw new CatalogReleaseError(
        `${path} already holds catalog ${version} with ${existing ?? "content that is not JSON"}, not ${hash}; ${bump}`,
      );
  }
  const changed = lock[version] !== hash || !existsSync(path) || readFileSync(path, "utf8") !== text;
  mkdirSync(files.dir, { recursive: true });
  writeFileSync(path, text);
  lock[version] = hash;
  const sorted = Object.fromEntries(Object.entries(lock).sort(([a], [b]) => compareVersions(a, b)));
  writeFileSync(files.lockFile, `${JSON.stringify(sorted, null, 2)}\n`);
  return { version, hash, path, changed };
}
