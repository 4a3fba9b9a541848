// The Redis usage counters: what one record adds, how increments merge while Redis is away, and the report read back.
import { describe, expect, it } from "vitest";
import { totalsOf } from "../../src/cluster/usage-read.js";
import { bucketValue, hourKey, incrementsOf, latencyBucket, PendingIncrements, SEP } from "../../src/cluster/usage-rollup.js";
import { aggregate } from "../../src/usage/aggregate.js";
import type { UsageRecord } from "../../src/usage/record.js";

const record = (over: Partial<UsageRecord> = {}): UsageRecord => ({
  v: 1, ts: "2026-11-30T05:12:00.000Z", id: null, label: "default", rule: null, alias: "ccproxy-default", model: "anthropic/claude-sonnet-5-5",
  provider: "anthropic", call_type: "anthropic_messages", stream: true, ok: true, in: 1200, out: 80, cache_read: 1000, cache_write: 0,
  cost: 0.0123456789, latency_ms: 840, ttft_ms: 300, session: "s1", ...over,
});

/** The counters of records as Redis would hold them after HINCRBY, per dimension and key. */
function counters(records: UsageRecord[], dimension: string, key: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of records) {
    for (const [field, n] of incrementsOf(r)) {
      const [d, k, metric] = field.split(SEP);
      if (d === dimension && k === key) out.set(metric!, (out.get(metric!) ?? 0) + n);
    }
  }
  return out;
}

describe("usage counters", () => {
  it("sum to the same totals as the records themselves (cost to the nano-dollar, p50 to its bucket)", () => {
    const records = [record(), record({ ok: false, cost: null, in: 10, out: 0, cache_read: 0, latency_ms: 90, error: { type: "RateLimited", code: 429 } }), record({ label: "background", model: "anthropic/claude-haiku-5-5", rule: "haiku", cost: 0.0004, latency_ms: 200 })];
    const exact = aggregate(records, "label").total;
    const fromCounters = totalsOf(counters(records, "*", "*"));
    expect({ ...fromCounters, latency_ms: null }).toEqual({ ...exact, latency_ms: null });
    expect(fromCounters.latency_ms.p50).toBe(bucketValue(latencyBucket(exact.latency_ms.p50!)));
    expect(totalsOf(counters(records, "rule", "(default)")).requests).toBe(2);
    expect(totalsOf(counters(records, "rule", "haiku")).cost_usd).toBe(0.0004);
    expect(totalsOf(counters(records, "session", "s1")).requests).toBe(3);
  });

  it("keep unknown prices unknown: a group of unpriced requests has a null cost, not 0", () => {
    const totals = totalsOf(counters([record({ cost: null })], "label", "default"));
    expect(totals.cost_usd).toBeNull();
    expect(totals.unpriced_requests).toBe(1);
  });

  it("go to the hash of the record's UTC hour", () => {
    expect(hourKey(new Date("2026-11-30T05:59:59.999Z"))).toBe("ccproxy:usage:2026-11-30T05");
  });

  it("merge while they wait, and a failed flush puts them back", () => {
    const pending = new PendingIncrements();
    for (let i = 0; i < 1000; i++) pending.add(hourKey(new Date()), incrementsOf(record()));
    const fields = pending.fields;
    expect(fields).toBeLessThan(60); // bounded by what varies, not by the request count
    const taken = pending.take();
    expect(pending.fields).toBe(0);
    pending.restore(taken);
    expect(pending.fields).toBe(fields);
    expect([...pending.keys.values()][0]!.get(`*${SEP}*${SEP}n`)).toBe(1000);
  });

  it("drop new fields past the cap, and count them", () => {
    const pending = new PendingIncrements(10);
    pending.add("k", incrementsOf(record()));
    expect(pending.fields).toBe(10);
    expect(pending.dropped).toBeGreaterThan(0);
  });
});
