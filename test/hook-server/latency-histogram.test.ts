import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { LatencyHistogram } from "../../src/hook-server/latency-histogram.js";

describe("LatencyHistogram", () => {
  it("is exact below 64 µs", () => {
    const h = new LatencyHistogram();
    for (let v = 1; v <= 50; v++) h.record(v);
    expect(h.summary()).toEqual({ count: 50, p50: 25, p90: 45, p99: 50, max: 50 });
  });

  it("stays within ~3% above 64 µs and reports the exact max", () => {
    const h = new LatencyHistogram();
    for (let v = 1; v <= 100_000; v++) h.record(v);
    const { p50, p90, p99, max } = h.summary();
    for (const [got, want] of [[p50, 50_000], [p90, 90_000], [p99, 99_000]] as const) {
      expect(Math.abs(got - want) / want).toBeLessThan(0.035);
    }
    expect(max).toBe(100_000);
  });

  it("rounds fractions up, clamps negatives and survives huge values", () => {
    const h = new LatencyHistogram();
    h.record(0.2);
    h.record(-5);
    h.record(1e15);
    expect(h.percentile(0.3)).toBe(0);
    expect(h.percentile(0.6)).toBe(1);
    expect(h.summary().max).toBe(1e15);
  });

  it("reports zeros when empty", () => {
    expect(new LatencyHistogram().summary()).toEqual({ count: 0, p50: 0, p90: 0, p99: 0, max: 0 });
  });
});

describe("LatencyHistogram buckets (what the Python hook ships)", () => {
  it("puts each vector's value in the bucket timing.py computes for it", () => {
    const { vectors } = JSON.parse(readFileSync(new URL("../fixtures/histogram-buckets.json", import.meta.url), "utf8")) as { vectors: [number, number][] };
    for (const [micros, bucket] of vectors) {
      const h = new LatencyHistogram();
      h.record(micros);
      expect(Object.keys(h.buckets().buckets)).toEqual([String(bucket)]);
    }
  });

  it("merges another histogram's counts without loss", () => {
    const [a, b, both] = [new LatencyHistogram(), new LatencyHistogram(), new LatencyHistogram()];
    for (let v = 1; v <= 5_000; v += 7) (v % 2 ? a : b).record(v), both.record(v);
    const merged = new LatencyHistogram();
    for (const h of [a, b]) merged.addBuckets(h.buckets().buckets, h.buckets().max);
    expect(merged.summary()).toEqual(both.summary());
  });

  it("gives the percentiles of a window from two readings, its max bounded by its highest bucket", () => {
    const h = new LatencyHistogram();
    for (let i = 0; i < 100; i++) h.record(5_000); // before the window
    const before = h.buckets();
    for (let v = 1; v <= 60; v++) h.record(v);
    const window = LatencyHistogram.fromDifference(h.buckets(), before).summary();
    expect(window).toEqual({ count: 60, p50: 30, p90: 54, p99: 60, max: 60 });
    expect(LatencyHistogram.fromDifference(before, before).summary().count).toBe(0);
    expect(LatencyHistogram.isBucket(1183)).toBe(true);
    expect(LatencyHistogram.isBucket(1184)).toBe(false);
  });
});
