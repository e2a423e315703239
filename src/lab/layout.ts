// How an attack should see a flat input: an image (height × width × channels, in the target's
// memory order) or a plain feature vector. Square Attack and the evidence PNGs need this.
import type { TargetInfo } from "../contracts/lab.js";

/** Geometry of one flat input. `index(c, y, x)` gives the flat offset of a pixel channel. */
export interface InputLayout {
  readonly kind: "image" | "vector";
  readonly channels: number;
  readonly height: number;
  readonly width: number;
  index(c: number, y: number, x: number): number;
}

/**
 * Infer the layout from the declared input shape: [H, W], [H, W, C] (C ≤ 4), [C, H, W] (C ≤ 4) are
 * images; anything else is a vector (seen as one row of features).
 */
export function inputLayout(info: Pick<TargetInfo, "inputShape">): InputLayout {
  const s = info.inputShape;
  if (s.length === 2 && s[0]! > 1 && s[1]! > 1) return hwc(s[0]!, s[1]!, 1);
  if (s.length === 3) {
    const [a, b, c] = s as [number, number, number];
    if (c <= 4 && a > 4 && b > 4) return hwc(a, b, c);
    if (a <= 4 && b > 4 && c > 4) return chw(a, b, c);
  }
  if (s.length === 4 && s[0] === 1) return inputLayout({ inputShape: s.slice(1) });
  const d = s.reduce((p, v) => p * v, 1);
  return { kind: "vector", channels: 1, height: 1, width: d, index: (_c, _y, x) => x };
}

function hwc(height: number, width: number, channels: number): InputLayout {
  return { kind: "image", channels, height, width, index: (c, y, x) => (y * width + x) * channels + c };
}

function chw(channels: number, height: number, width: number): InputLayout {
  return { kind: "image", channels, height, width, index: (c, y, x) => (c * height + y) * width + x };
}
