// Turn an (original, adversarial) pair into an Example for the run record: PNGs for images,
// raw values for tabular inputs.
import type { Example } from "../contracts/lab.js";
import type { InputLayout } from "./layout.js";
import { differenceToPngDataUrl, imageToPngDataUrl } from "./png.js";

/** Evidence for one attacked input. */
export function evasionExample(args: {
  label: string;
  original: Float32Array;
  adversarial: Float32Array;
  originalClass: number;
  adversarialClass: number;
  distance: number;
  layout: InputLayout;
  bounds: { min: number; max: number };
}): Example {
  const { original, adversarial, layout, bounds } = args;
  const base = {
    label: args.label,
    originalClass: args.originalClass,
    adversarialClass: args.adversarialClass,
    distance: args.distance,
  };
  if (layout.kind === "image") {
    return {
      ...base,
      images: {
        original: imageToPngDataUrl(original, layout, bounds),
        adversarial: imageToPngDataUrl(adversarial, layout, bounds),
        difference: differenceToPngDataUrl(adversarial, original, layout),
      },
    };
  }
  return { ...base, values: { original: Array.from(original), adversarial: Array.from(adversarial) } };
}
