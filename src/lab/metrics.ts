// Summary statistics the attacks report: medians, rates, agreement. Pure functions, no I/O.

/** Median of a list (NaN when empty); averages the two middle values for even lengths. */
export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

/** Linear-interpolated quantile q ∈ [0, 1] (NaN when empty). */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo]!;
  const b = sorted[hi]!;
  return a + (b - a) * (pos - lo);
}

/** Arithmetic mean (NaN when empty). */
export function mean(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  let s = 0;
  for (const v of values) s += v;
  return s / values.length;
}

/** Fraction of true flags (NaN when empty). */
export function rate(flags: readonly boolean[]): number {
  if (flags.length === 0) return Number.NaN;
  let n = 0;
  for (const f of flags) if (f) n++;
  return n / flags.length;
}

/** Fraction of positions where two label lists agree (NaN when empty); lengths must match. */
export function agreement(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new RangeError(`agreement: ${a.length} vs ${b.length} labels`);
  return rate(a.map((v, i) => v === b[i]));
}

/** Largest absolute difference between two equally long numeric lists (0 when empty). */
export function maxAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError(`maxAbsDifference: ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/** Replace NaN/±Infinity by a finite sentinel-free value: JSON and the store keep only finite numbers. */
export function finiteMetrics(metrics: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(metrics)) if (Number.isFinite(v)) out[k] = v;
  return out;
}
