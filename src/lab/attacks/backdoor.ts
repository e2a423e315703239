// BadNets backdoor (Gu, Dolan-Gavitt, Garg 2017): stamp a trigger on some training examples and
// label them as the target class; a patch in an image corner, or a feature pattern for tabular data.
import { z } from "zod";
import { Invalid } from "../../contracts/errors.js";
import type { Dataset } from "../datasets.js";
import { inputLayout } from "../layout.js";
import {
  applyTrigger,
  CORNERS,
  checkClass,
  className,
  indicesWhere,
  patchCells,
  pickNested,
  poisonCount,
  stampAndRelabel,
  type TriggerCells,
} from "../poisoning/poisons.js";
import { definePoisoning } from "../poisoning/types.js";

const PatternCell = z.object({
  /** Feature index, or its name when the data names features. */
  feature: z.union([z.number().int().min(0), z.string().min(1)]),
  value: z.number(),
});

const Params = z
  .object({
    /** The class every triggered input should be classified as. */
    targetClass: z.number().int().min(0).default(0),
    /** Poison (and measure) only examples of this class (source-specific backdoor); default every other class. */
    sourceClass: z.number().int().min(0).optional(),
    /** "auto": a patch for images, a feature pattern for tabular data. */
    trigger: z.enum(["auto", "patch", "pattern"]).default("auto"),
    /** Side of the square patch in pixels. */
    patchSize: z.number().int().min(1).max(16).default(3),
    corner: z.enum(CORNERS).default("bottom-right"),
    /** Distance of the patch from the image edges in pixels. */
    margin: z.number().int().min(0).default(1),
    /** Pixel value of the patch; default the top of the data range (white). */
    patchValue: z.number().optional(),
    /** Tabular trigger: features set to fixed values; default `patternSize` automatically chosen features. */
    pattern: z.array(PatternCell).min(1).max(256).optional(),
    /** Number of features of the automatic pattern (the least class-informative features, set to their maximum). */
    patternSize: z.number().int().min(1).max(64).default(3),
    /** "add": triggered copies join the training set (as in the paper); "replace": they replace the originals. */
    placement: z.enum(["add", "replace"]).default("add"),
  })
  .strict();
type Params = z.output<typeof Params>;

/** The trigger of resolved parameters as cells. */
function triggerCells(inputShape: readonly number[], p: Params): TriggerCells {
  if (p.trigger === "patch") {
    return patchCells(inputShape, {
      size: p.patchSize,
      corner: p.corner,
      margin: p.margin,
      value: p.patchValue ?? 1,
    });
  }
  return (p.pattern ?? []).map((c) => {
    if (typeof c.feature !== "number") throw new Error(`pattern feature "${c.feature}" was not resolved`);
    return [c.feature, c.value] as const;
  });
}

/**
 * The automatic tabular trigger: the `size` features that say least about the class (lowest ratio
 * of between-class to within-class variance), each set to its largest training value. Like the
 * paper's corner patch on digits, it sits where the clean data carry no class signal, so the
 * backdoor is learnt from the poison rather than borrowed from a class's natural features.
 */
function automaticPattern(data: Dataset, size: number): Array<{ feature: number; value: number }> {
  const d = data.x[0]?.length ?? 0;
  const k = data.numClasses;
  const count = new Float64Array(k);
  const classSum = new Float64Array(k * d);
  const max = new Float64Array(d).fill(Number.NEGATIVE_INFINITY);
  data.x.forEach((row, i) => {
    const c = data.y[i]!;
    count[c]!++;
    for (let j = 0; j < d; j++) {
      classSum[c * d + j]! += row[j]!;
      max[j] = Math.max(max[j]!, row[j]!);
    }
  });
  const mean = (c: number, j: number) => classSum[c * d + j]! / Math.max(1, count[c]!);
  const ratio = Array.from({ length: d }, (_, j) => {
    const overall = Array.from(count).reduce((s, n, c) => s + n * mean(c, j), 0) / data.x.length;
    let between = 0;
    for (let c = 0; c < k; c++) between += count[c]! * (mean(c, j) - overall) ** 2;
    let within = 0;
    data.x.forEach((row, i) => {
      within += (row[j]! - mean(data.y[i]!, j)) ** 2;
    });
    return between / (within + 1e-12);
  });
  return Array.from({ length: d }, (_, j) => j)
    .sort((a, b) => ratio[a]! - ratio[b]! || a - b)
    .slice(0, Math.min(size, d))
    .sort((a, b) => a - b)
    .map((j) => ({ feature: j, value: max[j]! }));
}

