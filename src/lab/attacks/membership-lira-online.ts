// LiRA's online variant (Carlini et al., S&P 2022, Algorithm 1): shadow models trained on the
// candidates' own records as well as on reference data, so that every candidate is IN for some
// models and OUT for the others. membership-lira.ts turns both sides into the likelihood ratio.
import { Invalid } from "../../contracts/errors.js";
import type { AttackContext, LabExample } from "../attack.js";
import { createRng, type Rng } from "../rng.js";
import { type ShadowRecipe, shadowPhi, withShadowModels } from "./shadow-common.js";

/** A record as the attacker holds it: features and true label, never its membership. */
export type AttackerRecord = Pick<LabExample, "x" | "y">;

/** Which shadow model trains on which records (pool indices: the candidates first, then the reference data). */
export interface OnlineDesign {
  /** How many shadow models hold each candidate in their training set (the same for every candidate). */
  inModels: number;
  /** Per shadow model, the pool indices of its training set: exactly `size` of them, candidates first. */
  trainSets: number[][];
}

/**
 * Spread `candidates` over `models` training sets of `size` records: every candidate goes into
 * k = min(⌊models / 2⌋, ⌊models · size / candidates⌋) of them (half, as in the paper, when the sets
 * have room), picked at random among the least-filled sets so each set holds about as many
 * candidates as the others; the rest of each set is drawn at random from the reference data.
 * Throws Invalid when k < 2 (no IN variance to estimate) or the reference data cannot fill the sets.
 */
export function onlineDesign(o: {
  candidates: number;
  reference: number;
  models: number;
  size: number;
  seed: string;
}): OnlineDesign {
  if (o.models < 4) {
    throw new Invalid(
      `online LiRA needs at least 4 shadow models (every candidate IN for half of them, at least 2), got ${o.models}`,
      [{ path: "params.shadowModels", message: "at least 4 for variant online" }],
    );
  }
  const k = Math.min(Math.floor(o.models / 2), Math.floor((o.models * o.size) / o.candidates));
  if (k < 2) {
    const need = `shadowModels × shadowTrainSize ≥ ${2 * o.candidates}`;
    throw new Invalid(
      `online LiRA puts every candidate into at least 2 shadow training sets: ${o.candidates} candidates need ` +
        `${need}, got ${o.models} × ${o.size}; raise either, or supply fewer candidates`,
      [
        { path: "params.shadowModels", message: need },
        { path: "params.shadowTrainSize", message: need },
      ],
    );
  }
  const rng = createRng(`${o.seed}:lira-online`);
  const trainSets: number[][] = Array.from({ length: o.models }, () => []);
  for (const i of rng.shuffle(Array.from({ length: o.candidates }, (_, i) => i))) {
    const order = trainSets
      .map((set, m) => ({ m, load: set.length, tie: rng.next() }))
      .sort((a, b) => a.load - b.load || a.tie - b.tie);
    for (const { m } of order.slice(0, k)) trainSets[m]!.push(i);
  }
  const fill = o.size - Math.min(...trainSets.map((s) => s.length));
  if (fill > o.reference) {
    throw new Invalid(
      `online LiRA fills each shadow training set up to shadowTrainSize (${o.size}) with reference records: ` +
        `it needs ${fill}, there are ${o.reference}; supply more reference data or lower shadowTrainSize`,
      [{ path: "params.shadowTrainSize", message: `at most ${o.size - fill + o.reference}` }],
    );
  }
  for (const set of trainSets) {
    set.sort((a, b) => a - b);
    for (const r of sample(o.reference, o.size - set.length, rng)) set.push(o.candidates + r);
  }
  return { inModels: k, trainSets };
}

/** `count` distinct indices in [0, n), in random order (partial Fisher–Yates). */
function sample(n: number, count: number, rng: Rng): number[] {
  const idx = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < count; i++) {
    const j = i + rng.int(n - i);
    [idx[i], idx[j]] = [idx[j]!, idx[i]!];
  }
  return idx.slice(0, count);
}

/** Per candidate, the shadow models' true-class confidences φ, split by whether they trained on it. */
export interface OnlineConfidences {
  phiIn: number[][];
  phiOut: number[][];
  inModels: number;
  /** Records per shadow training set. */
  size: number;
}

/**
 * Train `recipe.shadowModels` shadow models on the candidates' records and the reference data
 * (see {@link onlineDesign}) and collect each candidate's IN and OUT confidences. Default set
 * size: half the pool, at most 1000. Sends no query.
 */
export async function onlineConfidences(
  ctx: AttackContext<unknown>,
  recipe: ShadowRecipe & { shadowModels: number },
  records: readonly AttackerRecord[],
  reference: readonly LabExample[],
): Promise<OnlineConfidences> {
  const size = recipe.shadowTrainSize ?? Math.min(1000, Math.floor((records.length + reference.length) / 2));
  const design = onlineDesign({
    candidates: records.length,
    reference: reference.length,
    models: recipe.shadowModels,
    size,
    seed: String(ctx.seed),
  });
  const pool = [...records, ...reference];
  const phiIn: number[][] = records.map(() => []);
  const phiOut: number[][] = records.map(() => []);
  await withShadowModels(
    ctx,
    recipe,
    pool,
    recipe.shadowModels,
    size,
    (model) => {
      const inside = new Set(model.trainIndices);
      shadowPhi(model, records).forEach((phi, i) => {
        (inside.has(i) ? phiIn : phiOut)[i]!.push(phi);
      });
    },
    { from: 0, to: 0.9 },
    (m) => design.trainSets[m]!,
  );
  return { phiIn, phiOut, inModels: design.inModels, size };
}
