// Attribute inference on tabular data (Fredrikson et al., USENIX Security 2014; Yeom et al. 2018):
// knowing a person's other features and the model's label for them, try each value of the hidden
// sensitive feature and keep the one the model finds most consistent, weighted by its prior.
import { z } from "zod";
import { Invalid } from "../../contracts/errors.js";
import { type AttackContext, type AttackResult, defineAttack, type LabExample } from "../attack.js";
import { createOracle } from "../oracle.js";
import { queryAll } from "./membership-common.js";

const Params = z
  .object({
    /** The sensitive feature: its index or (when the target names its features) its name. */
    attribute: z.union([z.number().int().min(0), z.string().min(1)]),
    /** Candidate values to try; default: derived from the attribute's marginal distribution. */
    values: z.array(z.number()).min(2).max(50).optional(),
    /** A marginal with more distinct values than this is cut into `bins` quantile bins. */
    maxDistinct: z.number().int().min(2).max(50).default(10),
    bins: z.number().int().min(2).max(20).default(5),
    /**
     * `confidence`: weight each value's prior by the target's score for the known label (needs
     * scores); `label`: by whether the target's label matches (Fredrikson et al.'s label-only form).
     */
    weighting: z.enum(["confidence", "label"]).default("confidence"),
  })
  .strict();

/** The values tried for the hidden attribute, their prior, and how a true value maps to one of them. */
export interface AttributeDomain {
  values: number[];
  prior: number[];
  /** Index of the candidate a true value counts as (its bin, or the nearest value). */
  classify(v: number): number;
}

/**
 * Candidate values and their prior from the attribute's observed marginal `sample`: its distinct
 * values when there are few, else one representative (the median) per quantile bin; or the given
 * `values`, each taking the prior mass of the sample values nearest to it.
 */
export function attributeDomain(
  sample: readonly number[],
  options: { values?: readonly number[]; maxDistinct: number; bins: number },
): AttributeDomain {
  const sorted = [...sample].sort((a, b) => a - b);
  const nearest = (values: readonly number[]) => (v: number) => {
    let best = 0;
    for (let i = 1; i < values.length; i++)
      if (Math.abs(values[i]! - v) < Math.abs(values[best]! - v)) best = i;
    return best;
  };
  const withPrior = (values: number[], classify: (v: number) => number): AttributeDomain => {
    const counts = values.map(() => 0);
    for (const v of sorted) counts[classify(v)]!++;
    return { values, prior: counts.map((c) => c / Math.max(1, sorted.length)), classify };
  };
  if (options.values) return withPrior([...options.values], nearest(options.values));
  const distinct = [...new Set(sorted)];
  if (distinct.length <= options.maxDistinct) return withPrior(distinct, nearest(distinct));
  const bins = options.bins;
  // Upper edges at the i/bins quantiles; a value belongs to the first bin whose edge is ≥ it.
  const edges = Array.from(
    { length: bins - 1 },
    (_, i) => sorted[Math.floor(((i + 1) * sorted.length) / bins)]!,
  );
  const classify = (v: number) => {
    const i = edges.findIndex((e) => v < e);
    return i < 0 ? bins - 1 : i;
  };
  const members = Array.from({ length: bins }, () => [] as number[]);
  for (const v of sorted) members[classify(v)]!.push(v);
  const values = members.map((m, i) =>
    m.length > 0 ? m[Math.floor(m.length / 2)]! : (edges[i] ?? edges[i - 1]!),
  );
  return withPrior(values, classify);
}

function resolveAttribute(ctx: AttackContext<z.output<typeof Params>>): number {
  const a = ctx.params.attribute;
  const info = ctx.target.info;
  const dims = info.inputShape.reduce((x, y) => x * y, 1);
  const index = typeof a === "number" ? a : (info.featureNames?.indexOf(a) ?? -1);
  if (index < 0 || index >= dims) {
    const known = info.featureNames ? ` (features: ${info.featureNames.join(", ")})` : "";
    throw new Invalid(`attribute "${a}" is not a feature of ${info.description}${known}`, [
      { path: "params.attribute", message: `an index below ${dims} or a feature name` },
    ]);
  }
  return index;
}

