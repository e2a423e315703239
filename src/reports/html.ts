// The HTML report: a complete, printable page with the charts as embedded SVG pictures. Safe under a
// strict CSP (no scripts, no inline styles) unless `standalone`, which inlines the stylesheet.
import type { Catalog } from "../contracts/catalog.js";
import type { RiskPicture } from "../contracts/result.js";
import { SHORT_CLASS_NAMES, svgDataUrl } from "./chart-style.js";
import type { ReportContext } from "./context.js";
import { peerPercentileSvg, rocChartSvg } from "./evidence-charts.js";
import {
  buildReportModel,
  type Capped,
  DETAILED_MITIGATIONS,
  type LabRow,
  type ReportModel,
  ratingWord,
} from "./model.js";
import { REPORT_CSS } from "./report-css.js";
import { residualRadarSvg, riskMatrixSvg, stageHeatmapSvg } from "./risk-charts.js";

export { REPORT_CSS } from "./report-css.js";

export interface HtmlOptions {
  /** Inline the stylesheet in a <style> element (downloads, PDF); not for pages served under CSP. */
  standalone?: boolean;
  /** Where the stylesheet is served when not standalone (default "/report.css"). */
  cssHref?: string;
  /** Catalog used for question texts and ATLAS links (default: the picture's catalog version). */
  catalog?: Catalog;
}

