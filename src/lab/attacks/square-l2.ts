// The L2 half of Square Attack: the paper's pseudo-Gaussian square perturbation, its grid
// initialisation and the paired-window update that moves mass between two squares.
import type { InputLayout } from "../layout.js";
import type { Rng } from "../rng.js";

/** A rectangle of pixels (or of consecutive features for vector inputs). */
export interface Window {
  top: number;
  left: number;
  height: number;
  width: number;
}

/** Concentric rectangles weighted 1/(k+1)², unit L2 norm (the paper's building block). */
function pseudoGaussian(rows: number, cols: number): Float64Array {
  const out = new Float64Array(rows * cols);
  if (rows === 0 || cols === 0) return out;
  const rc = Math.floor(rows / 2) + 1;
  const cc = Math.floor(cols / 2) + 1;
  let r0 = rc - 1;
  let c0 = cc - 1;
  for (let k = 0; k < Math.max(rc, cc); k++) {
    const w = 1 / (k + 1) ** 2;
    for (let r = Math.max(r0, 0); r < Math.min(r0 + 2 * k + 1, rows); r++) {
      for (let c = Math.max(c0, 0); c < Math.min(c0 + 2 * k + 1, cols); c++) out[r * cols + c]! += w;
    }
    r0--;
    c0--;
  }
  return normalise(out);
}

function normalise(v: Float64Array): Float64Array {
  let s = 0;
  for (const x of v) s += x * x;
  const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
  for (let i = 0; i < v.length; i++) v[i]! *= inv;
  return v;
}

/**
 * Two pseudo-Gaussian halves of opposite sign, unit norm; randomly transposed for square windows.
 * Vector inputs (one row) split along the row instead.
 */
export function metaPerturbation(rows: number, cols: number, rng: Rng): Float64Array {
  const out = new Float64Array(rows * cols);
  if (rows === 1 && cols === 1) {
    out[0] = 1;
    return out;
  }
  if (rows >= 2) {
    const h1 = Math.floor(rows / 2);
    const a = pseudoGaussian(h1, cols);
    const b = pseudoGaussian(rows - h1, cols);
    out.set(a, 0);
    for (let i = 0; i < b.length; i++) out[h1 * cols + i] = -b[i]!;
  } else {
    const w1 = Math.floor(cols / 2);
    const a = pseudoGaussian(1, w1);
    const b = pseudoGaussian(1, cols - w1);
    out.set(a, 0);
    for (let i = 0; i < b.length; i++) out[w1 + i] = -b[i]!;
  }
  normalise(out);
  if (rows === cols && rng.next() > 0.5) {
    const t = new Float64Array(out.length);
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) t[c * rows + r] = out[r * cols + c]!;
    return t;
  }
  return out;
}

/** Grid of pseudo-Gaussian squares (side ⌊h/5⌋) with random signs per channel, scaled to ε. */
export function l2Init(x: Float32Array, eps: number, layout: InputLayout, rng: Rng): Float32Array {
  const delta = new Float64Array(x.length);
  const image = layout.kind === "image";
  const s = Math.max(1, Math.floor((image ? layout.height : layout.width) / 5));
  const rows = image ? s : 1;
  const start = Math.floor(((image ? layout.height : layout.width) - s * 5) / 2);
  const nRows = image ? Math.floor(layout.height / s) : 1;
  const nCols = Math.floor(layout.width / s);
  for (let gr = 0; gr < nRows; gr++) {
    for (let gc = 0; gc < nCols; gc++) {
      const top = image ? Math.max(0, start) + gr * s : 0;
      const left = Math.max(0, start) + gc * s;
      if (top + rows > layout.height || left + s > layout.width) continue;
      const pert = metaPerturbation(rows, s, rng);
      for (let c = 0; c < layout.channels; c++) {
        const sign = rng.next() < 0.5 ? -1 : 1;
        addWindow(delta, layout, c, { top, left, height: rows, width: s }, pert, sign);
      }
    }
  }
  return applyDelta(x, delta, eps, layout);
}

