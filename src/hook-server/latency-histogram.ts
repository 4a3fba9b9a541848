// A fixed-size log-linear histogram (HDR-like): constant memory, ~3% relative error, O(1) record.

const LINEAR = 64; // values below this (µs) get one exact bucket each
const SUB_BITS = 5; // 32 sub-buckets per power of two above LINEAR
const SUB = 1 << SUB_BITS;
const MAX_EXPONENT = 40; // ~12 days in µs; larger values land in the last bucket

function bucketOf(value: number): number {
  if (value < LINEAR) return value;
  const exponent = Math.min(Math.floor(Math.log2(value)), MAX_EXPONENT);
  const sub = Math.min(Math.floor(value / 2 ** (exponent - SUB_BITS)) - SUB, SUB - 1);
  return LINEAR + (exponent - 6) * SUB + sub;
}

function upperBoundOf(bucket: number): number {
  if (bucket < LINEAR) return bucket;
  const exponent = Math.floor((bucket - LINEAR) / SUB) + 6;
  const sub = (bucket - LINEAR) % SUB;
  return (SUB + sub + 1) * 2 ** (exponent - SUB_BITS) - 1;
}

const BUCKETS = LINEAR + (MAX_EXPONENT - 5) * SUB;

/** Why: the percentiles a histogram reports, in µs. */
export interface LatencySummaryUs {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/** Why: non-empty buckets only, by index: what the Python hook ships (timing.py uses the same bucket scheme). */
export type SparseBuckets = Record<string, number>;

/** Why: percentiles of decision time forever, without an unbounded sample array. */
export class LatencyHistogram {
  private readonly counts = new Float64Array(BUCKETS);
  private total = 0;
  private maxValue = 0;

  /** Why: a bucket index another histogram (the Python hook's) may send. */
  static isBucket(index: number): boolean {
    return Number.isInteger(index) && index >= 0 && index < BUCKETS;
  }

  /** Why: the bench diffs two readings of the same histogram: counts after minus before; the window's max is known
   * only to its bucket, so it is that bucket's bound (capped by the later reading's max). */
  static fromDifference(after: { buckets: SparseBuckets; max: number }, before?: { buckets: SparseBuckets }): LatencyHistogram {
    const diff: SparseBuckets = {};
    let highest = -1;
    for (const [index, count] of Object.entries(after.buckets)) {
      const left = count - (before?.buckets[index] ?? 0);
      if (left > 0) [diff[index], highest] = [left, Math.max(highest, Number(index))];
    }
    const histogram = new LatencyHistogram();
    histogram.addBuckets(diff, highest < 0 ? 0 : Math.min(after.max, upperBoundOf(highest)));
    return histogram;
  }

  /** Records one duration in whole microseconds (fractions round up, so 0.2 µs counts as 1). */
  record(micros: number): void {
    const value = Math.max(0, Math.ceil(micros));
    this.counts[bucketOf(value)]!++;
    this.total++;
    if (value > this.maxValue) this.maxValue = value;
  }

  /** Adds another histogram's counts (same bucket scheme) and the largest value it saw. */
  addBuckets(buckets: SparseBuckets, max: number): void {
    for (const [index, count] of Object.entries(buckets)) {
      this.counts[Number(index)]! += count;
      this.total += count;
    }
    if (max > this.maxValue) this.maxValue = max;
  }

  /** Why: the raw counts, for a reader that subtracts two readings (sparse: non-empty buckets only). */
  buckets(): { buckets: SparseBuckets; max: number } {
    const buckets: SparseBuckets = {};
    this.counts.forEach((count, index) => {
      if (count > 0) buckets[index] = count;
    });
    return { buckets, max: this.maxValue };
  }

  /** The smallest bucket bound below which `p` (0..1) of the values fall; never above the max seen. */
  percentile(p: number): number {
    if (this.total === 0) return 0;
    const rank = Math.max(1, Math.ceil(p * this.total));
    let seen = 0;
    for (let bucket = 0; bucket < this.counts.length; bucket++) {
      seen += this.counts[bucket]!;
      if (seen >= rank) return Math.min(upperBoundOf(bucket), this.maxValue);
    }
    return this.maxValue;
  }

  /** Why: the /v1/stats shape, in µs. */
  summary(): LatencySummaryUs {
    return {
      count: this.total,
      p50: this.percentile(0.5),
      p90: this.percentile(0.9),
      p99: this.percentile(0.99),
      max: this.maxValue,
    };
  }
}