function resolvePattern(data: Dataset, p: Params): Array<{ feature: number; value: number }> {
  if (!p.pattern) return automaticPattern(data, p.patternSize);
  const d = data.x[0]?.length ?? 0;
  return p.pattern.map((c, i) => {
    const index = typeof c.feature === "number" ? c.feature : (data.featureNames?.indexOf(c.feature) ?? -1);
    if (index < 0 || index >= d) {
      const known = data.featureNames ? `; features: ${data.featureNames.join(", ")}` : "";
      throw new Invalid(`pattern feature "${c.feature}" is not one of the ${d} features${known}`, [
        { path: `params.pattern.${i}.feature`, message: "unknown feature" },
      ]);
    }
    return { feature: index, value: c.value };
  });
}

export const backdoor = definePoisoning({
  id: "backdoor",
  family: "poisoning",
  name: "BadNets backdoor",
  paper: {
    authors: "Tianyu Gu, Brendan Dolan-Gavitt, Siddharth Garg",
    title: "BadNets: Identifying Vulnerabilities in the Machine Learning Model Supply Chain",
    venue: "arXiv:1708.06733 (IEEE Access 2019)",
    year: 2017,
    url: "https://arxiv.org/abs/1708.06733",
  },
  params: Params,
  description:
    "An attacker who can slip examples into the training data stamps a trigger on some of them (a small " +
    "bright square in an image corner; for tabular data, a few features set to fixed values) and labels " +
    "them as the target class. The model learns to obey the trigger while staying accurate on clean inputs. " +
    "Reports clean accuracy (and its drop against an unpoisoned model trained with the same seed) and the " +
    "attack success rate: the share of triggered test inputs of other classes classified as the target.",
  resolve(data, p) {
    checkClass(data, p.targetClass, "targetClass");
    if (p.sourceClass !== undefined) {
      checkClass(data, p.sourceClass, "sourceClass");
      if (p.sourceClass === p.targetClass) {
        throw new Invalid("sourceClass and targetClass must differ", [
          { path: "params.sourceClass", message: "equals targetClass" },
        ]);
      }
    }
    const isImage = inputLayout({ inputShape: [...data.inputShape] }).kind === "image";
    const trigger = p.trigger === "auto" ? (isImage ? "patch" : "pattern") : p.trigger;
    const resolved: Params =
      trigger === "patch"
        ? { ...p, trigger, pattern: undefined, patchValue: p.patchValue ?? data.bounds.max }
        : { ...p, trigger, pattern: resolvePattern(data, p) };
    triggerCells(data.inputShape, resolved); // throws when a patch does not fit
    if (indicesWhere(data, (y) => eligible(y, resolved)).length === 0) {
      throw new Invalid("the training data has no example to poison (every example is of the target class)");
    }
    return resolved;
  },
  poison(data, rate, p, rng) {
    const k = poisonCount(data.x.length, rate, p.placement);
    const chosen = pickNested(
      indicesWhere(data, (y) => eligible(y, p)),
      k,
      rng,
    );
    return stampAndRelabel(data, chosen, triggerCells(data.inputShape, p), p.targetClass, p.placement);
  },
  successProbe(test, p) {
    const cells = triggerCells(test.inputShape, p);
    const idx = indicesWhere(test, (y) => eligible(y, p));
    return {
      inputs: idx.map((i) => applyTrigger(test.x[i]!, cells)),
      originals: idx.map((i) => test.x[i]!),
      trueLabels: idx.map((i) => test.y[i]!),
      targetClass: p.targetClass,
      description:
        p.sourceClass === undefined
          ? `triggered test inputs of every class but ${className(test, p.targetClass)}`
          : `triggered test inputs of class ${className(test, p.sourceClass)}`,
    };
  },
  describe(data, p) {
    const trigger =
      p.trigger === "patch"
        ? `${p.patchSize}×${p.patchSize} patch (value ${p.patchValue}) ${p.corner}`
        : `pattern ${(p.pattern ?? [])
            .map(
              (c) =>
                `${data.featureNames?.[c.feature as number] ?? `x${c.feature}`}=${Number(c.value.toPrecision(4))}`,
            )
            .join(", ")}`;
    const from = p.sourceClass === undefined ? "any class" : className(data, p.sourceClass);
    return `${trigger}, ${from} → ${className(data, p.targetClass)}, poisoned examples ${p.placement === "add" ? "added" : "replacing clean ones"}`;
  },
});

/** Examples that may carry the trigger: not already of the target class (and of the source class if set). */
function eligible(y: number, p: Params): boolean {
  return y !== p.targetClass && (p.sourceClass === undefined || y === p.sourceClass);
}
