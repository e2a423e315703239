// The content of a report, format-neutral: plain-words summary, risk table, findings, mitigations,
// gaps, contradictions, completeness, lab evidence and peers. Markdown and HTML render this.

import { ATLAS_VERSION } from "../catalog/atlas-data.js";
import { findQuestion, getCatalog } from "../catalog/index.js";
import {
  ATTACK_CLASS_NAMES,
  ATTACK_CLASSES,
  type AttackClass,
  type Catalog,
  QUESTIONNAIRE_INFO,
  type Questionnaire,
  STAGE_NAMES,
} from "../contracts/catalog.js";
import type { LabRun } from "../contracts/lab.js";
import type { Rating, RiskPicture } from "../contracts/result.js";
import { shareText, worstFirst } from "../scoring/present.js";
import type { PeerComparison, ReportContext } from "./context.js";
import { exposedTechniques } from "./techniques.js";

/** What each attack class means for the business, in plain words. */
export const CLASS_PLAIN = {
  evasion:
    "an attacker crafts inputs that the model gets wrong on purpose, for example to slip past a fraud or abuse check",
  poisoning:
    "an attacker slips manipulated data into training, so the model learns wrong behaviour or a hidden backdoor trigger",
  extraction:
    "an attacker copies the model's behaviour through its prediction API, taking the investment and making other attacks easier",
  membership: "an attacker learns whether a given person's record was part of the training data",
  inversion: "an attacker reconstructs typical training examples, such as faces or records, from the model",
  attribute: "an attacker infers sensitive attributes of people from what the model returns about them",
} as const satisfies Record<AttackClass, string>;

/** A 0..1 fraction as a whole percentage. */
export const percent = (x: number): string => `${Math.round(x * 100)} %`;
/** A rating in capitals, e.g. HIGH. */
export const ratingWord = (r: Rating): string => r.toUpperCase();

/** A list cut to its first items, with how many were left out. */
export interface Capped {
  items: string[];
  more: number;
}

/** Explanations shown per list in findings; the JSON report keeps all of them. */
export const LIST_LIMIT = 8;
/** Mitigations shown in full (description, trade-off, answers); the rest are listed briefly. */
export const DETAILED_MITIGATIONS = 8;
/** ATLAS techniques named per finding; the Navigator layer has all of them. */
export const TECHNIQUE_LIMIT = 10;

/** The first `limit` items and the count of the rest. */
export function cap(items: readonly string[], limit: number): Capped {
  return { items: items.slice(0, limit), more: Math.max(0, items.length - limit) };
}

export interface ClassRow {
  attackClass: AttackClass;
  name: string;
  rating: Rating;
  score: number;
  likelihood: string;
  impact: string;
  coverage: string;
  residual: string;
  inherentScore: number;
}

export interface Finding {
  attackClass: AttackClass;
  name: string;
  rating: Rating;
  score: number;
  summary: string;
  meaning: string;
  likelihood: Capped;
  impact: Capped;
  coverage: Capped;
  techniques: { id: string; name: string; url: string }[];
  moreTechniques: number;
  verified: string[];
}

export interface RecommendationRow {
  rank: number;
  name: string;
  description: string;
  tradeoff: string;
  atlas: string | null;
  atlasUrl: string | null;
  /** Share of the total residual risk this mitigation removes, "24.3 %" (scoring/present.ts). */
  share: string;
  reduction: number;
  classes: string[];
  inPlace: string;
  because: Capped;
}

export interface LabRow {
  id: string;
  attack: string;
  family: string;
  target: string;
  state: string;
  queries: string;
  duration: string;
  metrics: { name: string; value: string }[];
  summary: string;
  error?: string;
  startedAt: string;
  images: { label: string; src: string }[];
  roc?: Array<[number, number]>;
}

