// `ccproxy usage` in a cluster: the hourly counters every replica added to Redis, summed into the same report shape.
import type { Redis } from "ioredis";
import { localDay, roundUsd, type GroupBy, type UsageTotals } from "../usage/aggregate.js";
import { bucketValue, hourKey, NANO_USD, SEP } from "./usage-rollup.js";

type Counters = Map<string, number>;

/** Why: whole UTC hours from the one holding `since` to now; at most retention_days × 24 keys. */
export function hoursSince(since: Date, now = new Date()): string[] {
  const keys: string[] = [];
  for (let t = Math.floor(since.getTime() / 3_600_000) * 3_600_000; t <= now.getTime(); t += 3_600_000) keys.push(hourKey(new Date(t)));
  return keys;
}

/** Why: the report `usage` prints, from counters; the window starts at the hour holding `since` (hour granularity). */
export async function readClusterUsage(redis: Redis, since: Date, by: GroupBy, now = new Date()): Promise<{ groups: (UsageTotals & { key: string })[]; total: UsageTotals }> {
  const keys = hoursSince(since, now);
  const pipeline = redis.pipeline();
  for (const key of keys) pipeline.hgetall(key);
  const results = (await pipeline.exec()) ?? [];
  const groups = new Map<string, Counters>();
  const total: Counters = new Map();
  for (const [index, [error, hash]] of results.entries()) {
    if (error) throw error;
    const hourStart = new Date(`${keys[index]!.slice(-13)}:00:00Z`);
    for (const [field, raw] of Object.entries(hash as Record<string, string>)) {
      const [dimension, key, metric] = field.split(SEP);
      if (!dimension || key === undefined || !metric) continue;
      const n = Number(raw);
      if (dimension === "*") {
        bump(total, metric, n);
        if (by === "day") bump(groupOf(groups, localDay(hourStart)), metric, n);
      } else if (dimension === by) bump(groupOf(groups, key), metric, n);
    }
  }
  const rows = [...groups].map(([key, counters]) => ({ key, ...totalsOf(counters) }));
  rows.sort(by === "day" ? (a, b) => (a.key < b.key ? -1 : 1) : (a, b) => (b.cost_usd ?? -1) - (a.cost_usd ?? -1) || b.requests - a.requests || (a.key < b.key ? -1 : 1));
  return { groups: rows, total: totalsOf(total) };
}

function groupOf(groups: Map<string, Counters>, key: string): Counters {
  let counters = groups.get(key);
  if (!counters) groups.set(key, (counters = new Map()));
  return counters;
}

function bump(counters: Counters, metric: string, n: number): void {
  counters.set(metric, (counters.get(metric) ?? 0) + n);
}

/** Why: counters back into UsageTotals; the p50 is the latency bucket holding the middle request. */
export function totalsOf(counters: Counters): UsageTotals {
  const get = (metric: string) => counters.get(metric) ?? 0;
  const buckets = [...counters].filter(([m]) => m.startsWith("lat")).map(([m, n]) => [Number(m.slice(3)), n] as const).sort((a, b) => a[0] - b[0]);
  const timed = buckets.reduce((sum, [, n]) => sum + n, 0);
  let seen = 0;
  const middle = buckets.find(([, n]) => (seen += n) >= Math.ceil(timed / 2));
  return {
    requests: get("n"),
    errors: get("err"),
    tokens: { in: get("in"), out: get("out"), cache_read: get("cr"), cache_write: get("cw") },
    cost_usd: get("priced") === 0 ? null : roundUsd(get("cost") / NANO_USD),
    unpriced_requests: get("unpriced"),
    latency_ms: { p50: middle ? bucketValue(middle[0]) : null },
  };
}
