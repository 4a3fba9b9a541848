// Usage totals shared by the replicas: each record adds integer counters to an hourly Redis hash (HINCRBY), per label,
// model, rule and session and overall. Bounded by what varies (labels, models, sessions), not by the request count,
// and additive: increments that could not be sent wait in memory, merged, and go out once Redis is back.
import type { UsageRecord } from "../usage/record.js";
import { DEFAULT_RULE, NO_LABEL, NO_MODEL, NO_SESSION } from "../usage/aggregate.js";
import { KEY_PREFIX } from "./redis.js";

/** Why: the hash of one UTC hour; `ccproxy usage --since` reads whole hours. */
export function hourKey(at: Date): string {
  return `${KEY_PREFIX}usage:${at.toISOString().slice(0, 13)}`;
}

/** Why: the groupings kept in Redis; `day` is summed from the hours of the overall row ("*"). */
export const ROLLUP_DIMENSIONS = ["label", "model", "rule", "session", "*"] as const;
export type RollupDimension = (typeof ROLLUP_DIMENSIONS)[number];

/** Why: field names are <dimension>␟<key>␟<metric>; a unit separator cannot occur in a label, model or session id. */
export const SEP = "\x1f";

/** Why: costs as integers (HINCRBY is exact; HINCRBYFLOAT drifts): nano-dollars, finer than any price. */
export const NANO_USD = 1e9;

/** Why: latency as log-scale buckets (¼ octave, ~19 % wide), so a p50 survives summing across replicas. */
export function latencyBucket(ms: number): number {
  return Math.max(0, Math.round(Math.log2(Math.max(1, ms)) * 4));
}

/** Why: the value a bucket stands for when a percentile is read back. */
export function bucketValue(bucket: number): number {
  return Math.round(2 ** (bucket / 4));
}

function keysOf(record: UsageRecord): [RollupDimension, string][] {
  return [
    ["label", record.label ?? NO_LABEL],
    ["model", record.model ?? NO_MODEL],
    ["rule", record.label === null ? NO_LABEL : (record.rule ?? DEFAULT_RULE)],
    ["session", record.session ?? NO_SESSION],
    ["*", "*"],
  ];
}

/** Why: one record as the counters it adds (field → increment); sessions get no latency buckets (too many fields). */
export function incrementsOf(record: UsageRecord): Map<string, number> {
  const out = new Map<string, number>();
  const add = (field: string, n: number) => n && out.set(field, (out.get(field) ?? 0) + n);
  for (const [dimension, key] of keysOf(record)) {
    const f = (metric: string) => `${dimension}${SEP}${key}${SEP}${metric}`;
    add(f("n"), 1);
    add(f("err"), record.ok ? 0 : 1);
    add(f("in"), record.in);
    add(f("out"), record.out);
    add(f("cr"), record.cache_read);
    add(f("cw"), record.cache_write);
    if (record.cost === null) add(f("unpriced"), 1);
    else {
      add(f("priced"), 1);
      add(f("cost"), Math.round(record.cost * NANO_USD));
    }
    if (dimension !== "session" && record.latency_ms !== null) add(f(`lat${latencyBucket(record.latency_ms)}`), 1);
  }
  return out;
}

/** Why: pending increments per hourly key; merging keeps an outage's backlog as small as its variety. */
export class PendingIncrements {
  readonly keys = new Map<string, Map<string, number>>();
  fields = 0;
  dropped = 0;

  constructor(private readonly maxFields = 200_000) {}

  add(key: string, increments: Map<string, number>): void {
    let fields = this.keys.get(key);
    if (!fields) this.keys.set(key, (fields = new Map()));
    for (const [field, n] of increments) {
      const had = fields.get(field);
      if (had === undefined && this.fields >= this.maxFields) {
        this.dropped++;
        continue;
      }
      if (had === undefined) this.fields++;
      fields.set(field, (had ?? 0) + n);
    }
  }

  /** Takes everything pending (for one flush); `restore` puts it back when the flush failed. */
  take(): Map<string, Map<string, number>> {
    const taken = new Map(this.keys);
    this.keys.clear();
    this.fields = 0;
    return taken;
  }

  restore(taken: Map<string, Map<string, number>>): void {
    for (const [key, fields] of taken) this.add(key, fields);
  }
}