export interface ReportModel {
  title: string;
  system: { name?: string; domain?: string };
  generatedAt: string;
  catalogVersion: string;
  atlasVersion: string;
  overall: { rating: Rating; summary: string };
  keyPoints: string[];
  classes: ClassRow[];
  heatmap: { stage: string; cells: { attackClass: AttackClass; value: string }[] }[];
  maturity: { level: number | null; label: string; because: string[] };
  findings: Finding[];
  recommendations: RecommendationRow[];
  gaps: { questionnaire: string; question: string; text: string }[];
  contradictions: { message: string; questions: { id: string; text: string }[] }[];
  completeness: {
    rows: {
      questionnaire: Questionnaire;
      title: string;
      audience: string;
      answered: number;
      shown: number;
      dontKnow: number;
      fraction: string;
    }[];
    unknown: string[];
  };
  verified: { question: string; questionText: string; attack: string; summary: string }[];
  lab: LabRow[];
  peers?: PeerComparison & { sentence: string };
}

const questionText = (catalog: Catalog | undefined, id: string) =>
  (catalog && findQuestion(catalog, id)?.text) || id;

function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v)) return String(v);
  return Math.abs(v) >= 100 ? v.toFixed(0) : Number(v.toPrecision(3)).toString();
}

const ACRONYMS = new Set(["auc", "tpr", "fpr", "l2", "api", "asr"]);

/** A lab metric's camelCase name in words: "tprAt01PctFpr" → "TPR at 0.1 % FPR", "medianL2" → "median L2". */
export function metricName(name: string): string {
  const tpr = name.match(/^tprAt(0?)(\d+)PctFpr$/);
  if (tpr) return `TPR at ${tpr[1] ? `0.${tpr[2]}` : tpr[2]} % FPR`;
  return name
    .replace(/([a-z])([A-Z0-9])/g, "$1 $2")
    .replace(/([0-9])([A-Za-z])/g, "$1 $2")
    .toLowerCase()
    .split(" ")
    .map((w) => (w === "linf" ? "L∞" : ACRONYMS.has(w) ? w.toUpperCase() : w))
    .join(" ");
}

/** ROC points stored by a lab run as an example whose values hold `fpr` and `tpr` arrays. */
export function rocPointsOf(run: LabRun): Array<[number, number]> | undefined {
  for (const ex of run.examples) {
    const fpr = ex.values?.fpr;
    const tpr = ex.values?.tpr;
    if (fpr && tpr && fpr.length === tpr.length && fpr.length >= 2) {
      return fpr.map((f, i) => [f, tpr[i] ?? 0] as [number, number]);
    }
  }
  return undefined;
}

/** " (class 4)" after an original or adversarial example image, using the target's class names. */
function classNote(run: LabRun, ex: LabRun["examples"][number], kind: string): string {
  const index =
    kind === "original" ? ex.originalClass : kind === "adversarial" ? ex.adversarialClass : undefined;
  if (index === undefined) return "";
  return ` (class ${run.target.classNames?.[index] ?? index})`;
}

function labRow(run: LabRun): LabRow {
  const images = run.examples
    .slice(0, 2)
    .flatMap((ex) =>
      Object.entries(ex.images ?? {})
        .filter(([, src]) => src.startsWith("data:image/png;base64,"))
        .map(([kind, src]) => ({ label: `${ex.label}: ${kind}${classNote(run, ex, kind)}`, src })),
    )
    .slice(0, 6);
  const roc = rocPointsOf(run);
  return {
    id: run.id,
    attack: run.attack,
    family: run.family,
    target: `${run.target.description} (${run.target.kind}, returns ${run.target.output})`,
    state: run.state,
    queries: `${run.queriesUsed} of ${run.budget}`,
    duration: `${(run.wallTimeMs / 1000).toFixed(1)} s`,
    metrics: Object.entries(run.metrics)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, value]) => ({ name: metricName(name), value: formatNumber(value) })),
    summary: run.summary,
    ...(run.error ? { error: run.error } : {}),
    startedAt: run.startedAt,
    images,
    ...(roc ? { roc } : {}),
  };
}

