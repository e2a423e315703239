// Renders the catalog as one Markdown page (docs/catalog.md and `mlsa catalog --format md`).

import { CATALOG, CATALOG_VERSION, catalogHash, getCatalog, listCatalogVersions } from "../catalog/index.js";
import { sectionsOf } from "../catalog/model.js";
import {
  ATTACK_CLASS_NAMES,
  type AttackClass,
  type Catalog,
  type Option,
  QUESTIONNAIRE_INFO,
  QUESTIONNAIRES,
  type Question,
  type Questionnaire,
  STAGE_NAMES,
} from "../contracts/catalog.js";

const sign = (n: number) => (n > 0 ? `+${n}` : `${n}`);
const esc = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

function effectText(o: Option): string {
  const e = o.effects;
  const parts: string[] = [];
  const classes = (r: Partial<Record<AttackClass, number>> | undefined, f: (n: number) => string) =>
    Object.entries(r ?? {}).map(([c, n]) => `${ATTACK_CLASS_NAMES[c as AttackClass].toLowerCase()} ${f(n)}`);
  if (e.exposure) parts.push(`exposure: ${classes(e.exposure, sign).join(", ")}`);
  if (e.impact) parts.push(`impact: ${classes(e.impact, (n) => `${n}/5`).join(", ")}`);
  if (e.impactShift) parts.push(`impact shift: ${classes(e.impactShift, sign).join(", ")}`);
  if (e.assets) parts.push(`assets: ${e.assets.join(", ")}`);
  if (e.evidences)
    parts.push(`evidences: ${e.evidences.map((m) => `${m.mitigation} (${m.strength})`).join(", ")}`);
  if (e.missing) parts.push(`missing: ${e.missing.join(", ")}`);
  if (e.maturity !== undefined) parts.push(`maturity ${e.maturity}/4`);
  if (e.informational) parts.push("informational");
  return parts.join("; ");
}

function questionMd(q: Question): string {
  const lines = [
    `#### \`${q.id}\``,
    "",
    `**${q.text}** _(${q.type}${q.dontKnow ? ", don't know allowed" : ""})_`,
    "",
    `Why this matters: ${q.hint}`,
    "",
  ];
  if (q.showIf)
    lines.push(
      `Shown when: ${q.showIf.map((c) => `\`${c.question}\` is ${c.anyOf.join(" or ")}`).join(" and ")}`,
      "",
    );
  if (q.atlas.length > 0)
    lines.push(
      `ATLAS: ${q.atlas.map((id) => `[${id}](https://atlas.mitre.org/techniques/${id})`).join(", ")}`,
      "",
    );
  lines.push("| option | label | effects |", "| --- | --- | --- |");
  for (const o of q.options) {
    lines.push(
      `| \`${o.id}\` | ${esc(o.label)}${o.note ? ` — _${esc(o.note)}_` : ""} | ${esc(effectText(o))} |`,
    );
  }
  lines.push("");
  return lines.join("\n");
}

/** The catalog (or one questionnaire of it) as Markdown; `generated` adds the note that heads
 * docs/catalog.md (not wanted in `mlsa catalog` output). */
export function catalogMarkdown(
  catalog: Catalog,
  only?: Questionnaire,
  options: { generated?: boolean } = {},
): string {
  const hash = `Content hash \`${catalogHash(catalog)}\`.`;
  const out = [
    `# mlsa question catalog ${catalog.version}`,
    "",
    options.generated
      ? `Generated from \`src/catalog\` by \`npm run docs:catalog\`; do not edit. ${hash}`
      : hash,
    "",
  ];
  for (const questionnaire of QUESTIONNAIRES.filter((q) => !only || q === only)) {
    const info = QUESTIONNAIRE_INFO[questionnaire];
    const sections = sectionsOf(catalog, questionnaire);
    const count = sections.reduce((n, s) => n + s.questions.length, 0);
    out.push(`## ${info.title} (\`${questionnaire}\`): ${count} questions`, "", `For ${info.audience}.`, "");
    for (const s of sections) {
      out.push(`### ${s.title}${s.stage ? ` (stage: ${STAGE_NAMES[s.stage]})` : ""}`, "", s.intro, "");
      for (const q of s.questions) out.push(questionMd(q));
    }
  }
  if (!only) {
    out.push(
      "## Mitigations",
      "",
      "| id | name | reduces | trade-off | ATLAS |",
      "| --- | --- | --- | --- | --- |",
    );
    for (const m of catalog.mitigations) {
      const reduces = Object.entries(m.reduces)
        .map(([c, r]) => `${c} ${Math.round(r * 100)} %`)
        .join(", ");
      const atlas = m.atlas ? `[${m.atlas}](https://atlas.mitre.org/mitigations/${m.atlas})` : "none";
      const na = (m.notApplicableWhen ?? [])
        .map((c) => ` Not applicable when \`${c.question}\` is ${c.anyOf.join("/")}.`)
        .join("");
      out.push(
        `| \`${m.id}\` | **${esc(m.name)}** — ${esc(m.description)}${na} | ${reduces} | ${esc(m.tradeoff)} | ${atlas}${m.atlasNote ? ` — ${esc(m.atlasNote)}` : ""} |`,
      );
    }
    out.push("", "## Contradiction rules", "");
    for (const c of catalog.contradictions) {
      out.push(
        `- \`${c.id}\`: \`${c.a.question}\` is ${c.a.anyOf.join("/")} and \`${c.b.question}\` is ${c.b.anyOf.join("/")} — ${c.message}`,
      );
    }
    out.push("");
  }
  return out.join("\n");
}

/** The versions section of docs/catalog.md: every version this build knows, with its content hash. */
export function catalogVersionsMarkdown(): string {
  const out = [
    "## Versions",
    "",
    "Every assessment, answer file and pooled answer records the catalog version it was answered against.",
    "A released version never changes: `npm run catalog:lock` keeps its content in",
    "`src/catalog/releases/<version>.json` and its hash in `catalog.lock.json`, and mlsa checks the one",
    "against the other when it loads an older version. Answers pinned to an older version are therefore",
    "still checked, scored and reported with the questions they answered. Changing a question, an option",
    "or an effect means a new version.",
    "",
    "| version | content hash | |",
    "| --- | --- | --- |",
  ];
  for (const version of listCatalogVersions().reverse()) {
    const catalog = getCatalog(version);
    const hash = catalog ? catalogHash(catalog) : "unknown";
    out.push(`| ${version} | \`${hash}\` | ${version === CATALOG_VERSION ? "current" : "released"} |`);
  }
  out.push("");
  return out.join("\n");
}

/** docs/catalog.md (`npm run docs:catalog`): the current catalog, then its versions. */
export function catalogDocument(): string {
  return `${catalogMarkdown(CATALOG, undefined, { generated: true })}\n${catalogVersionsMarkdown()}`;
}
