/**
 * Percentiles of a sample (nearest-rank on the sorted values), and the
 * median.
 * @module
 */

/**
 * The `p`-th percentile (0-100) of ascending `sorted` values, by nearest rank.
 *
 * @example
 * ```ts
 * percentileSorted([1, 2, 3, 4], 50); // 2
 * ```
 */
export function percentileSorted(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1];
}

/** The `p`-th percentile of unsorted values. */
export function percentile(values: readonly number[], p: number): number | null {
  return percentileSorted([...values].sort((a, b) => a - b), p);
}

/** The median of unsorted values (nearest rank). */
export function median(values: readonly number[]): number | null {
  return percentile(values, 50);
}
