// Grouping and summing: costs never turn unknown into 0; the order is stable.
import { describe, expect, it } from "vitest";
import { aggregate, keyOf, percentile } from "../../src/usage/aggregate.js";
import { record } from "./fixtures.js";

describe("aggregate", () => {
  it("sums a label's requests, errors, tokens and cost, with an exact p50 latency", () => {
    const records = [
      record({ latency_ms: 100, cost: 0.25 }),
      record({ latency_ms: 300, cost: 0.5, ok: false, error: { type: "UpstreamError", code: 529 }, in: 0, out: 0, cache_read: 0 }),
      record({ latency_ms: 200, cost: 0.125, cache_write: 50 }),
    ];
    const { groups, total } = aggregate(records, "label");
    expect(groups).toEqual([
      { key: "default", requests: 3, errors: 1, tokens: { in: 2000, out: 200, cache_read: 1600, cache_write: 50 }, cost_usd: 0.875, unpriced_requests: 0, latency_ms: { p50: 200 } },
    ]);
    expect(total).toEqual({ ...groups[0], key: undefined });
  });

  it("keeps an unpriced group's cost null, and counts unpriced requests in a mixed one", () => {
    const records = [record({ label: "local", cost: null }), record({ label: "local", cost: null }), record({ label: "mixed", cost: 0.1 }), record({ label: "mixed", cost: null })];
    const { groups, total } = aggregate(records, "label");
    expect(groups.map((g) => [g.key, g.cost_usd, g.unpriced_requests])).toEqual([["mixed", 0.1, 1], ["local", null, 2]]);
    expect([total.cost_usd, total.unpriced_requests]).toEqual([0.1, 3]);
  });

  it("orders by cost, then requests, then key; days by date", () => {
    const records = [record({ label: "b", cost: 1 }), record({ label: "a", cost: 1 }), record({ label: "c", cost: 2 }), record({ label: "d", cost: 1 }), record({ label: "d", cost: 0 })];
    expect(aggregate(records, "label").groups.map((g) => g.key)).toEqual(["c", "d", "a", "b"]);
    const days = [record({ ts: "2026-11-30T12:00:00.000Z", cost: 0 }), record({ ts: "2026-11-28T12:00:00.000Z", cost: 5 })];
    expect(aggregate(days, "day").groups.map((g) => g.requests)).toEqual([1, 1]);
    expect(aggregate(days, "day").groups[0]!.cost_usd).toBe(5);
  });

  it("names missing keys: unrouted label, default rule, no session, unknown model", () => {
    expect(keyOf(record({ label: null, rule: null }), "label")).toBe("(unrouted)");
    expect(keyOf(record({ label: null, rule: null }), "rule")).toBe("(unrouted)");
    expect(keyOf(record({ rule: null }), "rule")).toBe("(default)");
    expect(keyOf(record({ rule: "long-context" }), "rule")).toBe("long-context");
    expect(keyOf(record({ session: null }), "session")).toBe("(none)");
    expect(keyOf(record({ model: null }), "model")).toBe("(unknown)");
  });

  it("percentile is nearest-rank, null for nothing", () => {
    expect(percentile([5, 1, 4, 2, 3], 0.5)).toBe(3);
    expect(percentile([1, 2], 0.5)).toBe(1);
    expect(percentile([], 0.5)).toBeNull();
  });
});
