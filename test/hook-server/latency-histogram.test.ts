import { describe, expect, it } from "vitest";
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
