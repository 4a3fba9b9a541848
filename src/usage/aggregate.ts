// Summing usage records into groups: requests, errors, tokens, cost (null when no price is known) and latency.
import type { UsageRecord } from "./record.js";

/** Why: the groupings `ccproxy usage --by` offers. */
export const GROUP_BY = ["label", "model", "rule", "session", "day"] as const;
export type GroupBy = (typeof GROUP_BY)[number];

/** Why: one shape for a group, the total, `status` and the JSON output. */
export interface UsageTotals {
  requests: number;
  errors: number;
  tokens: { in: number; out: number; cache_read: number; cache_write: number };
  /** Sum of the known costs in USD; null when no request in the group had a known price. */
  cost_usd: number | null;
  /** Requests whose price LiteLLM did not know: their cost is not in cost_usd. */
  unpriced_requests: number;
  latency_ms: { p50: number | null };
}

/** Why: the same names for "no value" everywhere a key is shown. */
export const NO_LABEL = "(unrouted)";
export const DEFAULT_RULE = "(default)";
export const NO_SESSION = "(none)";
export const NO_MODEL = "(unknown)";

/** Why: running sums that become UsageTotals; latency percentiles come from the caller (exact or a histogram). */
export class Tally {
  requests = 0;
  errors = 0;
  in = 0;
  out = 0;
  cacheRead = 0;
  cacheWrite = 0;
  cost = 0;
  priced = 0;
  unpriced = 0;

  add(record: UsageRecord): void {
    this.requests++;
    if (!record.ok) this.errors++;
    this.in += record.in;
    this.out += record.out;
    this.cacheRead += record.cache_read;
    this.cacheWrite += record.cache_write;
    if (record.cost === null) this.unpriced++;
    else {
      this.cost += record.cost;
      this.priced++;
    }
  }

  totals(p50: number | null): UsageTotals {
    return {
      requests: this.requests,
      errors: this.errors,
      tokens: { in: this.in, out: this.out, cache_read: this.cacheRead, cache_write: this.cacheWrite },
      cost_usd: this.priced === 0 ? null : roundUsd(this.cost),
      unpriced_requests: this.unpriced,
      latency_ms: { p50 },
    };
  }
}

/** Why: float sums drift in the last digits; a micro-dollar is finer than any price. */
export function roundUsd(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

/** Why: the key a record falls under for each grouping; `day` is the local calendar day. */
export function keyOf(record: UsageRecord, by: GroupBy): string {
  switch (by) {
    case "label":
      return record.label ?? NO_LABEL;
    case "model":
      return record.model ?? NO_MODEL;
    case "rule":
      return record.label === null ? NO_LABEL : (record.rule ?? DEFAULT_RULE);
    case "session":
      return record.session ?? NO_SESSION;
    case "day":
      return localDay(new Date(record.ts));
  }
}

/** Why: a user's "day" is their own calendar day (the TZ environment variable sets it). */
export function localDay(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Why: nearest-rank percentile of a sample; null for no sample. */
export function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!;
}

/** Why: the `usage` report: groups in a stable order (days by date; the rest by cost, then requests, then key). */
export function aggregate(records: UsageRecord[], by: GroupBy): { groups: (UsageTotals & { key: string })[]; total: UsageTotals } {
  const groups = new Map<string, { tally: Tally; latencies: number[] }>();
  const all = { tally: new Tally(), latencies: [] as number[] };
  for (const record of records) {
    const key = keyOf(record, by);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { tally: new Tally(), latencies: [] }));
    for (const target of [group, all]) {
      target.tally.add(record);
      if (record.latency_ms !== null) target.latencies.push(record.latency_ms);
    }
  }
  const rows = [...groups].map(([key, group]) => ({ key, ...group.tally.totals(percentile(group.latencies, 0.5)) }));
  rows.sort(by === "day" ? byKey : byCost);
  return { groups: rows, total: all.tally.totals(percentile(all.latencies, 0.5)) };
}

type Row = UsageTotals & { key: string };

function byKey(a: Row, b: Row): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

function byCost(a: Row, b: Row): number {
  return (b.cost_usd ?? -1) - (a.cost_usd ?? -1) || b.requests - a.requests || byKey(a, b);
}
