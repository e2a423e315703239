// The row shape every benchmark module returns.

/** One measured figure; `target` states the goal it is compared against, if any. */
export interface BenchRow {
  group: string;
  metric: string;
  value: number | string;
  target?: string;
}
