// The Markdown report carries every part of the risk picture, in plain words, safely escaped.
import { describe, expect, it } from "vitest";
import { CATALOG } from "../catalog/index.js";
import { score } from "../scoring/index.js";
import type { ReportContext } from "./context.js";
import { mdEscape, renderMarkdown } from "./markdown.js";
import { example, sampleAnswers, sampleLabRun, samplePicture } from "./testing.js";

const ctx: ReportContext = {
  generatedAt: "2025-03-01T09:00:00.000Z",
  system: { name: "Card fraud scoring", domain: "finance" },
  labRuns: [sampleLabRun()],
  peers: { percentile: 81, count: 37, group: "finance", classes: { poisoning: 93 } },
};

describe("renderMarkdown", () => {
  const { picture, catalog } = example("fraud-feedback");
  const md = renderMarkdown(picture, ctx, catalog);

  it("has every section, in order", () => {
    const headings = [
      "# ML security risk report: Card fraud scoring",
      "## Summary for decision makers",
      "## Risk per attack class",
      "### Attack surface along the lifecycle",
      "### Risk-management maturity",
      "## Findings",
      "## Recommended mitigations",
      "## Knowledge gaps",
      "## Contradictions between respondents",
      "## Completeness",
      "## Lab evidence",
      "## Peer comparison",
    ];
    const at = headings.map((h) => md.indexOf(h));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });

  it("summarises for decision makers in plain words, starting with the overall rating", () => {
    const summary = md.slice(md.indexOf("## Summary"), md.indexOf("## Risk per attack class"));
    expect(summary).toContain(`Overall rating: ${picture.overall.rating.toUpperCase()}`);
    expect(summary).toContain("Is the risk managed?");
    expect(summary).toContain(`First step: ${picture.recommendations[0]!.name}`);
    expect(summary).toContain("higher than 81 % of them");
  });

  it("lists each class in the risk table and as a finding with its explanations", () => {
    for (const c of picture.classes) {
      expect(md).toMatch(
        new RegExp(`\\| ${c.name.replace(/[()]/g, "\\$&")} \\|.*\\| ${c.residual.score}/25 \\|`),
      );
      expect(md).toContain(`### ${c.name}: ${c.residual.rating.toUpperCase()} (${c.residual.score}/25)`);
      const strongest = c.likelihood.because[0];
      if (strongest) expect(md).toContain(mdEscape(strongest.text));
    }
  });

  it("ranks mitigations with trade-offs and ATLAS links", () => {
    const first = picture.recommendations[0]!;
    expect(md).toContain(`### 1. ${mdEscape(first.name)}`);
    expect(md).toContain(`**Trade-off:** ${mdEscape(first.tradeoff)}`);
    const linked = picture.recommendations.find((r) => r.atlas);
    expect(md).toContain(`[${linked!.atlas}](https://atlas.mitre.org/mitigations/${linked!.atlas})`);
    expect(md).toMatch(/\[AML\.T\d{4}[^\]]*\]\(https:\/\/atlas\.mitre\.org\/techniques\/AML\.T\d{4}/);
  });

  it("shows lab evidence with metrics, and completeness", () => {
    expect(md).toContain("run `run-0001`");
    expect(md).toContain("| AUC | 0.71 |");
    expect(md).toContain("| TPR at 1 % FPR | 0.09 |");
    expect(md).toContain("| TPR at 0.1 % FPR | 0.02 |");
    for (const q of picture.completeness.questionnaires) expect(md).toContain(`${q.answered} of ${q.shown}`);
  });

  it("names knowledge gaps and contradictions when answers have them", () => {
    const answers = sampleAnswers(CATALOG);
    const p = score(CATALOG, { answers });
    const text = renderMarkdown(p, { generatedAt: "now" });
    expect(p.gaps.length).toBeGreaterThan(0);
    for (const g of p.gaps) expect(text).toContain(`\`${g.question}\``);
    for (const c of p.contradictions) expect(text).toContain(mdEscape(c.message));
    expect(text).toContain("No lab run yet");
  });

  it("says what is unknown when a questionnaire is missing", () => {
    const { picture: partial } = example("public-image-api");
    const text = renderMarkdown(partial, { generatedAt: "now" });
    expect(text).toContain("security questionnaire is not answered");
    expect(text).toContain("| unknown |");
    expect(text).toContain("Defences are unknown");
  });

  it("escapes user-supplied text so it cannot inject markup", () => {
    const text = renderMarkdown(samplePicture(CATALOG), {
      generatedAt: "now",
      system: { name: "<script>alert(1)</script> | *x*", domain: "[link](javascript:x)" },
    });
    expect(text).not.toContain("<script>");
    expect(text).toContain("\\<script\\>");
    expect(text).toContain("\\| \\*x\\*");
    expect(text).not.toContain("[link](javascript");
  });

  it("is deterministic", () => {
    expect(renderMarkdown(picture, ctx, catalog)).toBe(md);
  });
});
