import { describe, expect, it } from "vitest";
import { median, overhead, percentile, summarize } from "../../src/bench/stats.js";

describe("percentile (nearest rank)", () => {
  const hundred = Array.from({ length: 100 }, (_, i) => i + 1); // 1..100

  it("picks the value at rank ceil(p/100·n)", () => {
    expect(percentile(hundred, 50)).toBe(50);
    expect(percentile(hundred, 90)).toBe(90);
    expect(percentile(hundred, 99)).toBe(99);
    expect(percentile(hundred, 100)).toBe(100);
    expect(percentile([1, 2, 3], 50)).toBe(2);
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
  });

  it("clamps to the first sample for tiny p and is NaN for no samples", () => {
    expect(percentile([7, 8], 0)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });
});

describe("summarize", () => {
  it("sorts numerically (not as strings) and keeps sub-millisecond precision", () => {
    const s = summarize([10.25, 2.5, 0.75, 100.125, 9.5]);
    expect(s).toEqual({ count: 5, p50: 9.5, p90: 100.125, p99: 100.125, max: 100.125 });
  });

  it("reports NaN percentiles for an empty run", () => {
    expect(summarize([]).count).toBe(0);
    expect(summarize([]).p99).toBeNaN();
  });
});

describe("median and overhead", () => {
  it("median ignores input order and is undefined without samples", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([])).toBeUndefined();
  });

  it("overhead is through − baseline per percentile, negative when the proxy was faster", () => {
    const base = summarize([1, 2, 3, 4]);
    const through = summarize([1.5, 2.5, 3.5, 6]);
    expect(overhead(through, base)).toEqual({ p50: 0.5, p99: 2 });
    expect(overhead(base, through)).toEqual({ p50: -0.5, p99: -2 });
  });
});
