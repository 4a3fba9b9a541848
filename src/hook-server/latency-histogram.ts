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

/** Why: percentiles of decision time forever, without an unbounded sample array. */
export class LatencyHistogram {
  private readonly counts = new Float64Array(LINEAR + (MAX_EXPONENT - 5) * SUB);
  private total = 0;
  private maxValue = 0;

  /** Records one duration in whole microseconds (fractions round up, so 0.2 µs counts as 1). */
  record(micros: number): void {
    const value = Math.max(0, Math.ceil(micros));
    this.counts[bucketOf(value)]!++;
    this.total++;
    if (value > this.maxValue) this.maxValue = value;
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
  summary(): { count: number; p50: number; p90: number; p99: number; max: number } {
    return {
      count: this.total,
      p50: this.percentile(0.5),
      p90: this.percentile(0.9),
      p99: this.percentile(0.99),
      max: this.maxValue,
    };
  }
}
