// Catalog versions over HTTP: the versions endpoint lists the real released versions, and with an
// older release (a temporary releases folder) an assessment pinned to it is stored, answered and
// scored with that version; a tampered snapshot is a 500 that does not leak the file's path.
import { readFileSync, writeFileSync } from "node:fs";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  OLD_LABEL,
  OLD_OPTION,
  OLD_QUESTION,
  OLD_VERSION,
  writeOldRelease,
} from "../../test/support/catalog-release.js";
import { startTestServer, type TestServer } from "../../test/support/server.js";
import { CATALOG_VERSION, listCatalogVersions, setCatalogReleases } from "../catalog/index.js";
import { readLock, snapshotPath } from "../catalog/releases.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server?.close());
afterEach(() => setCatalogReleases());

interface Versions {
  current: string;
  versions: string[];
}

describe("catalog versions over HTTP", () => {
  it("lists the current version and every released one", async () => {
    const res = await server.call<Versions>("GET", "/api/catalog/versions");
    expect(res.status).toBe(200);
    const lock = readLock(new URL("../../catalog.lock.json", import.meta.url).pathname);
    expect(res.body).toEqual({ current: CATALOG_VERSION, versions: listCatalogVersions() });
    expect(res.body.versions).toEqual(expect.arrayContaining(["1.0.0", ...Object.keys(lock)]));
  });

  it("stores, answers and scores an assessment pinned to an older version", async () => {
    setCatalogReleases(writeOldRelease());
    const listed = await server.call<Versions>("GET", "/api/catalog/versions");
    expect(listed.body.versions).toEqual([OLD_VERSION, CATALOG_VERSION]);
    const catalog = await server.call<{ version: string }>("GET", `/api/catalog?version=${OLD_VERSION}`);
    expect(catalog.status).toBe(200);
    expect(catalog.body.version).toBe(OLD_VERSION);
    expect(catalog.text).toContain(OLD_LABEL);

    const created = await server.call<{
      assessment: { id: string; catalogVersion: string };
      tokens: { owner: string };
    }>("POST", "/api/assessments", { body: { catalogVersion: OLD_VERSION } });
    expect(created.status).toBe(201);
    const { assessment, tokens } = created.body;
    expect(assessment.catalogVersion).toBe(OLD_VERSION);
    const saved = await server.call("PUT", `/api/assessments/${assessment.id}/answers/${OLD_QUESTION}`, {
      token: tokens.owner,
      body: { value: OLD_OPTION, baseRevision: 0 },
    });
    expect(saved.status, saved.text).toBe(200);
    const result = await server.call<{ catalogVersion: string }>(
      "GET",
      `/api/assessments/${assessment.id}/result`,
      {
        token: tokens.owner,
      },
    );
    expect(result.status).toBe(200);
    expect(result.body.catalogVersion).toBe(OLD_VERSION);
    expect(result.text).toContain(OLD_LABEL);
  });

  it("refuses an unknown version and answers 500 for a tampered snapshot", async () => {
    const files = writeOldRelease();
    setCatalogReleases(files);
    expect((await server.call("GET", "/api/catalog?version=0.8.0")).status).toBe(404);
    const create = await server.call<{ issues: Array<{ path: string }> }>("POST", "/api/assessments", {
      body: { catalogVersion: "0.8.0" },
    });
    expect(create.status).toBe(400);
    expect(create.body.issues[0]?.path).toBe("body.catalogVersion");

    const path = snapshotPath(files, OLD_VERSION);
    writeFileSync(path, readFileSync(path, "utf8").replace(OLD_LABEL, "Probabilities"));
    setCatalogReleases(files);
    const broken = await server.call("GET", `/api/catalog?version=${OLD_VERSION}`);
    expect(broken.status).toBe(500);
    expect(broken.text).not.toContain(files.dir);
  });
});
