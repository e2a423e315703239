// Plain-text rendering of risk pictures and diffs for the terminal.

import { findQuestion } from "../catalog/model.js";
import type { AnswerValue } from "../contracts/answers.js";
import { ATTACK_CLASS_NAMES, type Catalog, DONT_KNOW, STAGE_NAMES } from "../contracts/catalog.js";
import type { Rating, RiskPicture } from "../contracts/result.js";
import type { AssessmentDiff } from "../scoring/diff.js";
import { removesText, worstFirst } from "../scoring/present.js";
import { style } from "./io.js";

const out = (line = "") => process.stdout.write(`${line}\n`);
const colour: Record<Rating, (s: string) => string> = {
  low: style.green,
  medium: style.yellow,
  high: style.magenta,
  critical: style.red,
};
const rated = (r: Rating) => colour[r](r.toUpperCase());
const pad = (s: string, n: number) => s + " ".repeat(Math.max(0, n - s.length));

/** Print a risk picture as a readable summary. */
export function printPicture(p: RiskPicture, name?: string): void {
  out(style.bold(`mlsa risk picture${name ? ` — ${name}` : ""} (catalog ${p.catalogVersion})`));
  out(`Overall: ${rated(p.overall.rating)}. ${p.overall.summary}`);
  out();
  out(
    style.bold(
      `${pad("attack class", 36)}${pad("likelihood", 12)}${pad("covered", 9)}${pad("after defences", 16)}${pad("impact", 8)}residual`,
    ),
  );
  let assumed = false;
  for (const c of worstFirst(p.classes)) {
    assumed ||= !c.likelihood.known || !c.impact.known || !c.coverage.known;
    const l = `${c.likelihood.level}/5${c.likelihood.known ? "" : "?"}`;
    const i = `${c.impact.level}/5${c.impact.known ? "" : "?"}`;
    const cov = c.coverage.known ? `${Math.round(c.coverage.value * 100)} %` : "?";
    out(
      `${pad(c.name, 36)}${pad(l, 12)}${pad(cov, 9)}${pad(`${c.residual.level}/5`, 16)}${pad(i, 8)}${rated(c.residual.rating)} (${c.residual.score}/25)`,
    );
  }
  out(style.dim("  residual = likelihood after defences × impact, out of 25"));
  if (assumed) out(style.dim("  ? = assumed, the questionnaire that would tell is not answered"));
  out();
  out(style.bold("Why (top reasons per class)"));
  for (const c of worstFirst(p.classes).filter((x) => x.residual.rating !== "low")) {
    out(`  ${c.name}:`);
    for (const e of c.likelihood.because.slice(0, 3)) out(`    - ${e.text}`);
    for (const e of c.coverage.because.slice(0, 2)) out(`    - ${e.text}`);
  }
  out();
  out(style.bold("Lifecycle heat map (share of possible exposure present)"));
  out(`  ${pad("", 26)}${p.classes.map((c) => pad(c.attackClass.slice(0, 10), 12)).join("")}`);
  for (const row of p.heatmap) {
    const cells = p.classes
      .map((c) => pad(`${Math.round((row.values[c.attackClass] ?? 0) * 100)} %`, 12))
      .join("");
    out(`  ${pad(STAGE_NAMES[row.stage], 26)}${cells}`);
  }
  out();
  out(`${style.bold("Risk-management maturity:")} ${p.maturity.level ?? "?"}/5 — ${p.maturity.label}`);
  if (p.recommendations.length > 0) {
    out();
    out(style.bold("Recommended mitigations (most residual risk removed first)"));
    p.recommendations.slice(0, 8).forEach((r, i) => {
      out(`  ${i + 1}. ${r.name}${r.atlas ? ` [${r.atlas}]` : ""} — ${removesText(r)}`);
      out(style.dim(`     trade-off: ${r.tradeoff}`));
    });
  }
  if (p.gaps.length > 0) {
    out();
    out(style.bold(`Knowledge gaps (${p.gaps.length} "don't know" answers to close first)`));
    for (const g of p.gaps.slice(0, 10)) out(`  - [${g.questionnaire}] ${g.text}`);
  }
  if (p.contradictions.length > 0) {
    out();
    out(style.bold("Contradictions between respondents"));
    for (const c of p.contradictions) out(`  - ${c.message}`);
  }
  if (p.completeness.unknown.length > 0) {
    out();
    out(style.bold("Completeness"));
    for (const u of p.completeness.unknown) out(`  - ${u}`);
  }
}

/** An answer as the respondent saw it: option labels, not ids ("(not answered)" for none). */
function answerLabels(catalog: Catalog, questionId: string, v: AnswerValue | null): string {
  if (v === null) return "(not answered)";
  const options = findQuestion(catalog, questionId)?.options ?? [];
  const label = (id: string) =>
    id === DONT_KNOW ? "Don't know" : (options.find((o) => o.id === id)?.label ?? id);
  return Array.isArray(v) ? v.map(label).join("; ") : label(v);
}

/** Print a diff of two assessments; answers are shown with the option labels of `catalog`. */
export function printDiff(d: AssessmentDiff, catalog: Catalog): void {
  out(style.bold(`${d.answers.length} answer(s) changed`));
  for (const a of d.answers)
    out(
      `  ${a.question}: ${answerLabels(catalog, a.question, a.before)} → ${answerLabels(catalog, a.question, a.after)}`,
    );
  out();
  out(style.bold("Residual risk per class"));
  for (const c of d.classes) {
    const arrow = c.scoreAfter > c.scoreBefore ? "↑" : c.scoreAfter < c.scoreBefore ? "↓" : "=";
    out(
      `  ${pad(ATTACK_CLASS_NAMES[c.attackClass], 36)}${rated(c.before)} (${c.scoreBefore}) ${arrow} ${rated(c.after)} (${c.scoreAfter})`,
    );
  }
  if (d.newFindings.length)
    out(`New high/critical findings: ${d.newFindings.map((c) => ATTACK_CLASS_NAMES[c]).join(", ")}`);
  if (d.closedFindings.length)
    out(`Closed findings: ${d.closedFindings.map((c) => ATTACK_CLASS_NAMES[c]).join(", ")}`);
}