/** Escape text for HTML element content and quoted attribute values. */
export function h(text: string | number): string {
  return String(text)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

const rating = (r: string) => `<span class="rating rating-${h(r)}">${h(r.toUpperCase())}</span>`;
const list = (items: readonly string[], none: string) =>
  items.length > 0
    ? `<ul>${items.map((i) => `<li>${h(i)}</li>`).join("")}</ul>`
    : `<p class="none">${h(none)}</p>`;
const more = (n: number, where: string) =>
  n > 0
    ? `<p class="meta">…and ${n} smaller contribution${n === 1 ? "" : "s"}, all listed in ${h(where)}.</p>`
    : "";
const capped = (c: Capped, none: string) => `${list(c.items, none)}${more(c.more, "the JSON report")}`;
const extLink = (label: string, url: string) =>
  `<a href="${h(url)}" rel="noopener noreferrer">${h(label)}</a>`;
const code = (s: string) => `<code>${h(s)}</code>`;

function table(head: string[], rows: string[][], caption?: string, numeric: number[] = []): string {
  const cls = (i: number) => (numeric.includes(i) ? ' class="num"' : "");
  return `<div class="table-wrap"><table>${caption ? `<caption class="meta">${h(caption)}</caption>` : ""}<thead><tr>${head
    .map((x, i) => `<th scope="col"${cls(i)}>${h(x)}</th>`)
    .join("")}</tr></thead><tbody>${rows
    .map(
      (r) =>
        `<tr>${r.map((c, i) => (i === 0 ? `<th scope="row">${c}</th>` : `<td${cls(i)}>${c}</td>`)).join("")}</tr>`,
    )
    .join("")}</tbody></table></div>`;
}

function figure(svg: string, alt: string, caption: string, width: number, height: number, cls = ""): string {
  return `<figure${cls ? ` class="${cls}"` : ""}><img class="chart" width="${width}" height="${height}" alt="${h(alt)}" src="${svgDataUrl(svg)}"><figcaption>${h(caption)}</figcaption></figure>`;
}

function summarySection(p: RiskPicture, m: ReportModel): string {
  const matrixAlt = `Risk matrix of residual likelihood against impact. ${m.classes
    .map((c) => `${c.name}: residual likelihood ${c.residual}, impact ${c.impact}, ${c.rating}`)
    .join("; ")}.`;
  return `<section id="summary" class="major first" aria-labelledby="h-summary">
<h2 id="h-summary">Summary for decision makers</h2>
<ul class="key-points">${m.keyPoints.map((k) => `<li>${h(k)}</li>`).join("")}</ul>
${figure(riskMatrixSvg(p), matrixAlt, "Where each attack class sits on the 5 × 5 risk matrix after the defences in place.", 780, 470)}
</section>`;
}

function riskSection(p: RiskPicture, m: ReportModel): string {
  const radarAlt = `Radar chart of risk per attack class before and after mitigations. ${m.classes
    .map((c) => `${c.name}: ${c.inherentScore} before, ${c.score} residual`)
    .join("; ")}.`;
  const heatAlt = `Heat map of exposure per lifecycle stage and attack class. ${m.heatmap
    .map(
      (r) => `${r.stage}: ${r.cells.map((c) => `${SHORT_CLASS_NAMES[c.attackClass]} ${c.value}`).join(", ")}`,
    )
    .join("; ")}.`;
  const rows = m.classes.map((c) => [
    h(c.name),
    h(c.likelihood),
    h(c.coverage),
    h(c.residual),
    h(c.impact),
    `${c.score}/25`,
    rating(c.rating),
  ]);
  return `<section id="risk" class="major" aria-labelledby="h-risk">
<h2 id="h-risk">Risk per attack class</h2>
${figure(residualRadarSvg(p), radarAlt, "Dashed: likelihood × impact before defences. Filled: residual score after the defences in place.", 760, 560, "radar")}
${table(["Attack class", "Likelihood", "Defences remove", "Residual likelihood", "Impact", "Score", "Rating"], rows, '"Assumed" means the questionnaire that would tell is not answered.', [1, 2, 3, 4, 5])}
${figure(stageHeatmapSvg(p), heatAlt, "Where along the lifecycle the attack surface lies: share of the possible exposure present.", 760, 460, "heat")}
<h3>Risk-management maturity: ${m.maturity.level ?? "?"} of 5 (${h(m.maturity.label)})</h3>
${list(m.maturity.because, "No risk-management process question answered.")}
</section>`;
}

function findingsSection(m: ReportModel): string {
  const articles = m.findings.map(
    (f) => `<article class="finding" aria-labelledby="f-${f.attackClass}">
<h3 id="f-${f.attackClass}">${h(f.name)} ${rating(f.rating)} <span class="meta">${f.score}/25</span></h3>
<p class="meaning">What it means: ${h(f.meaning)}.</p>
<p>${h(f.summary)}</p>
<h4>Why an attack is likely</h4>${capped(f.likelihood, "No answer changed the likelihood.")}
<h4>Why it would hurt</h4>${capped(f.impact, "Impact assumed; the risk questionnaire says nothing about it.")}
<h4>What already helps</h4>${capped(f.coverage, "No defence in place counts against this class.")}
${f.verified.length > 0 ? `<div class="verified"><h4>Verified by test</h4>${list(f.verified, "")}</div>` : ""}
${f.techniques.length > 0 ? `<p>ATLAS techniques: ${f.techniques.map((t) => extLink(`${t.id} ${t.name}`, t.url)).join(", ")}${f.moreTechniques > 0 ? `, and ${f.moreTechniques} more in the ATLAS Navigator layer` : ""}.</p>` : ""}
</article>`,
  );
  return `<section id="findings" class="major" aria-labelledby="h-findings">
<h2 id="h-findings">Findings</h2>
<p>Every number traces back to the answers that moved it.</p>
${articles.join("\n")}
</section>`;
}

function mitigationsSection(m: ReportModel): string {
  if (m.recommendations.length === 0) {
    return `<section id="mitigations" class="major" aria-labelledby="h-mit"><h2 id="h-mit">Recommended mitigations</h2><p class="none">No missing mitigation was identified.</p></section>`;
  }
  const overview = table(
    ["Mitigation", "ATLAS", "Removes", "Attack classes", "In place"],
    m.recommendations.map((r) => [
      `${r.rank}. ${h(r.name)}`,
      r.atlas && r.atlasUrl ? extLink(r.atlas, r.atlasUrl) : "none",
      h(r.share),
      h(r.classes.join(", ")),
      h(r.inPlace),
    ]),
    "Share of the total residual risk each mitigation removes when fully in place, each on its own (their effects overlap).",
    [2],
  );
  const cards = m.recommendations.slice(0, DETAILED_MITIGATIONS).map(
    (r) => `<article class="mitigation">
<h3>${r.rank}. ${h(r.name)}${r.atlas && r.atlasUrl ? ` <span class="meta">${extLink(r.atlas, r.atlasUrl)}</span>` : ""}</h3>
<p>${h(r.description)}</p>
<p class="tradeoff"><strong>Trade-off:</strong> ${h(r.tradeoff)}</p>
<p>Removes ${h(r.share)} of the remaining risk; helps against ${h(r.classes.join(", "))}.</p>
${r.because.items.length > 0 ? `<h4>Because of these answers</h4>${capped(r.because, "")}` : ""}
</article>`,
  );
  const rest = m.recommendations
    .slice(DETAILED_MITIGATIONS)
    .map(
      (r) =>
        `<li><strong>${r.rank}. ${h(r.name)}</strong>${r.atlas && r.atlasUrl ? ` (${extLink(r.atlas, r.atlasUrl)})` : ""}: removes ${h(r.share)} of the remaining risk. ${h(r.description)} <em>Trade-off:</em> ${h(r.tradeoff)}</li>`,
    );
  return `<section id="mitigations" class="major" aria-labelledby="h-mit">
<h2 id="h-mit">Recommended mitigations</h2>
${overview}
${cards.join("\n")}
${rest.length > 0 ? `<h3>Further mitigations</h3><ul class="further">${rest.join("")}</ul>` : ""}
</section>`;
}

function unknownsSection(m: ReportModel): string {
  const gaps =
    m.gaps.length > 0
      ? `<p>Questions answered "don't know": each hides exposure or a defence. Close these first.</p>${table(
          ["Questionnaire", "Question"],
          m.gaps.map((g) => [h(g.questionnaire), `${h(g.text)} ${code(g.question)}`]),
        )}`
      : `<p class="none">No "don't know" answers.</p>`;
  const contradictions =
    m.contradictions.length > 0
      ? `<ul>${m.contradictions
          .map(
            (c) =>
              `<li>${h(c.message)}<ul>${c.questions.map((q) => `<li>${h(q.text)} ${code(q.id)}</li>`).join("")}</ul></li>`,
          )
          .join("")}</ul>`
      : `<p class="none">No contradictions found.</p>`;
  const completeness = table(
    ["Questionnaire", "For", "Answered", "Don't know"],
    m.completeness.rows.map((r) => [
      h(r.title),
      h(r.audience),
      `${r.answered} of ${r.shown} (${h(r.fraction)})`,
      String(r.dontKnow),
    ]),
    undefined,
    [2, 3],
  );
  return `<section id="unknowns" class="major" aria-labelledby="h-gaps">
<h2 id="h-gaps">Knowledge gaps</h2>
${gaps}
<h2>Contradictions between respondents</h2>
${contradictions}
<h2>Completeness</h2>
${completeness}
${m.completeness.unknown.length > 0 ? list(m.completeness.unknown, "") : ""}
</section>`;
}

function labRun(r: LabRow): string {
  const metrics =
    r.metrics.length > 0
      ? table(
          ["Metric", "Value"],
          r.metrics.map((x) => [h(x.name), h(x.value)]),
          undefined,
          [1],
        )
      : "";
  const images =
    r.images.length > 0
      ? `<div class="examples">${r.images
          .map(
            (i) =>
              `<figure><img alt="${h(i.label)}" src="${h(i.src)}"><figcaption>${h(i.label)}</figcaption></figure>`,
          )
          .join("")}</div>`
      : "";
  const roc = r.roc
    ? figure(
        rocChartSvg([{ name: r.attack, points: r.roc }], {
          title: "Membership inference ROC",
          subtitle: `run ${r.id}`,
          logFpr: r.roc.some(([f]) => f > 0 && f < 0.01),
        }),
        `ROC curve of ${r.attack}: true-positive rate against false-positive rate.`,
        "The dashed line is chance. A curve far above it, above all at low false-positive rates, means the model leaks whether a record was in its training data.",
        640,
        480,
      )
    : "";
  return `<article class="lab-run">
<h3>${h(r.attack)} <span class="meta">${h(r.family)} · run ${code(r.id)}</span></h3>
<p>${h(r.summary)}</p>
<ul><li>Target: ${h(r.target)}</li><li>State: ${h(r.state)}; queries used ${h(r.queries)}; ${h(r.duration)}; started ${h(r.startedAt)}</li>${r.error ? `<li>Error: ${h(r.error)}</li>` : ""}</ul>
${metrics}${roc}${images}
</article>`;
}

function evidenceSection(m: ReportModel): string {
  const verified =
    m.verified.length > 0
      ? `<div class="verified"><h3>Answers verified by test</h3>${table(
          ["Question", "Attack", "Result"],
          m.verified.map((v) => [`${h(v.questionText)} ${code(v.question)}`, h(v.attack), h(v.summary)]),
        )}</div>`
      : "";
  const none =
    m.verified.length === 0 && m.lab.length === 0
      ? `<p class="none">No lab run yet: every answer is self-declared.</p>`
      : "";
  let peers = "";
  if (m.peers) {
    const rows = [
      { label: "Overall", percentile: m.peers.percentile },
      ...Object.entries(m.peers.classes ?? {}).map(([c, v]) => ({
        label: SHORT_CLASS_NAMES[c as keyof typeof SHORT_CLASS_NAMES] ?? c,
        percentile: v,
      })),
    ];
    const group = `${m.peers.count} pooled systems${m.peers.group ? ` in ${m.peers.group}` : ""}`;
    peers = `<h2>Peer comparison</h2><p>${h(m.peers.sentence)}</p>${figure(
      peerPercentileSvg(rows, group),
      `Percentile of this system's residual risk among ${group}: ${rows.map((r) => `${r.label} ${Math.round(r.percentile)}`).join(", ")}.`,
      "Percentile 50 is the median peer; higher means riskier than more peers.",
      760,
      110 + rows.length * 42,
    )}`;
  }
  return `<section id="evidence" class="major" aria-labelledby="h-lab">
<h2 id="h-lab">Lab evidence</h2>
${none}${verified}
${m.lab.map(labRun).join("\n")}
${peers}
</section>`;
}

/** Render a risk picture as a complete HTML document. */
export function renderHtml(picture: RiskPicture, ctx: ReportContext, options: HtmlOptions = {}): string {
  const m = buildReportModel(picture, ctx, options.catalog);
  const css = options.standalone
    ? `<style>${REPORT_CSS}</style>`
    : `<link rel="stylesheet" href="${h(options.cssHref ?? "/report.css")}">`;
  const meta = [
    m.system.domain ? `Domain: ${m.system.domain}` : "",
    `Generated ${m.generatedAt}`,
    `question catalog ${m.catalogVersion}`,
    `MITRE ATLAS ${m.atlasVersion}`,
  ].filter(Boolean);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="mlsa">
<title>${h(m.title)}</title>
${css}
</head>
<body class="report">
<header>
<h1>${h(m.title)}</h1>
<p class="meta">${h(meta.join(" · "))}</p>
<p class="overall">Overall risk ${rating(m.overall.rating)}</p>
</header>
<main>
${summarySection(picture, m)}
${riskSection(picture, m)}
${findingsSection(m)}
${mitigationsSection(m)}
${unknownsSection(m)}
${evidenceSection(m)}
</main>
<footer>
<p>Generated by mlsa, the ML security self-assessment. Ratings: ${["low", "medium", "high", "critical"].map((r) => ratingWord(r as "low")).join(" < ")}; score = residual likelihood level × impact level (1..25).</p>
<p>MITRE ATLAS and ATLAS are trademarks of The MITRE Corporation; technique and mitigation ids link to atlas.mitre.org.</p>
</footer>
</body>
</html>
`;
}
