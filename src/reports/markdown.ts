// The Markdown report: the same content as the HTML report, with tables instead of charts, for
// reading in a terminal, a pull request or a wiki.
import type { Catalog } from "../contracts/catalog.js";
import type { RiskPicture } from "../contracts/result.js";
import { SHORT_CLASS_NAMES } from "./chart-style.js";
import type { ReportContext } from "./context.js";
import {
  buildReportModel,
  type Capped,
  DETAILED_MITIGATIONS,
  type ReportModel,
  ratingWord,
} from "./model.js";

/** Escape text so Markdown renders it literally (and no HTML gets through). */
export function mdEscape(text: string): string {
  return text.replace(/\r?\n/g, " ").replace(/([\\`*_[\]<>|#])/g, "\\$1");
}
const esc = mdEscape;
const code = (s: string) => `\`${s.replace(/`/g, "'")}\``;
const link = (label: string, url: string | null) => (url ? `[${esc(label)}](${url})` : esc(label));
const table = (head: string[], rows: string[][]) =>
  [
    `| ${head.join(" | ")} |`,
    `| ${head.map(() => "---").join(" | ")} |`,
    ...rows.map((r) => `| ${r.join(" | ")} |`),
  ].join("\n");
const bullets = (items: readonly string[]) => items.map((i) => `- ${esc(i)}`).join("\n");
const more = (n: number) =>
  n > 0 ? `\n_…and ${n} smaller contribution${n === 1 ? "" : "s"}, all listed in the JSON report._` : "";

function summary(m: ReportModel): string[] {
  const meta = [
    m.system.domain ? `Domain: ${esc(m.system.domain)}` : "",
    `Generated ${esc(m.generatedAt)}`,
    `question catalog ${m.catalogVersion}`,
    `MITRE ATLAS ${m.atlasVersion}`,
  ].filter(Boolean);
  return [
    `# ${esc(m.title)}`,
    "",
    `_${meta.join(" · ")}_`,
    "",
    `**Overall risk: ${ratingWord(m.overall.rating)}**`,
    "",
    "## Summary for decision makers",
    "",
    bullets(m.keyPoints),
    "",
  ];
}

function riskTable(m: ReportModel): string[] {
  return [
    "## Risk per attack class",
    "",
    'Likelihood before defences, share of it removed by defences in place, residual likelihood, impact, and the residual score (residual likelihood × impact, out of 25). "Assumed" means the questionnaire that would tell is not answered.',
    "",
    table(
      ["Attack class", "Likelihood", "Defences remove", "Residual likelihood", "Impact", "Score", "Rating"],
      m.classes.map((c) => [
        esc(c.name),
        c.likelihood,
        c.coverage,
        c.residual,
        c.impact,
        `${c.score}/25`,
        `**${ratingWord(c.rating)}**`,
      ]),
    ),
    "",
    "### Attack surface along the lifecycle",
    "",
    "Share of the possible exposure present in each lifecycle stage, per attack class.",
    "",
    table(
      ["Stage", ...(m.heatmap[0]?.cells ?? []).map((c) => SHORT_CLASS_NAMES[c.attackClass])],
      m.heatmap.map((row) => [esc(row.stage), ...row.cells.map((c) => c.value)]),
    ),
    "",
    `### Risk-management maturity: ${m.maturity.level ?? "?"} of 5 (${esc(m.maturity.label)})`,
    "",
    m.maturity.because.length > 0
      ? bullets(m.maturity.because)
      : "_No risk-management process question answered._",
    "",
  ];
}

function findings(m: ReportModel): string[] {
  const out = ["## Findings", "", "Every number traces back to the answers that moved it.", ""];
  for (const f of m.findings) {
    out.push(
      `### ${esc(f.name)}: ${ratingWord(f.rating)} (${f.score}/25)`,
      "",
      `_What it means: ${esc(f.meaning)}._`,
      "",
    );
    out.push(esc(f.summary), "");
    const part = (title: string, list: Capped, none: string) =>
      out.push(
        `**${title}**`,
        "",
        list.items.length > 0 ? bullets(list.items) : `_${none}_`,
        more(list.more),
        "",
      );
    part("Why an attack is likely", f.likelihood, "No answer changed the likelihood.");
    part("Why it would hurt", f.impact, "Impact assumed; the risk questionnaire says nothing about it.");
    part("What already helps", f.coverage, "No defence in place counts against this class.");
    if (f.verified.length > 0) part("Verified by test", { items: f.verified, more: 0 }, "");
    if (f.techniques.length > 0) {
      const rest = f.moreTechniques > 0 ? `, and ${f.moreTechniques} more in the ATLAS Navigator layer` : "";
      out.push(
        `ATLAS techniques: ${f.techniques.map((t) => `${link(`${t.id} ${t.name}`, t.url)}`).join(", ")}${rest}.`,
        "",
      );
    }
  }
  return out;
}

function mitigations(m: ReportModel): string[] {
  if (m.recommendations.length === 0)
    return ["## Recommended mitigations", "", "_No missing mitigation was identified._", ""];
  const out = [
    "## Recommended mitigations",
    "",
    "Ranked by how much of the total residual risk each removes when fully in place, each on its own (their effects overlap).",
    "",
    table(
      ["#", "Mitigation", "ATLAS", "Removes", "Attack classes", "In place"],
      m.recommendations.map((r) => [
        String(r.rank),
        esc(r.name),
        r.atlas ? link(r.atlas, r.atlasUrl) : "none",
        r.share,
        esc(r.classes.join(", ")),
        r.inPlace,
      ]),
    ),
    "",
  ];
  for (const r of m.recommendations.slice(0, DETAILED_MITIGATIONS)) {
    out.push(`### ${r.rank}. ${esc(r.name)}${r.atlas ? ` (${link(r.atlas, r.atlasUrl)})` : ""}`, "");
    out.push(esc(r.description), "", `**Trade-off:** ${esc(r.tradeoff)}`, "");
    if (r.because.items.length > 0) {
      out.push("**Because of these answers:**", "", bullets(r.because.items), more(r.because.more), "");
    }
  }
  const rest = m.recommendations.slice(DETAILED_MITIGATIONS);
  if (rest.length > 0) {
    out.push("### Further mitigations", "");
    for (const r of rest) {
      out.push(
        `- **${r.rank}. ${esc(r.name)}**${r.atlas ? ` (${link(r.atlas, r.atlasUrl)})` : ""}: removes ${r.share} of the remaining risk. ${esc(r.description)} _Trade-off:_ ${esc(r.tradeoff)}`,
      );
    }
    out.push("");
  }
  return out;
}

function context(m: ReportModel): string[] {
  const out = ["## Knowledge gaps", ""];
  out.push(
    m.gaps.length > 0
      ? `Questions answered "don't know": each hides exposure or a defence. Close these first.\n\n${table(
          ["Questionnaire", "Question"],
          m.gaps.map((g) => [esc(g.questionnaire), `${esc(g.text)} (${code(g.question)})`]),
        )}`
      : '_No "don\'t know" answers._',
    "",
    "## Contradictions between respondents",
    "",
  );
  if (m.contradictions.length === 0) out.push("_No contradictions found._", "");
  for (const c of m.contradictions) {
    out.push(`- ${esc(c.message)}`);
    for (const q of c.questions) out.push(`  - ${esc(q.text)} (${code(q.id)})`);
  }
  if (m.contradictions.length > 0) out.push("");
  out.push(
    "## Completeness",
    "",
    table(
      ["Questionnaire", "For", "Answered", "Don't know"],
      m.completeness.rows.map((r) => [
        esc(r.title),
        esc(r.audience),
        `${r.answered} of ${r.shown} (${r.fraction})`,
        String(r.dontKnow),
      ]),
    ),
    "",
  );
  if (m.completeness.unknown.length > 0) out.push(bullets(m.completeness.unknown), "");
  return out;
}

function evidence(m: ReportModel): string[] {
  const out = ["## Lab evidence", ""];
  if (m.verified.length === 0 && m.lab.length === 0) {
    out.push("_No lab run yet: every answer is self-declared._", "");
  }
  if (m.verified.length > 0) {
    out.push(
      "Answers verified by test:",
      "",
      table(
        ["Question", "Attack", "Result"],
        m.verified.map((v) => [
          `${esc(v.questionText)} (${code(v.question)})`,
          esc(v.attack),
          esc(v.summary),
        ]),
      ),
      "",
    );
  }
  for (const r of m.lab) {
    out.push(`### ${esc(r.attack)} (${esc(r.family)}), run ${code(r.id)}`, "");
    out.push(
      `- Target: ${esc(r.target)}`,
      `- State: ${esc(r.state)}; queries used ${r.queries}; ${r.duration}; started ${esc(r.startedAt)}`,
      `- Result: ${esc(r.summary)}`,
    );
    if (r.error) out.push(`- Error: ${esc(r.error)}`);
    out.push("");
    if (r.metrics.length > 0)
      out.push(
        table(
          ["Metric", "Value"],
          r.metrics.map((x) => [esc(x.name), x.value]),
        ),
        "",
      );
  }
  if (m.peers) {
    out.push("## Peer comparison", "", esc(m.peers.sentence), "");
    const classes = Object.entries(m.peers.classes ?? {});
    if (classes.length > 0) {
      out.push(
        table(
          ["Attack class", "Percentile"],
          classes.map(([c, v]) => [
            esc(SHORT_CLASS_NAMES[c as keyof typeof SHORT_CLASS_NAMES] ?? c),
            String(Math.round(v)),
          ]),
        ),
        "",
      );
    }
  }
  return out;
}

/** Render a risk picture as a Markdown report. */
export function renderMarkdown(picture: RiskPicture, ctx: ReportContext, catalog?: Catalog): string {
  const m = buildReportModel(picture, ctx, catalog);
  return [...summary(m), ...riskTable(m), ...findings(m), ...mitigations(m), ...context(m), ...evidence(m)]
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trimEnd()
    .concat("\n");
}
