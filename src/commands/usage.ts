// `ccproxy usage [--since 24h|7d|DATE] [--by label|model|rule|session|day] [--json]`: what the recorded requests used and cost.
import { resolveConfigDir, resolveStateDir, stateFiles } from "../paths.js";
import { aggregate, type GroupBy } from "../usage/aggregate.js";
import { describeSkipped, readUsage } from "../usage/reader.js";
import { renderTable, TOTALS_HEADER, totalsRow } from "../usage/render.js";
import { DEFAULT_SINCE, parseSince } from "../usage/since.js";

/** Why: the command's options after parsing. */
export interface UsageFlags {
  configDir?: string;
  stateDir?: string;
  since?: Date;
  by?: GroupBy;
  json?: boolean;
}

/**
 * Why: the programmatic form. Reads the usage files (no running proxy needed); unreadable records are skipped with a
 * warning on stderr. Costs LiteLLM could not price stay null in the JSON and "unknown" in the table, never 0.
 */
export async function runUsage(flags: UsageFlags, out: (line: string) => void = console.log, warn: (line: string) => void = console.error): Promise<number> {
  const configDir = resolveConfigDir(flags.configDir);
  const dir = stateFiles(resolveStateDir(configDir, flags.stateDir)).usage;
  const since = flags.since ?? parseSince(DEFAULT_SINCE);
  const by = flags.by ?? "label";
  const { records, skipped } = readUsage(dir, since);
  const warning = describeSkipped(skipped);
  if (warning) warn(warning);
  const { groups, total } = aggregate(records, by);
  if (flags.json) {
    out(JSON.stringify({ since: since.toISOString(), by, groups, total, skipped_records: skipped.length }, null, 2));
    return 0;
  }
  if (records.length === 0) {
    out(`no usage recorded since ${since.toLocaleString()} (records in ${dir})`);
    return 0;
  }
  out(`usage since ${since.toLocaleString()}, by ${by} (${dir})`);
  const rows = [[by, ...TOTALS_HEADER.slice(1)], ...groups.map((group) => totalsRow(group.key, group)), totalsRow("total", total)];
  for (const line of renderTable(rows, "  ")) out(line);
  if (total.unpriced_requests) {
    out(`  ${total.unpriced_requests} request(s) went to models LiteLLM has no price for: their cost is unknown, not counted as 0`);
  }
  return 0;
}
