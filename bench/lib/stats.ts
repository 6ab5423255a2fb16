/**
 * Latency statistics shared by the benchmarks: nearest-rank percentiles (the same definition the
 * escalation and stream benchmarks print), so figures from different scripts compare.
 */

/** Nearest-rank percentile of `xs` (unsorted is fine); NaN for an empty list. */
export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export type Summary = { n: number; p50: number; p90: number; p99: number; max: number; mean: number };

/** Count, p50, p90, p99, max and mean of a list of durations (one sort). */
export function summarize(xs: readonly number[]): Summary {
  if (xs.length === 0) return { n: 0, p50: NaN, p90: NaN, p99: NaN, max: NaN, mean: NaN };
  const sorted = [...xs].sort((a, b) => a - b);
  const at = (p: number) =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
  return {
    n: sorted.length,
    p50: at(50),
    p90: at(90),
    p99: at(99),
    max: sorted.at(-1)!,
    mean: sorted.reduce((a, b) => a + b, 0) / sorted.length,
  };
}
