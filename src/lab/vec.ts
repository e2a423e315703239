// Small dense-vector helpers shared by the attacks (flat Float32Array inputs, float64 arithmetic).

/** L2 distance between two inputs of the same length. */
export function l2Distance(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    const d = a[i]! - b[i]!;
    s += d * d;
  }
  return Math.sqrt(s);
}

/** L∞ distance between two inputs of the same length. */
export function linfDistance(a: Float32Array, b: Float32Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - b[i]!);
    if (d > m) m = d;
  }
  return m;
}

/** Distance in the named norm. */
export function distance(norm: "l2" | "linf", a: Float32Array, b: Float32Array): number {
  return norm === "l2" ? l2Distance(a, b) : linfDistance(a, b);
}

/** Euclidean norm of a float64 vector. */
export function norm2(v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]! * v[i]!;
  return Math.sqrt(s);
}

/** Clip every component into [min, max] in place and return the array. */
export function clipInPlace(x: Float32Array, min: number, max: number): Float32Array {
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    x[i] = Math.min(max, Math.max(min, v));
  }
  return x;
}

/** (1 − α)·a + α·b, a new array. */
export function blend(a: Float32Array, b: Float32Array, alpha: number): Float32Array {
  const out = new Float32Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = (1 - alpha) * a[i]! + alpha * b[i]!;
  return out;
}

/** Index of the largest value (first one on ties). */
export function argmax(v: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < v.length; i++) if (v[i]! > v[best]!) best = i;
  return best;
}
