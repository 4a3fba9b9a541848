// `ccproxy usage [--since 24h|7d|DATE] [--by label|model|rule|session|day] [--json]`: what the recorded requests used and cost.
import { connectRedis, describeRedis, redisUrlOf } from "../cluster/redis.js";
import { readClusterUsage } from "../cluster/usage-read.js";
import { loadConfig } from "../config/load.js";
import { configFiles, resolveConfigDir, resolveStateDir, stateFiles } from "../paths.js";
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
  /** A cluster replica: its own files, not Redis. */
  local?: boolean;
}

/**
 * Why: a replica's config with a cluster section reads the totals every replica added to Redis; when Redis cannot be
 * reached it says so and reads this replica's own files instead (undefined).
 */
async function clusterReport(configDir: string, since: Date, by: GroupBy, warn: (line: string) => void) {
  const { config } = await loadConfig(configFiles(configDir).routing).catch(() => ({ config: undefined }));
  if (!config?.cluster) return undefined;
  const url = redisUrlOf(config.cluster.redis_url);
  const redis = connectRedis(url, { lazy: true, commandTimeoutMs: 5_000 });
  redis.on("error", () => {}); // reported below, once
  try {
    await redis.connect();
    return { redis: describeRedis(url), report: await readClusterUsage(redis, since, by) };
  } catch (error) {
    warn(`warning: cluster Redis ${describeRedis(url)} unreachable (${(error as Error).message}): showing this replica's own records only`);
    return undefined;
  } finally {
    redis.disconnect();
  }
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
  const cluster = flags.local ? undefined : await clusterReport(configDir, since, by, warn);
  const { records, skipped } = cluster ? { records: [], skipped: [] } : readUsage(dir, since);
  const warning = describeSkipped(skipped);
  if (warning) warn(warning);
  const { groups, total } = cluster?.report ?? aggregate(records, by);
  const source = cluster ? `all replicas, from Redis ${cluster.redis}; whole hours` : dir;
  if (flags.json) {
    out(JSON.stringify({ since: since.toISOString(), by, groups, total, skipped_records: skipped.length, ...(cluster ? { source: "cluster" } : {}) }, null, 2));
    return 0;
  }
  if (total.requests === 0) {
    out(`no usage recorded since ${since.toLocaleString()} (${cluster ? source : `records in ${dir}`})`);
    return 0;
  }
  out(`usage since ${since.toLocaleString()}, by ${by} (${source})`);
  const rows = [[by, ...TOTALS_HEADER.slice(1)], ...groups.map((group) => totalsRow(group.key, group)), totalsRow("total", total)];
  for (const line of renderTable(rows, "  ")) out(line);
  if (total.unpriced_requests) {
    out(`  ${total.unpriced_requests} request(s) went to models LiteLLM has no price for: their cost is unknown, not counted as 0`);
  }
  return 0;
}