/** One L2 step of Algorithm 3: redistribute the perturbation of window 2 into a new window 1. */
export function l2Update(
  x: Float32Array,
  best: Float32Array,
  eps: number,
  p: number,
  layout: InputLayout,
  rng: Rng,
): Float32Array {
  const n = x.length;
  const ch = layout.channels;
  const image = layout.kind === "image";
  let s = Math.max(Math.round(image ? Math.sqrt((p * n) / ch) : p * n), 3);
  if (s % 2 === 0) s++;
  s = Math.min(s, image ? layout.height - 1 : layout.width);
  const rows = image ? s : 1;
  const pick = (): Window => ({
    top: image ? rng.int(layout.height - s + 1) : 0,
    left: rng.int(layout.width - s + 1),
    height: rows,
    width: s,
  });
  const w1 = pick();
  const w2 = pick();
  const delta = new Float64Array(n);
  for (let j = 0; j < n; j++) delta[j] = best[j]! - x[j]!;
  let imageNorm2 = 0;
  for (const v of delta) imageNorm2 += v * v;
  const pert = metaPerturbation(rows, s, rng);
  const inside = (w: Window, r: number, c: number) =>
    r >= w.top && r < w.top + w.height && c >= w.left && c < w.left + w.width;
  const fresh: Float64Array[] = [];
  for (let c = 0; c < ch; c++) {
    // Norm of the current perturbation in window 1 and in the union of both windows.
    let n1 = 0;
    let nUnion = 0;
    for (let r = 0; r < layout.height; r++) {
      for (let col = 0; col < layout.width; col++) {
        const in1 = inside(w1, r, col);
        if (!in1 && !inside(w2, r, col)) continue;
        const v = delta[layout.index(c, r, col)]!;
        nUnion += v * v;
        if (in1) n1 += v * v;
      }
    }
    const sign = rng.next() < 0.5 ? -1 : 1;
    const next = new Float64Array(rows * s);
    for (let r = 0; r < rows; r++) {
      for (let col = 0; col < s; col++) {
        const old = delta[layout.index(c, w1.top + r, w1.left + col)]! / (1e-10 + Math.sqrt(n1));
        next[r * s + col] = pert[r * s + col]! * sign + old;
      }
    }
    normalise(next);
    const budget = Math.sqrt(Math.max(eps * eps - imageNorm2, 0) / ch + nUnion);
    for (let i = 0; i < next.length; i++) next[i]! *= budget;
    fresh.push(next);
  }
  for (let c = 0; c < ch; c++) {
    for (let r = 0; r < w2.height; r++)
      for (let col = 0; col < w2.width; col++) delta[layout.index(c, w2.top + r, w2.left + col)] = 0;
  }
  for (let c = 0; c < ch; c++) addWindow(delta, layout, c, w1, fresh[c]!, 1, true);
  return applyDelta(x, delta, eps, layout);
}

function addWindow(
  delta: Float64Array,
  layout: InputLayout,
  c: number,
  w: Window,
  values: Float64Array,
  sign: number,
  replace = false,
): void {
  for (let r = 0; r < w.height; r++) {
    for (let col = 0; col < w.width; col++) {
      const j = layout.index(c, w.top + r, w.left + col);
      const v = sign * values[r * w.width + col]!;
      delta[j] = replace ? v : delta[j]! + v;
    }
  }
}

/** x + ε·δ/‖δ‖ (the caller clips to bounds). */
function applyDelta(x: Float32Array, delta: Float64Array, eps: number, _layout: InputLayout): Float32Array {
  let s = 0;
  for (const v of delta) s += v * v;
  const scale = s > 0 ? eps / Math.sqrt(s) : 0;
  const out = new Float32Array(x.length);
  for (let j = 0; j < x.length; j++) out[j] = x[j]! + delta[j]! * scale;
  return out;
}
