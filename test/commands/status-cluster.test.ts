// `status` on a replica: the cluster line, the live replicas' summed decisions and usage, and Redis away said plainly.
import { describe, expect, it } from "vitest";
import { clusterLines } from "../../src/commands/status.js";
import type { UsageTotals } from "../../src/usage/aggregate.js";

const totals = (requests: number, cost: number | null): UsageTotals => ({
  requests, errors: 0, tokens: { in: 100 * requests, out: 10 * requests, cache_read: 0, cache_write: 0 }, cost_usd: cost, unpriced_requests: cost === null ? requests : 0, latency_ms: { p50: 800 },
});
const beat = (id: string, decisions: Record<string, number>, usage: Record<string, UsageTotals>) => ({
  id, at: "2026-11-30T05:00:00.000Z", stats: { uptime_s: 60, decisions: { by_label: decisions, by_rule: {} }, errors: {}, usage: { record: true, dir: "/x", since: "2026-11-30T04:00:00.000Z", by_label: usage, total: totals(0, null) } },
});

describe("clusterLines", () => {
  it("nothing without a cluster section", () => {
    expect(clusterLines(undefined)).toEqual([]);
  });

  it("lists the live replicas and sums their decisions and usage (a p50 does not sum: shown as -)", () => {
    const lines = clusterLines({
      replica: "gw-1",
      redis: { url: "redis://***@r:6379/0", up: true, pending_fields: 0, dropped_fields: 0 },
      replicas: [beat("gw-1", { default: 3, background: 1 }, { default: totals(3, 0.03) }), beat("gw-2", { default: 2 }, { default: totals(2, 0.02), background: totals(1, null) })],
    });
    expect(lines[0]).toBe("  cluster   replica gw-1, Redis redis://***@r:6379/0: 2 live replica(s): gw-1, gw-2");
    expect(lines[1]).toBe("  cluster decisions by label: default 5, background 1");
    const table = lines.slice(3).join("\n");
    expect(table).toMatch(/background\s+1\s+0\s+100\s+10\s+.*unknown/);
    expect(table).toMatch(/default\s+5\s+0\s+500\s+50\s+.*\$0\.05\d*\s+-/);
  });

  it("says when Redis is away and how much waits to be sent", () => {
    const [line] = clusterLines({ replica: "gw-1", redis: { url: "redis://r:6379/0", up: false, pending_fields: 42, dropped_fields: 0 } });
    expect(line).toContain("replica gw-1: Redis redis://r:6379/0 unreachable; the figures above are this replica's only; 42 usage counters wait to be sent");
  });
});