function keyPoints(p: RiskPicture, sorted: RiskPicture["classes"], ctx: ReportContext): string[] {
  const points: string[] = [];
  points.push(`Overall rating: ${ratingWord(p.overall.rating)}. ${p.overall.summary}`);
  const serious = sorted.filter((c) => c.residual.rating === "high" || c.residual.rating === "critical");
  for (const c of (serious.length > 0 ? serious : sorted.slice(0, 1)).slice(0, 3)) {
    points.push(
      `${c.name}, ${c.residual.rating} (${c.residual.score} of 25): ${CLASS_PLAIN[c.attackClass]}.`,
    );
  }
  const securityKnown = p.classes.some((c) => c.coverage.known);
  const meanCoverage = p.classes.reduce((s, c) => s + c.coverage.value, 0) / Math.max(1, p.classes.length);
  const maturity =
    p.maturity.level === null
      ? "Risk-management maturity is unknown (no process question answered)."
      : `Risk-management maturity is level ${p.maturity.level} of 5 (${p.maturity.label}).`;
  const defences = securityKnown
    ? `Defences in place remove on average ${percent(meanCoverage)} of the attack likelihood.`
    : "Defences are unknown: the security questionnaire is not answered, so none are counted.";
  points.push(`Is the risk managed? ${maturity} ${defences}`);
  const top = p.recommendations[0];
  if (top) {
    const next = p.recommendations.slice(1, 3).map((r) => r.name);
    points.push(
      `First step: ${top.name}, which alone removes ${shareText(top)} of the remaining risk (trade-off: ${top.tradeoff.replace(/\.$/, "")}).${next.length > 0 ? ` Then: ${next.join("; ")}.` : ""}`,
    );
  }
  if (p.gaps.length > 0) {
    points.push(
      `${p.gaps.length} question${p.gaps.length === 1 ? " was" : "s were"} answered "don't know"; finding out may raise or lower the rating, so close these gaps first.`,
    );
  }
  if (p.contradictions.length > 0) {
    points.push(
      `${p.contradictions.length} pair${p.contradictions.length === 1 ? "" : "s"} of answers from different respondents contradict each other; resolve them before relying on this report.`,
    );
  }
  const runs = (ctx.labRuns ?? []).filter((r) => r.state === "succeeded").length;
  const verified = p.verified.length;
  const runText = `${runs} attack run${runs === 1 ? "" : "s"} completed against the model`;
  points.push(
    verified > 0
      ? `Evidence: ${verified} answer${verified === 1 ? " is" : "s are"} verified by lab test${runs > 0 ? ` and ${runText}` : ""}; everything else is self-declared.`
      : runs > 0
        ? `Evidence: ${runText} (see lab evidence), but no answer is marked as verified by test yet; the answers are self-declared.`
        : "Evidence: every answer is self-declared; none has been verified by a lab test yet.",
  );
  if (ctx.peers) points.push(peerSentence(ctx.peers));
  return points;
}

function peerSentence(peers: PeerComparison): string {
  const group = peers.group ? ` in ${peers.group}` : "";
  return `Compared with ${peers.count} pooled peer system${peers.count === 1 ? "" : "s"}${group}, this system's overall residual risk is higher than ${Math.round(peers.percentile)} % of them.`;
}

