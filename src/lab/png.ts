// Evidence pictures for image attacks: encode a flat input (or a signed difference) as a PNG data
// URL. Pure encoding with pngjs; no files are written.
import { PNG } from "pngjs";
import type { InputLayout } from "./layout.js";

/** Encode an input as a greyscale/RGB PNG data URL, mapping [min, max] to [0, 255]. */
export function imageToPngDataUrl(
  values: Float32Array,
  layout: InputLayout,
  bounds: { min: number; max: number },
): string {
  const range = bounds.max - bounds.min || 1;
  return encode(layout, (c, y, x) => (values[layout.index(c, y, x)]! - bounds.min) / range);
}

/** Encode a signed difference: mid-grey is 0, white/black are ± the largest absolute change. */
export function differenceToPngDataUrl(a: Float32Array, b: Float32Array, layout: InputLayout): string {
  let peak = 0;
  for (let i = 0; i < a.length; i++) peak = Math.max(peak, Math.abs(a[i]! - b[i]!));
  const scale = peak > 0 ? 0.5 / peak : 0;
  return encode(layout, (c, y, x) => {
    const i = layout.index(c, y, x);
    return 0.5 + (a[i]! - b[i]!) * scale;
  });
}

function encode(layout: InputLayout, unit: (c: number, y: number, x: number) => number): string {
  const png = new PNG({ width: layout.width, height: layout.height });
  for (let y = 0; y < layout.height; y++) {
    for (let x = 0; x < layout.width; x++) {
      const o = (y * layout.width + x) * 4;
      for (let k = 0; k < 3; k++) {
        const c = layout.channels >= 3 ? k : 0;
        const v = Math.round(Math.min(1, Math.max(0, unit(c, y, x))) * 255);
        png.data[o + k] = v;
      }
      png.data[o + 3] = 255;
    }
  }
  return `data:image/png;base64,${PNG.sync.write(png).toString("base64")}`;
}
