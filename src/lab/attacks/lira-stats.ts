// The statistics of LiRA (Carlini et al., S&P 2022): Gaussians fitted to the logit-scaled
// confidences φ that shadow models give each record, and the tests built on them. Pure functions.

/** Floor on σ so a record every shadow model agrees on cannot get an infinite score. */
export const MIN_SIGMA = 1e-3;

/** Standard normal CDF Φ (Abramowitz–Stegun 7.1.26 via erf; absolute error < 1.5e-7). */
export function normalCdf(z: number): number {
  if (z === Number.POSITIVE_INFINITY) return 1;
  if (z === Number.NEGATIVE_INFINITY) return 0;
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly =
    t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

/** Gaussians fitted to one row of confidences per record. */
export interface GaussianFit {
  /** Mean of each record's row. */
  mean: number[];
  /** Sample standard deviation of each record's row (0 for a row of one value). */
  std: number[];
  /** The within-record standard deviation pooled over all records: the paper's "global variance". */
  pooledStd: number;
}

/** Fit one Gaussian per record to the confidences φ[i][m] that shadow models gave record i. */
export function fitGaussians(phi: readonly (readonly number[])[]): GaussianFit {
  let ss = 0;
  let dof = 0;
  const mean: number[] = [];
  const std: number[] = [];
  for (const row of phi) {
    const m = row.reduce((a, b) => a + b, 0) / row.length;
    const s = row.reduce((a, b) => a + (b - m) ** 2, 0);
    mean.push(m);
    std.push(Math.sqrt(s / Math.max(1, row.length - 1)));
    ss += s;
    dof += row.length - 1;
  }
  return { mean, std, pooledStd: Math.sqrt(ss / Math.max(1, dof)) };
}

/** σ of record `i` under `fit`: the pooled one or the record's own, floored at {@link MIN_SIGMA}. */
export function sigmaOf(fit: GaussianFit, i: number, fixedVariance: boolean): number {
  return Math.max(MIN_SIGMA, fixedVariance ? fit.pooledStd : fit.std[i]!);
}

/**
 * log Λ = log N(φ; μ_in, σ_in²) − log N(φ; μ_out, σ_out²), the online test. Its logarithm ranks
 * exactly as Λ and cannot overflow for the most exposed records.
 */
export function gaussianLogRatio(
  phi: number,
  inside: { mean: number; sigma: number },
  outside: { mean: number; sigma: number },
): number {
  const zIn = (phi - inside.mean) / inside.sigma;
  const zOut = (phi - outside.mean) / outside.sigma;
  return Math.log(outside.sigma / inside.sigma) + (zOut * zOut - zIn * zIn) / 2;
}
