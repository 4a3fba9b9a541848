// Usage figures as people read them: compact token counts, costs that never turn "unknown" into 0, aligned tables.
import type { UsageTotals } from "./aggregate.js";

/** Why: 19,362 tokens read better as 19.4k in a table; the JSON keeps exact counts. */
export function formatTokens(n: number): string {
  if (n < 1000) return String(n);
  if (n < 1_000_000) return `${(n / 1000).toFixed(n < 10_000 ? 2 : 1)}k`;
  return `${(n / 1_000_000).toFixed(n < 10_000_000 ? 2 : 1)}M`;
}

/** Why: small amounts need decimals to be seen at all; large ones do not. */
export function formatUsd(usd: number): string {
  return usd >= 100 ? `$${usd.toFixed(0)}` : usd >= 1 ? `$${usd.toFixed(2)}` : `$${usd.toFixed(4)}`;
}

/** Why: a group's cost: "unknown" when no request had a price, a "+n unpriced" note when some had none. */
export function formatCost(totals: Pick<UsageTotals, "cost_usd" | "unpriced_requests">): string {
  if (totals.cost_usd === null) return totals.unpriced_requests ? "unknown" : "-";
  return totals.unpriced_requests ? `${formatUsd(totals.cost_usd)} +${totals.unpriced_requests} unpriced` : formatUsd(totals.cost_usd);
}

/** Why: latencies from a few ms to minutes in one column. */
export function formatMs(ms: number | null): string {
  if (ms === null) return "-";
  return ms < 1000 ? `${Math.round(ms)} ms` : ms < 60_000 ? `${(ms / 1000).toFixed(1)} s` : `${(ms / 60_000).toFixed(1)} min`;
}

/** Why: the columns `status` and `usage` share, for one group. */
export function totalsRow(key: string, totals: UsageTotals): string[] {
  const { tokens } = totals;
  const cache = tokens.cache_read || tokens.cache_write ? `${formatTokens(tokens.cache_read)} / ${formatTokens(tokens.cache_write)}` : "-";
  return [key, String(totals.requests), String(totals.errors), formatTokens(tokens.in), formatTokens(tokens.out), cache, formatCost(totals), formatMs(totals.latency_ms.p50)];
}

/** Why: the header matching totalsRow. */
export const TOTALS_HEADER = ["", "requests", "errors", "tokens in", "out", "cache read / write", "cost", "p50 latency"];

/** Why: left-aligned first column, right-aligned figures, two spaces between columns. */
export function renderTable(rows: string[][], indent = ""): string[] {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? "").length)));
  return rows.map((row) => indent + row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join("  ").trimEnd());
}
