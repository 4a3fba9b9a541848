// A replica's hook server with its Redis away: nothing throws, one warning, the usage counters wait (merged) in memory.
import { afterEach, describe, expect, it } from "vitest";
import { ClusterState } from "../../src/hook-server/cluster-state.js";
import { freePort } from "../../src/process/free-port.js";
import type { UsageRecord } from "../../src/usage/record.js";

const record: UsageRecord = {
  v: 1, ts: new Date().toISOString(), id: null, label: "default", rule: null, alias: "ccproxy-default", model: "anthropic/claude-sonnet-5-5",
  provider: "anthropic", call_type: "anthropic_messages", stream: true, ok: true, in: 10, out: 5, cache_read: 0, cache_write: 0, cost: 0.001, latency_ms: 100, ttft_ms: 50, session: "s",
};

let state: ClusterState | undefined;
afterEach(async () => state?.close());

describe("ClusterState without a reachable Redis", () => {
  it("warns once, keeps the counters of every record in memory, and answers its view", async () => {
    const warnings: string[] = [];
    const port = await freePort(); // nothing listens: connection refused, again and again
    state = new ClusterState(`redis://:pw@127.0.0.1:${port}/0`, "gw-1", { retentionDays: () => 90, stats: () => ({}), logger: { info() {}, warn: (m) => warnings.push(m), error() {} } });
    state.start();
    for (let i = 0; i < 50; i++) state.add([record]);
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // a flush period and a reconnect attempt or two
    const view = await state.view();
    expect(view.replica).toBe("gw-1");
    expect(view.redis).toMatchObject({ url: `redis://***@127.0.0.1:${port}/0`, up: false, dropped_fields: 0 });
    expect(view.redis.pending_fields).toBeGreaterThan(10);
    expect(view.redis.pending_fields).toBeLessThan(60); // 50 records, merged into one set of counters
    expect(view.replicas).toBeUndefined();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/cluster Redis redis:\/\/\*\*\*@127\.0\.0\.1:\d+\/0 unreachable .*: this replica goes on alone/);
  });
});