/** Build the format-neutral content of a report. `catalog` defaults to the picture's catalog version. */
export function buildReportModel(picture: RiskPicture, ctx: ReportContext, catalog?: Catalog): ReportModel {
  const cat = catalog ?? getCatalog(picture.catalogVersion);
  const sorted = worstFirst(picture.classes);
  const techniques = cat ? exposedTechniques(picture, cat) : [];
  const verifiedFor = (c: AttackClass) => {
    const ids = new Set(
      [picture.classes.find((x) => x.attackClass === c)]
        .flatMap((x) => [...(x?.likelihood.because ?? []), ...(x?.coverage.because ?? [])])
        .map((e) => e.question),
    );
    return picture.verified.filter((v) => ids.has(v.question)).map((v) => `${v.attack}: ${v.summary}`);
  };
  // Per class: the techniques most answers point at first.
  const techniquesOf = (c: AttackClass) => {
    const all = techniques
      .filter((t) => t.classes.includes(c))
      .sort((a, b) => b.answers.length - a.answers.length || a.id.localeCompare(b.id));
    return {
      techniques: all.slice(0, TECHNIQUE_LIMIT).map((t) => ({ id: t.id, name: t.name, url: t.url })),
      moreTechniques: Math.max(0, all.length - TECHNIQUE_LIMIT),
    };
  };
  const assumed = (known: boolean) => (known ? "" : " (assumed)");
  const name = ctx.system?.name;
  return {
    title: name ? `ML security risk report: ${name}` : "ML security risk report",
    system: { ...(name ? { name } : {}), ...(ctx.system?.domain ? { domain: ctx.system.domain } : {}) },
    generatedAt: ctx.generatedAt,
    catalogVersion: picture.catalogVersion,
    atlasVersion: ATLAS_VERSION,
    overall: { rating: picture.overall.rating, summary: picture.overall.summary },
    keyPoints: keyPoints(picture, sorted, ctx),
    classes: sorted.map((c) => ({
      attackClass: c.attackClass,
      name: c.name,
      rating: c.residual.rating,
      score: c.residual.score,
      likelihood: `${c.likelihood.level}/5${assumed(c.likelihood.known)}`,
      impact: `${c.impact.level}/5${assumed(c.impact.known)}`,
      coverage: c.coverage.known ? percent(c.coverage.value) : "unknown",
      residual: `${c.residual.level}/5`,
      inherentScore: c.likelihood.level * c.impact.level,
    })),
    heatmap: picture.heatmap.map((row) => ({
      stage: STAGE_NAMES[row.stage],
      cells: ATTACK_CLASSES.map((c) => ({ attackClass: c, value: percent(row.values[c] ?? 0) })),
    })),
    maturity: {
      level: picture.maturity.level,
      label: picture.maturity.label,
      because: picture.maturity.because.map((e) => e.text),
    },
    findings: sorted.map((c) => ({
      attackClass: c.attackClass,
      name: c.name,
      rating: c.residual.rating,
      score: c.residual.score,
      summary: c.summary,
      meaning: CLASS_PLAIN[c.attackClass],
      likelihood: cap(
        c.likelihood.because.map((e) => e.text),
        LIST_LIMIT,
      ),
      impact: cap(
        c.impact.because.map((e) => e.text),
        LIST_LIMIT,
      ),
      coverage: cap(
        c.coverage.because.map((e) => e.text),
        LIST_LIMIT,
      ),
      ...techniquesOf(c.attackClass),
      verified: verifiedFor(c.attackClass),
    })),
    recommendations: picture.recommendations.map((r, i) => ({
      rank: i + 1,
      name: r.name,
      description: r.description,
      tradeoff: r.tradeoff,
      atlas: r.atlas,
      atlasUrl: r.atlasUrl,
      share: shareText(r),
      reduction: r.reduction,
      classes: r.classes.map((c) => ATTACK_CLASS_NAMES[c]),
      inPlace: r.inPlace > 0 ? `partly (${percent(r.inPlace)})` : "no",
      because: cap(r.because, 5),
    })),
    gaps: picture.gaps.map((g) => ({
      questionnaire: QUESTIONNAIRE_INFO[g.questionnaire].title,
      question: g.question,
      text: g.text,
    })),
    contradictions: picture.contradictions.map((c) => ({
      message: c.message,
      questions: c.questions.map((id) => ({ id, text: questionText(cat, id) })),
    })),
    completeness: {
      rows: picture.completeness.questionnaires.map((q) => ({
        questionnaire: q.questionnaire,
        title: QUESTIONNAIRE_INFO[q.questionnaire].title,
        audience: QUESTIONNAIRE_INFO[q.questionnaire].audience,
        answered: q.answered,
        shown: q.shown,
        dontKnow: q.dontKnow,
        fraction: percent(q.fraction),
      })),
      unknown: picture.completeness.unknown,
    },
    verified: picture.verified.map((v) => ({ ...v, questionText: questionText(cat, v.question) })),
    lab: (ctx.labRuns ?? []).map(labRow),
    ...(ctx.peers ? { peers: { ...ctx.peers, sentence: peerSentence(ctx.peers) } } : {}),
  };
}
