// Dense float64 linear solver for equation-solving extraction: Gaussian elimination with partial
// pivoting, several right-hand sides at once, plus one round of iterative refinement.

/**
 * Solve A·X = B for X, where A is n×n (rows) and B is n×m (rows). Throws RangeError when A is
 * numerically singular (a pivot below `tolerance` times the largest entry of A).
 */
export function solveLinearSystem(
  a: readonly ArrayLike<number>[],
  b: readonly ArrayLike<number>[],
  tolerance = 1e-12,
): Float64Array[] {
  const x = eliminate(a, b, tolerance);
  // One refinement step: solve A·e = B − A·X and correct. Cheap, and it recovers digits lost to
  // rounding when A is moderately ill-conditioned.
  const residual = b.map((row, i) => {
    const r = Float64Array.from(row);
    const ai = a[i]!;
    for (let k = 0; k < ai.length; k++) {
      const aik = ai[k]!;
      const xk = x[k]!;
      for (let j = 0; j < r.length; j++) r[j]! -= aik * xk[j]!;
    }
    return r;
  });
  const e = eliminate(a, residual, tolerance);
  return x.map((row, i) => row.map((v, j) => v + e[i]![j]!));
}

function eliminate(
  a: readonly ArrayLike<number>[],
  b: readonly ArrayLike<number>[],
  tolerance: number,
): Float64Array[] {
  const n = a.length;
  if (b.length !== n) throw new RangeError(`right-hand side has ${b.length} rows, expected ${n}`);
  const m = b[0]?.length ?? 0;
  const A = a.map((row) => {
    if (row.length !== n)
      throw new RangeError(`matrix must be square (${n}×${n}), got a row of ${row.length}`);
    return Float64Array.from(row);
  });
  const B = b.map((row) => Float64Array.from(row));
  let scale = 0;
  for (const row of A) for (const v of row) scale = Math.max(scale, Math.abs(v));
  if (scale === 0) throw new RangeError("matrix is zero");
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(A[r]![col]!) > Math.abs(A[pivot]![col]!)) pivot = r;
    if (Math.abs(A[pivot]![col]!) <= tolerance * scale)
      throw new RangeError("matrix is numerically singular");
    if (pivot !== col) {
      [A[col], A[pivot]] = [A[pivot]!, A[col]!];
      [B[col], B[pivot]] = [B[pivot]!, B[col]!];
    }
    const prow = A[col]!;
    const brow = B[col]!;
    const p = prow[col]!;
    for (let r = col + 1; r < n; r++) {
      const row = A[r]!;
      const f = row[col]! / p;
      if (f === 0) continue;
      for (let k = col; k < n; k++) row[k]! -= f * prow[k]!;
      const br = B[r]!;
      for (let j = 0; j < m; j++) br[j]! -= f * brow[j]!;
    }
  }
  const X = Array.from({ length: n }, () => new Float64Array(m));
  for (let r = n - 1; r >= 0; r--) {
    const row = A[r]!;
    const xr = X[r]!;
    for (let j = 0; j < m; j++) {
      let s = B[r]![j]!;
      for (let k = r + 1; k < n; k++) s -= row[k]! * X[k]![j]!;
      xr[j] = s / row[r]!;
    }
  }
  return X;
}
