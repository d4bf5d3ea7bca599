/** Order statistics of the benchmarks' samples. */

/** The nearest-rank `p`-quantile (0 < p ≤ 1) of ascending `sorted`; 0 for no samples. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}
