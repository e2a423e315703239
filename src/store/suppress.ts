// k-anonymity for trend figures: no count describing fewer than k distinct systems is ever returned.
// Pure; applied to every figure the trends queries produce.

/** The smallest k allowed; configuration may raise it, never lower it. */
export const MIN_K = 5;

/** k from configuration: at least MIN_K whatever is asked for. */
export function effectiveK(requested?: number): number {
  return Number.isInteger(requested) && (requested as number) > MIN_K ? (requested as number) : MIN_K;
}

/** Compares strings by UTF-16 code units (byte order for the ASCII ids used as keys). */
const byteOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** A count of distinct systems in one bucket (an option, "has the mitigation", ...). */
export interface Bucket<K> {
  key: K;
  count: number;
}

/** What may be shown of a group: its size and the buckets that are safe to show. */
export interface Suppressed<K> {
  /** Distinct systems in the group, or null when the group itself is smaller than k. */
  total: number | null;
  /** Buckets with at least k systems (empty buckets are never listed). */
  shown: Array<Bucket<K>>;
  /** Sum of the buckets folded together because some were smaller than k; null when none were, or
   * when that sum is itself under k (only possible for multiple-choice questions). */
  other: number | null;
}

/**
 * Suppress small buckets of a group of `total` distinct systems.
 * Buckets under k are folded into "other"; when "other" would itself be under k, the smallest shown
 * buckets join it until it reaches k (so it cannot be recovered as total minus the shown ones). Ties
 * are broken by key, so the same input always hides the same buckets: were it to hide A one time
 * and B the next, the two answers together would show both.
 */
export function suppress<K>(buckets: ReadonlyArray<Bucket<K>>, total: number, k: number): Suppressed<K> {
  if (total < k) return { total: null, shown: [], other: null };
  // smallest first; equal counts by key in byte order, so the same buckets are always the ones
  // folded (src/store/trends.ts does the same in SQL with COLLATE "C")
  const visible = buckets
    .filter((b) => b.count >= k)
    .sort((a, b) => a.count - b.count || byteOrder(String(a.key), String(b.key)));
  let hidden = buckets.filter((b) => b.count > 0 && b.count < k).reduce((sum, b) => sum + b.count, 0);
  while (hidden > 0 && hidden < k && visible.length > 0) {
    hidden += (visible.shift() as Bucket<K>).count;
  }
  const order = new Map(buckets.map((b, i) => [b.key, i]));
  const shown = visible.sort((a, b) => (order.get(a.key) ?? 0) - (order.get(b.key) ?? 0));
  return { total, shown, other: hidden >= k ? hidden : null };
}
