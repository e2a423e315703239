// Label flipping (train-time poisoning): relabel a share of the training set, either to random
// other classes (label noise, Biggio et al. 2011) or from one source class to one target class.
import { z } from "zod";
import { Invalid } from "../../contracts/errors.js";
import { checkClass, className, indicesWhere, pickNested, relabel } from "../poisoning/poisons.js";
import { definePoisoning } from "../poisoning/types.js";

const Params = z
  .object({
    /** "random": flipped labels go to a uniformly drawn other class; "targeted": source → target only. */
    mode: z.enum(["random", "targeted"]).default("random"),
    /** Targeted mode: the class whose examples are relabelled. */
    sourceClass: z.number().int().min(0).optional(),
    /** Targeted mode: the label they receive. */
    targetClass: z.number().int().min(0).optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.mode !== "targeted") return;
    if (p.sourceClass === undefined || p.targetClass === undefined) {
      ctx.addIssue({ code: "custom", message: "targeted flipping needs sourceClass and targetClass" });
    } else if (p.sourceClass === p.targetClass) {
      ctx.addIssue({ code: "custom", message: "sourceClass and targetClass must differ" });
    }
  });

export const labelFlip = definePoisoning({
  id: "label-flip",
  family: "poisoning",
  name: "Label flipping",
  paper: {
    authors: "Battista Biggio, Blaine Nelson, Pavel Laskov",
    title: "Support Vector Machines Under Adversarial Label Noise",
    venue: "Asian Conference on Machine Learning (ACML), PMLR 20",
    year: 2011,
    url: "https://proceedings.mlr.press/v20/biggio11.html",
  },
  params: Params,
  description:
    "An attacker who controls some labels (crowd-sourced annotation, a compromised labelling step) flips a " +
    "share of them. Random mode sends each flipped label to a uniformly drawn other class and measures the " +
    "loss of clean accuracy; targeted mode relabels examples of one source class as one target class " +
    "(the class-to-class flips of Tolpegin et al., ESORICS 2020) and also reports how often clean " +
    "source-class test inputs are then classified as the target.",
  resolve(data, p) {
    if (p.mode === "targeted") {
      checkClass(data, p.sourceClass!, "sourceClass");
      checkClass(data, p.targetClass!, "targetClass");
      if (!data.y.includes(p.sourceClass!)) {
        throw new Invalid(`the training data has no example of class ${className(data, p.sourceClass!)}`, [
          { path: "params.sourceClass", message: "class absent from training data" },
        ]);
      }
    }
    return p;
  },
  poison(data, rate, p, rng) {
    const k = Math.round(rate * data.x.length);
    if (p.mode === "targeted") {
      // The rate is a share of the whole training set; at most every source example can flip.
      const chosen = pickNested(
        indicesWhere(data, (y) => y === p.sourceClass),
        k,
        rng,
      );
      return relabel(data, new Map(chosen.map((i) => [i, p.targetClass!])));
    }
    const chosen = pickNested(
      data.y.map((_, i) => i),
      k,
      rng,
    );
    // Draw in permutation order so the first k draws (and labels) are the same at every rate.
    const changes = new Map<number, number>();
    for (const i of chosen) {
      const other = rng.int(data.numClasses - 1);
      changes.set(i, other >= data.y[i]! ? other + 1 : other);
    }
    return relabel(data, changes);
  },
  successProbe(test, p) {
    if (p.mode !== "targeted") return undefined;
    const idx = indicesWhere(test, (y) => y === p.sourceClass);
    return {
      inputs: idx.map((i) => test.x[i]!),
      originals: idx.map((i) => test.x[i]!),
      trueLabels: idx.map((i) => test.y[i]!),
      targetClass: p.targetClass!,
      description: `clean test inputs of class ${className(test, p.sourceClass!)}`,
    };
  },
  describe(data, p) {
    return p.mode === "targeted"
      ? `targeted flips ${className(data, p.sourceClass!)} → ${className(data, p.targetClass!)}`
      : "random flips to other classes";
  },
});
