// Latency arithmetic: percentiles of raw samples and the differences between targets.

/** Why: the figures every target is reported by; milliseconds with sub-millisecond precision. */
export interface LatencySummary {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/** Why: nearest-rank percentile (no interpolation), the definition HdrHistogram and wrk2 report. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/** Why: autocannon's histogram rounds to whole milliseconds; the bench keeps every sample and sorts once. */
export function summarize(samples: readonly number[]): LatencySummary {
  const sorted = Float64Array.from(samples).sort();
  const list = Array.from(sorted);
  return { count: list.length, p50: percentile(list, 50), p90: percentile(list, 90), p99: percentile(list, 99), max: list.at(-1) ?? Number.NaN };
}

/** Why: the median of an optional series (LiteLLM's overhead header), undefined when absent. */
export function median(samples: readonly number[]): number | undefined {
  return samples.length ? percentile([...samples].sort((a, b) => a - b), 50) : undefined;
}

/** Why: "added latency" = (through the proxy) − (baseline), per percentile, both measured in the same run against the same upstream. */
export function overhead(through: LatencySummary, baseline: LatencySummary): { p50: number; p99: number } {
  return { p50: through.p50 - baseline.p50, p99: through.p99 - baseline.p99 };
}
