// The ATLAS Navigator layer has the field set and types of layer format 4.5 (domain atlas-atlas),
// scores every exposed technique and names the answers behind it.
import { describe, expect, it } from "vitest";
import { ATLAS_TECHNIQUES, ATLAS_VERSION } from "../catalog/atlas-data.js";
import { CATALOG } from "../catalog/index.js";
import { findQuestion } from "../catalog/model.js";
import { NavigatorLayer, navigatorLayer, renderNavigator } from "./navigator.js";
import { exposedTechniques } from "./techniques.js";
import { example, samplePicture } from "./testing.js";

const TOP_LEVEL = [
  "name",
  "versions",
  "domain",
  "description",
  "sorting",
  "layout",
  "hideDisabled",
  "techniques",
  "gradient",
  "legendItems",
  "showTacticRowBackground",
  "tacticRowBackground",
  "selectTechniquesAcrossTactics",
  "selectSubtechniquesWithParent",
  "selectVisibleTechniques",
  "metadata",
  "links",
];
const TECHNIQUE_FIELDS = [
  "techniqueID",
  "tactic",
  "score",
  "color",
  "comment",
  "enabled",
  "showSubtechniques",
  "metadata",
  "links",
];
const atlasIds = new Set(ATLAS_TECHNIQUES.map((t) => t.id));

describe("ATLAS Navigator layer", () => {
  const { picture, catalog, file } = example("fraud-feedback");
  const ctx = { generatedAt: "2025-03-01T09:00:00.000Z", ...(file.system ? { system: file.system } : {}) };
  const layer = JSON.parse(renderNavigator(picture, ctx, catalog)) as Record<string, unknown>;

  it("uses only layer-format 4.5 fields with the right types, for the atlas-atlas domain", () => {
    expect(() => NavigatorLayer.parse(layer)).not.toThrow();
    for (const key of Object.keys(layer)) expect(TOP_LEVEL).toContain(key);
    expect(layer.domain).toBe("atlas-atlas");
    expect(layer.versions).toEqual({ layer: "4.5", navigator: expect.stringMatching(/^\d+\.\d+\.\d+$/) });
    const techniques = layer.techniques as Array<Record<string, unknown>>;
    expect(techniques.length).toBeGreaterThan(0);
    for (const t of techniques) {
      for (const key of Object.keys(t)) expect(TECHNIQUE_FIELDS).toContain(key);
      expect(typeof t.techniqueID).toBe("string");
      if ("score" in t) expect(typeof t.score).toBe("number");
      if ("comment" in t) expect(typeof t.comment).toBe("string");
      if ("color" in t) expect(t.color).toMatch(/^#[0-9A-Fa-f]{6}$/);
    }
  });

  it("annotates only real ATLAS techniques, each cited by a question whose answer raised exposure", () => {
    const layerParsed = NavigatorLayer.parse(layer);
    const scored = layerParsed.techniques.filter((t) => t.score !== undefined);
    const cited = new Set(
      picture.classes.flatMap((c) =>
        c.likelihood.because
          .filter((e) => e.effect > 0)
          .flatMap((e) => findQuestion(catalog, e.question)?.atlas ?? []),
      ),
    );
    expect(scored.length).toBe(exposedTechniques(picture, catalog).length);
    for (const t of layerParsed.techniques) expect(atlasIds.has(t.techniqueID)).toBe(true);
    for (const t of scored) expect(cited.has(t.techniqueID)).toBe(true);
  });

  it("scores by residual risk within the gradient and names the answers in the comment", () => {
    const l = NavigatorLayer.parse(layer);
    const byClass = new Map(picture.classes.map((c) => [c.attackClass, c.residual.score]));
    for (const t of exposedTechniques(picture, catalog)) {
      const entry = l.techniques.find((x) => x.techniqueID === t.id)!;
      expect(entry.score).toBe(Math.max(...t.classes.map((c) => byClass.get(c)!)));
      expect(entry.score!).toBeGreaterThanOrEqual(l.gradient.minValue);
      expect(entry.score!).toBeLessThanOrEqual(l.gradient.maxValue);
      expect(entry.comment).toContain(`"${t.answers[0]!.questionText}" → ${t.answers[0]!.answer}`);
      expect(entry.links?.[0]).toEqual({
        label: `ATLAS ${t.id}`,
        url: `https://atlas.mitre.org/techniques/${t.id}`,
      });
    }
    expect(l.sorting).toBe(3);
  });

  it("expands the parents of scored sub-techniques", () => {
    const l = navigatorLayer(samplePicture(CATALOG), { generatedAt: "now" }, CATALOG);
    const subs = l.techniques.filter((t) => t.score !== undefined && /\.\d{3}$/.test(t.techniqueID));
    expect(subs.length).toBeGreaterThan(0);
    for (const sub of subs) {
      const parent = l.techniques.find((t) => t.techniqueID === sub.techniqueID.slice(0, 9));
      expect(parent?.showSubtechniques).toBe(true);
    }
  });

  it("records the catalog and ATLAS versions in the metadata", () => {
    const meta = Object.fromEntries(
      NavigatorLayer.parse(layer).metadata.flatMap((m) => ("name" in m ? [[m.name, m.value]] : [])),
    );
    expect(meta.catalog_version).toBe(picture.catalogVersion);
    expect(meta.atlas_data_version).toBe(ATLAS_VERSION);
    expect(meta.generated_at).toBe(ctx.generatedAt);
    expect(meta.system).toBe(file.system?.name);
  });

  it("exposes fewer techniques for a well-defended system than for an exposed one", () => {
    const defended = example("well-defended");
    const exposed = example("public-image-api");
    const count = (e: typeof defended) =>
      navigatorLayer(e.picture, { generatedAt: "now" }, e.catalog).techniques.length;
    expect(count(defended)).toBeLessThan(count(exposed));
  });
});
