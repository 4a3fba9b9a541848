// Usage records for tests: a valid record with overrides.
import type { UsageRecord } from "../../src/usage/record.js";

let n = 0;

/** Why: every test builds records the same way; ids are unique unless given. */
export function record(patch: Partial<UsageRecord> = {}): UsageRecord {
  n++;
  return {
    v: 1,
    ts: "2026-11-30T10:00:00.000Z",
    id: `call-${n}`,
    label: "default",
    rule: null,
    alias: "ccproxy-default",
    model: "anthropic/claude-sonnet-5-5",
    provider: "anthropic",
    call_type: "messages",
    stream: true,
    ok: true,
    in: 1000,
    out: 100,
    cache_read: 800,
    cache_write: 0,
    cost: 0.01,
    latency_ms: 1200,
    ttft_ms: 300,
    session: "sess-a",
    ...patch,
  };
}
