// A MITRE ATLAS Navigator layer (ATT&CK Navigator layer format 4.5, domain "atlas-atlas") of the
// techniques the assessment finds exposed, scored by residual risk and commented with the answers.
import { z } from "zod";
import { ATLAS_VERSION } from "../catalog/atlas-data.js";
import { getCatalog } from "../catalog/index.js";
import { ATTACK_CLASS_NAMES, type Catalog } from "../contracts/catalog.js";
import type { RiskPicture } from "../contracts/result.js";
import { ratingOf } from "../scoring/present.js";
import { RATING_COLORS } from "./chart-style.js";
import type { ReportContext } from "./context.js";
import { atlasTechnique, exposedTechniques } from "./techniques.js";

const hex = z.string().regex(/^#[0-9a-fA-F]{6}$/);
const MetadataItem = z.union([
  z.object({ name: z.string(), value: z.string() }).strict(),
  z.object({ divider: z.boolean() }).strict(),
]);
const LinkItem = z.object({ label: z.string(), url: z.string().regex(/^https?:\/\//) }).strict();

/** One technique annotation. Without `tactic` it applies under every tactic the technique is in. */
export const NavigatorTechnique = z
  .object({
    techniqueID: z.string().regex(/^AML\.T\d{4}(\.\d{3})?$/),
    tactic: z
      .string()
      .regex(/^[a-z-]+$/)
      .optional(),
    score: z.number().optional(),
    color: hex.optional(),
    comment: z.string().optional(),
    enabled: z.boolean().optional(),
    showSubtechniques: z.boolean().optional(),
    metadata: z.array(MetadataItem).optional(),
    links: z.array(LinkItem).optional(),
  })
  .strict();

/** The layer fields mlsa produces, typed as the Navigator layer format 4.5 defines them. */
export const NavigatorLayer = z
  .object({
    name: z.string().min(1),
    versions: z.object({ layer: z.literal("4.5"), navigator: z.string().regex(/^\d+\.\d+\.\d+$/) }).strict(),
    domain: z.literal("atlas-atlas"),
    description: z.string(),
    sorting: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)]),
    layout: z
      .object({
        layout: z.enum(["side", "flat", "mini"]),
        showID: z.boolean(),
        showName: z.boolean(),
        showAggregateScores: z.boolean(),
        countUnscored: z.boolean(),
        aggregateFunction: z.enum(["average", "min", "max", "sum"]),
        expandedSubtechniques: z.enum(["none", "all", "annotated"]),
      })
      .strict(),
    hideDisabled: z.boolean(),
    techniques: z.array(NavigatorTechnique),
    gradient: z
      .object({ colors: z.array(hex).min(2), minValue: z.number(), maxValue: z.number() })
      .strict()
      .refine((g) => g.maxValue > g.minValue, "gradient maxValue must be above minValue"),
    legendItems: z.array(z.object({ label: z.string(), color: hex }).strict()),
    showTacticRowBackground: z.boolean(),
    tacticRowBackground: hex,
    selectTechniquesAcrossTactics: z.boolean(),
    selectSubtechniquesWithParent: z.boolean(),
    selectVisibleTechniques: z.boolean(),
    metadata: z.array(MetadataItem),
    links: z.array(LinkItem).optional(),
  })
  .strict();
export type NavigatorLayer = z.infer<typeof NavigatorLayer>;

/** Navigator release whose layer format (4.5) this file follows; the Navigator only warns on a mismatch. */
export const NAVIGATOR_VERSION = "4.9.1";
const MAX_ANSWERS_IN_COMMENT = 6;

const sign = (n: number) => (n > 0 ? `+${n}` : `${n}`);

/** Build the ATLAS Navigator layer of the techniques exposed by the answers behind `picture`. */
export function navigatorLayer(picture: RiskPicture, ctx: ReportContext, catalog?: Catalog): NavigatorLayer {
  const cat = catalog ?? getCatalog(picture.catalogVersion);
  const exposed = cat ? exposedTechniques(picture, cat) : [];
  const byClass = new Map(picture.classes.map((c) => [c.attackClass, c]));
  const techniques: z.infer<typeof NavigatorTechnique>[] = exposed.map((t) => {
    const rating = ratingOf(t.score);
    const classes = t.classes
      .map((c) => byClass.get(c))
      .filter((c) => c !== undefined)
      .sort((a, b) => b.residual.score - a.residual.score)
      .map((c) => `${c.name.toLowerCase()}: residual ${c.residual.score}/25, ${c.residual.rating}`);
    const answers = t.answers.slice(0, MAX_ANSWERS_IN_COMMENT).map((a) => {
      const steps = Object.entries(a.steps)
        .map(
          ([c, s]) => `${ATTACK_CLASS_NAMES[c as keyof typeof ATTACK_CLASS_NAMES].toLowerCase()} ${sign(s)}`,
        )
        .join(", ");
      return `"${a.questionText}" → ${a.answer} (${steps})`;
    });
    const more = t.answers.length - answers.length;
    const fixes = picture.recommendations
      .filter((r) => r.classes.some((c) => t.classes.includes(c)))
      .slice(0, 3)
      .map((r) => `${r.name}${r.atlas ? ` (${r.atlas})` : ""}`);
    const comment = [
      `Exposes ${classes.join("; ")}.`,
      `Answers: ${answers.join("; ")}${more > 0 ? `; and ${more} more` : ""}.`,
      fixes.length > 0 ? `Close with: ${fixes.join("; ")}.` : "",
    ]
      .filter(Boolean)
      .join(" ");
    return {
      techniqueID: t.id,
      score: t.score,
      color: RATING_COLORS[rating],
      comment,
      enabled: true,
      metadata: [
        { name: "rating", value: rating },
        { name: "attack classes", value: t.classes.join(", ") },
        { name: "questions", value: t.answers.map((a) => a.question).join(", ") },
      ],
      links: [{ label: `ATLAS ${t.id}`, url: t.url }],
    };
  });
  // Sub-techniques only show when their parent is expanded: expand scored parents, add bare ones.
  for (const t of exposed) {
    if (!t.parent) continue;
    const parent = techniques.find((x) => x.techniqueID === t.parent);
    if (parent) parent.showSubtechniques = true;
    else if (atlasTechnique(t.parent)) techniques.push({ techniqueID: t.parent, showSubtechniques: true });
  }
  const system = ctx.system?.name ?? "ML system";
  const metadata = [
    { name: "generator", value: "mlsa" },
    { name: "catalog_version", value: picture.catalogVersion },
    { name: "atlas_data_version", value: ATLAS_VERSION },
    { name: "generated_at", value: ctx.generatedAt },
    { name: "overall_rating", value: picture.overall.rating },
    ...(ctx.system?.name ? [{ name: "system", value: ctx.system.name }] : []),
    ...(ctx.system?.domain ? [{ name: "domain", value: ctx.system.domain }] : []),
  ];
  return NavigatorLayer.parse({
    name: `mlsa: exposed techniques of ${system}`.slice(0, 200),
    versions: { layer: "4.5", navigator: NAVIGATOR_VERSION },
    domain: "atlas-atlas",
    description: `ATLAS techniques that the mlsa self-assessment (question catalog ${picture.catalogVersion}) finds exposed. Score = highest residual risk (likelihood level × impact level, 1..25) of the attack classes the technique serves; the comment names the answers behind it. Overall rating: ${picture.overall.rating}.`,
    sorting: 3,
    layout: {
      layout: "side",
      showID: true,
      showName: true,
      showAggregateScores: false,
      countUnscored: false,
      aggregateFunction: "max",
      expandedSubtechniques: "annotated",
    },
    hideDisabled: false,
    techniques,
    gradient: {
      colors: [RATING_COLORS.low, RATING_COLORS.medium, RATING_COLORS.high, RATING_COLORS.critical],
      minValue: 0,
      maxValue: 25,
    },
    legendItems: [
      { label: "Low residual risk (score 1-4)", color: RATING_COLORS.low },
      { label: "Medium (5-9)", color: RATING_COLORS.medium },
      { label: "High (10-19)", color: RATING_COLORS.high },
      { label: "Critical (20-25)", color: RATING_COLORS.critical },
    ],
    showTacticRowBackground: true,
    tacticRowBackground: "#dddddd",
    selectTechniquesAcrossTactics: true,
    selectSubtechniquesWithParent: false,
    selectVisibleTechniques: false,
    metadata,
    links: [{ label: "MITRE ATLAS", url: "https://atlas.mitre.org" }],
  });
}

/** The layer as pretty-printed JSON text. */
export function renderNavigator(picture: RiskPicture, ctx: ReportContext, catalog?: Catalog): string {
  return `${JSON.stringify(navigatorLayer(picture, ctx, catalog), null, 2)}\n`;
}
