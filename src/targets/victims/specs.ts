// The built-in demo victims: which bundled data set, how it is split and how the model is trained.
// Bump a victim's `version` whenever its recipe changes so stale cached weights are not reused.
import type { TrainOptions } from "./train.js";

export const VICTIM_NAMES = ["digits", "digits-overfit", "digits-regularized", "tabular-logreg"] as const;
/** Name of a built-in demo victim. */
export type VictimName = (typeof VICTIM_NAMES)[number];

/** Sizes of the seeded, disjoint splits; whatever is left over becomes `rest`. */
export interface SplitSizes {
  train: number;
  test: number;
  /** Validation data for early stopping (taken before `rest`). */
  val?: number;
}

type Recipe = Omit<TrainOptions, "seed" | "onEpoch" | "signal">;

/** How one victim is built. */
export interface VictimSpec {
  readonly summary: string;
  readonly version: number;
  readonly dataset: "digits" | "iris";
  /** Standardize features with training-split statistics, then clip to these bounds. */
  readonly standardize?: { min: number; max: number };
  readonly split: SplitSizes;
  readonly recipe: Recipe;
  /** Smaller data and fewer epochs for tests (`tiny: true`). */
  readonly tiny: { split: SplitSizes; recipe: Partial<Recipe> };
}

// Overfit and regularized victims share the split sizes (so the same seed gives the same members
// and non-members); the 2 000 non-members let membership attacks measure TPR at 0.1 % FPR.
const MEMBERSHIP_SPLIT: SplitSizes = { train: 300, val: 300, test: 2000 };
const MEMBERSHIP_TINY: SplitSizes = { train: 100, val: 100, test: 200 };

/** Every demo victim, keyed by name. */
export const VICTIMS = {
  digits: {
    summary: "MNIST digits, MLP 784-128-10 (ReLU, softmax), 6 000 training images, 10 epochs of Adam",
    version: 1,
    dataset: "digits",
    split: { train: 6000, test: 2000 },
    recipe: { hidden: [128], epochs: 10, batchSize: 128, learningRate: 2e-3 },
    tiny: { split: { train: 600, test: 200 }, recipe: { hidden: [32], epochs: 3, batchSize: 32 } },
  },
  "digits-overfit": {
    summary:
      "MNIST digits, MLP 784-256-10 deliberately overfit: 300 training images, 60 epochs, no regularisation",
    version: 1,
    dataset: "digits",
    split: MEMBERSHIP_SPLIT,
    recipe: { hidden: [256], epochs: 60, batchSize: 30, learningRate: 1e-3 },
    tiny: { split: MEMBERSHIP_TINY, recipe: { hidden: [64], epochs: 20 } },
  },
  "digits-regularized": {
    summary:
      "MNIST digits, MLP 784-256-10 on the same 300 images as digits-overfit, with L2 (3e-2), dropout 0.5 and early stopping",
    version: 1,
    dataset: "digits",
    split: MEMBERSHIP_SPLIT,
    recipe: {
      hidden: [256],
      epochs: 100,
      batchSize: 32,
      learningRate: 1e-3,
      l2: 3e-2,
      dropout: 0.5,
      earlyStopping: { patience: 3 },
    },
    tiny: { split: MEMBERSHIP_TINY, recipe: { hidden: [64], epochs: 20 } },
  },
  "tabular-logreg": {
    summary: "Iris flowers, multinomial logistic regression on 4 standardized features (3 classes)",
    version: 1,
    dataset: "iris",
    standardize: { min: -4, max: 4 },
    split: { train: 100, test: 50 },
    recipe: { hidden: [], epochs: 150, batchSize: 16, learningRate: 0.05 },
    tiny: { split: { train: 100, test: 50 }, recipe: { epochs: 30 } },
  },
} as const satisfies Record<VictimName, VictimSpec>;
