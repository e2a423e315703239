// Building blocks of the poison generators: seeded nested choice of victims, relabelling, triggers
// as (feature index, value) cells, patch geometry for images. Pure; nothing here trains or reads files.
import { Invalid } from "../../contracts/errors.js";
import type { Dataset } from "../datasets.js";
import { inputLayout } from "../layout.js";
import type { Rng } from "../rng.js";
import type { PoisonedSet } from "./types.js";

/**
 * The first `k` of a seeded permutation of `candidates`. With a generator in the same state, a
 * larger `k` returns a superset (nested poison sets across rates).
 */
export function pickNested(candidates: readonly number[], k: number, rng: Rng): number[] {
  return rng.shuffle([...candidates]).slice(0, Math.max(0, Math.min(k, candidates.length)));
}

/** Indices of the examples whose label satisfies `keep`. */
export function indicesWhere(data: Dataset, keep: (label: number) => boolean): number[] {
  const out: number[] = [];
  data.y.forEach((y, i) => {
    if (keep(y)) out.push(i);
  });
  return out;
}

/** A copy of `data` with new labels at some indices (features shared, not copied). */
export function relabel(data: Dataset, changes: ReadonlyMap<number, number>): PoisonedSet {
  const y = data.y.map((label, i) => changes.get(i) ?? label);
  return { data: { ...data, y }, poisoned: changes.size, indices: [...changes.keys()] };
}

/** A trigger: set feature `index` to `value` for every cell. */
export type TriggerCells = ReadonlyArray<readonly [index: number, value: number]>;

/** A copy of `x` with the trigger stamped on. */
export function applyTrigger(x: Float32Array, cells: TriggerCells): Float32Array {
  const out = Float32Array.from(x);
  for (const [i, v] of cells) out[i] = v;
  return out;
}

/** Image corners a patch can sit in. */
export const CORNERS = ["bottom-right", "bottom-left", "top-right", "top-left"] as const;
export type Corner = (typeof CORNERS)[number];

/**
 * The cells of a square patch of side `size`, `margin` pixels from the edges of `corner`, every
 * channel set to `value`. Throws Invalid when the data are not images or the patch does not fit.
 */
export function patchCells(
  inputShape: readonly number[],
  patch: { size: number; corner: Corner; margin: number; value: number },
): TriggerCells {
  const layout = inputLayout({ inputShape: [...inputShape] });
  if (layout.kind !== "image") {
    throw new Invalid(
      `a patch trigger needs image data, but inputs have shape [${inputShape.join(", ")}]; ` +
        "give the image shape (e.g. 28,28) or use a feature-pattern trigger",
      [{ path: "params.trigger", message: "patch needs image inputs" }],
    );
  }
  const { size, margin } = patch;
  if (size + margin > Math.min(layout.height, layout.width)) {
    throw new Invalid(
      `a ${size}×${size} patch with margin ${margin} does not fit a ${layout.height}×${layout.width} image`,
      [{ path: "params.patchSize", message: "too large for the image" }],
    );
  }
  const top = patch.corner.startsWith("top") ? margin : layout.height - margin - size;
  const left = patch.corner.endsWith("left") ? margin : layout.width - margin - size;
  const cells: Array<readonly [number, number]> = [];
  for (let y = top; y < top + size; y++) {
    for (let x = left; x < left + size; x++) {
      for (let c = 0; c < layout.channels; c++) cells.push([layout.index(c, y, x), patch.value]);
    }
  }
  return cells;
}

/**
 * BadNets-style poisoning: stamp the trigger on chosen examples and label them `targetClass`,
 * either as added copies ("add", as in the paper) or in place ("replace").
 */
export function stampAndRelabel(
  data: Dataset,
  chosen: readonly number[],
  cells: TriggerCells,
  targetClass: number,
  placement: "add" | "replace",
): PoisonedSet {
  if (placement === "replace") {
    const x = [...data.x];
    const y = [...data.y];
    for (const i of chosen) {
      x[i] = applyTrigger(data.x[i]!, cells);
      y[i] = targetClass;
    }
    return { data: { ...data, x, y }, poisoned: chosen.length, indices: [...chosen] };
  }
  const n = data.x.length;
  return {
    data: {
      ...data,
      x: [...data.x, ...chosen.map((i) => applyTrigger(data.x[i]!, cells))],
      y: [...data.y, ...chosen.map(() => targetClass)],
    },
    poisoned: chosen.length,
    indices: chosen.map((_, j) => n + j),
  };
}

/**
 * How many poisoned examples make poisoned examples a share `rate` of the training set: `rate·n`
 * when they replace clean ones, `rate·n/(1−rate)` when they are added.
 */
export function poisonCount(n: number, rate: number, placement: "add" | "replace"): number {
  return Math.round(placement === "add" ? (rate * n) / (1 - rate) : rate * n);
}

/** Check that a class index is valid for the data; `what` names the parameter in the message. */
export function checkClass(data: Dataset, value: number, what: string): void {
  if (!Number.isInteger(value) || value < 0 || value >= data.numClasses) {
    throw new Invalid(`${what} ${value} is not a class of this data (0–${data.numClasses - 1})`, [
      { path: `params.${what}`, message: `expected 0–${data.numClasses - 1}` },
    ]);
  }
}

/** A class index with its name when the data names classes, e.g. `7` or `2 ("virginica")`. */
export function className(data: Dataset, c: number): string {
  const name = data.classNames?.[c];
  return name !== undefined && name !== String(c) ? `${c} ("${name}")` : String(c);
}
