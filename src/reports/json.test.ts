// The JSON report is schema-valid, self-describing (catalog version and hash) and reads back.
import { describe, expect, it } from "vitest";
import { ATLAS_VERSION } from "../catalog/atlas-data.js";
import { catalogHash } from "../catalog/index.js";
import { buildJsonReport, JSON_REPORT_FORMAT, JsonReport, renderJson } from "./json.js";
import { example, sampleLabRun } from "./testing.js";

describe("JSON report", () => {
  const { picture, catalog, file } = example("fraud-feedback");
  const ctx = {
    generatedAt: "2025-03-01T09:00:00.000Z",
    ...(file.system ? { system: file.system } : {}),
    labRuns: [sampleLabRun()],
    peers: { percentile: 40, count: 12 },
  };

  it("holds the picture, context, catalog version and hash, and reads back through its schema", () => {
    const text = renderJson(picture, ctx, catalog);
    const back = JsonReport.parse(JSON.parse(text));
    expect(back.format).toBe(JSON_REPORT_FORMAT);
    expect(back.catalog).toEqual({ version: picture.catalogVersion, hash: catalogHash(catalog) });
    expect(back.atlasVersion).toBe(ATLAS_VERSION);
    expect(back.generatedAt).toBe(ctx.generatedAt);
    expect(back.system).toEqual(file.system);
    expect(back.picture).toEqual(picture);
    expect(back.labRuns[0]?.id).toBe("run-0001");
    expect(back.peers?.percentile).toBe(40);
    expect(text.endsWith("}\n")).toBe(true);
  });

  it("fills absent context with empty values", () => {
    const r = buildJsonReport(picture, { generatedAt: "now" }, catalog);
    expect(r.labRuns).toEqual([]);
    expect(r.peers).toBeNull();
    expect(r.system).toBeUndefined();
  });

  it("refuses a malformed picture or context", () => {
    const broken = {
      ...picture,
      classes: [{ ...picture.classes[0]!, residual: { ...picture.classes[0]!.residual, score: 40 } }],
    };
    expect(() => buildJsonReport(broken, ctx, catalog)).toThrow();
    expect(() =>
      buildJsonReport(picture, { ...ctx, peers: { percentile: 140, count: 3 } }, catalog),
    ).toThrow();
  });
});