export const attributeInference = defineAttack({
  id: "attribute-inference",
  family: "inference",
  name: "Attribute inference (model inversion of a sensitive feature)",
  paper: {
    authors: "Matthew Fredrikson, Eric Lantz, Somesh Jha, Simon Lin, David Page, Thomas Ristenpart",
    title: "Privacy in Pharmacogenetics: An End-to-End Case Study of Personalized Warfarin Dosing",
    venue: "USENIX Security Symposium",
    year: 2014,
    url: "https://www.usenix.org/conference/usenixsecurity14/technical-sessions/presentation/fredrikson_matthew",
  },
  requires: { outputs: ["label", "topk", "probs"], inputs: true },
  params: Params,
  description:
    "For records whose features and label the attacker knows except one sensitive feature: query the " +
    "target with each candidate value of that feature and pick the value with the highest prior × " +
    "(score of the known label). Reports accuracy against the baseline of always guessing the marginal's " +
    "most common value, and the advantage over it (also separately for members and non-members when " +
    "records are labelled). Priors come from the reference data, else from the records' own marginal.",
  run: (ctx) => runAttributeInference(ctx),
});

async function runAttributeInference(ctx: AttackContext<z.output<typeof Params>>): Promise<AttackResult> {
  const p = ctx.params;
  const info = ctx.target.info;
  const a = resolveAttribute(ctx);
  const fromReference = (ctx.reference ?? []).length > 0;
  const marginal = (fromReference ? ctx.reference! : ctx.inputs).map((r) => r.x[a]!);
  const domain = attributeDomain(marginal, p);
  const k = domain.values.length;
  const records: LabExample[] = ctx.inputs.slice(0, Math.floor(ctx.target.remaining / k));
  if (records.length === 0) {
    throw new Invalid(
      `a budget of ${ctx.target.remaining} queries cannot test ${k} values for even one record`,
    );
  }
  const useScores = p.weighting === "confidence" && info.output !== "label";
  const queries = records.flatMap((r) =>
    domain.values.map((v) => {
      const x = Float32Array.from(r.x);
      x[a] = v;
      return x;
    }),
  );
  const oracle = createOracle(ctx);
  const preds = await queryAll(
    queries,
    (xs) => oracle.predict(xs),
    (done) => ctx.onProgress(done / queries.length, `${done} of ${queries.length} queries`),
  );
  const mode = domain.prior.indexOf(Math.max(...domain.prior));
  const guessed: number[] = [];
  const truth: number[] = [];
  records.forEach((r, i) => {
    let best = -1;
    let bestScore = Number.NEGATIVE_INFINITY;
    for (let j = 0; j < k; j++) {
      const pred = preds[i * k + j]!;
      const fit = useScores ? (pred.scores?.[r.y] ?? 0) : pred.label === r.y ? 1 : 0;
      const score = domain.prior[j]! * fit;
      // Ties (e.g. no value gives the label) go to the more common value.
      if (score > bestScore || (score === bestScore && best >= 0 && domain.prior[j]! > domain.prior[best]!)) {
        best = j;
        bestScore = score;
      }
    }
    guessed.push(bestScore > 0 ? best : mode);
    truth.push(domain.classify(r.x[a]!));
  });
  const acc = (idx: number[]) =>
    idx.length === 0 ? Number.NaN : idx.filter((i) => guessed[i] === truth[i]).length / idx.length;
  const all = records.map((_, i) => i);
  const accuracy = acc(all);
  const baseline = all.filter((i) => truth[i] === mode).length / all.length;
  const metrics: Record<string, number> = {
    accuracy,
    baselineAccuracy: baseline,
    advantage: accuracy - baseline,
    records: records.length,
    candidateValues: k,
    priorFromReference: fromReference ? 1 : 0,
    usedScores: useScores ? 1 : 0,
    queries: oracle.used(),
  };
  const members = all.filter((i) => records[i]!.member === true);
  const nonMembers = all.filter((i) => records[i]!.member === false);
  if (members.length > 0 && nonMembers.length > 0) {
    metrics.accuracyMembers = acc(members);
    metrics.accuracyNonMembers = acc(nonMembers);
  }
  const featureName = info.featureNames?.[a] ?? `feature ${a}`;
  const pct = (v: number) => `${(v * 100).toFixed(1)} %`;
  const count = (list: number[], j: number) => list.filter((g) => g === j).length;
  return {
    metrics,
    summary:
      `Attribute inference of ${featureName} over ${records.length} records (${k} candidate values): ` +
      `${pct(accuracy)} correct against ${pct(baseline)} for always guessing the most common value ` +
      `(advantage ${(100 * (accuracy - baseline)).toFixed(1)} points${
        metrics.accuracyMembers !== undefined
          ? `; ${pct(metrics.accuracyMembers)} on training members vs ${pct(metrics.accuracyNonMembers!)} on non-members`
          : ""
      }).`,
    examples: [
      {
        label: `${featureName}: candidate values, their prior, and how often each was the truth and the guess`,
        values: {
          values: domain.values,
          prior: domain.prior,
          truth: domain.values.map((_, j) => count(truth, j)),
          guessed: domain.values.map((_, j) => count(guessed, j)),
        },
      },
    ],
  };
}
