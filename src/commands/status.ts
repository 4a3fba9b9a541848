// `ccproxy status [--json]`: running or not, pids, uptime, URL, real health checks, routing decisions, restarts.
import chalk from "chalk";
import { renderHookTimes } from "../cli/hook-times.js";
import { resolveConfigDir } from "../paths.js";
import { checkHealth, type ClusterHealth, type Health, type HookStatsView } from "../state/health.js";
import { findRunning } from "../state/running.js";
import type { ProxyState } from "../state/state-file.js";
import { roundUsd, type UsageTotals } from "../usage/aggregate.js";
import { renderTable, TOTALS_HEADER, totalsRow } from "../usage/render.js";

/** Why: the programmatic form; exit 0 only when running and both children answer. */
export async function runStatus(flags: { configDir?: string; json?: boolean }, say: (line: string) => void = console.log): Promise<number> {
  const dir = resolveConfigDir(flags.configDir);
  const state = findRunning(dir, flags.json ? () => {} : say);
  if (!state) {
    say(flags.json ? JSON.stringify({ running: false, configDir: dir }) : `ccproxy is not running (config dir ${dir})`);
    return 1;
  }
  const health = await checkHealth(state);
  const uptimeS = Math.round((Date.now() - Date.parse(state.startedAt)) / 1000);
  if (flags.json) say(JSON.stringify({ running: true, configDir: dir, uptimeS, ...state, health }, null, 2));
  else printHuman(state, health, uptimeS, say);
  return health.hook && health.litellm ? 0 : 1;
}

function printHuman(state: ProxyState, health: Health, uptimeS: number, say: (line: string) => void): void {
  const ok = (healthy: boolean) => (healthy ? chalk.green("healthy") : chalk.red("not answering"));
  say(`ccproxy ${state.version} is running (pid ${state.pid}, ${state.detached ? "detached" : "foreground"}), up ${duration(uptimeS)}`);
  say(`  url       ${state.url}${state.status === "ready" ? "" : chalk.yellow(" (still starting)")}`);
  for (const [name, child] of Object.entries(state.children)) {
    const healthy = name === "hook" ? health.hook : health.litellm;
    const hung = child.hung ? ` (${child.hung} by the watchdog: stopped answering)` : "";
    say(`  ${name.padEnd(9)} pid ${child.pid ?? "-"}  ${ok(healthy)}  restarts ${child.restarts}${hung}`);
  }
  if (health.restartDue.length) say(chalk.yellow(`  restart due: ${health.restartDue.join("; ")} (LiteLLM still runs the old targets; \`ccproxy restart\` applies them)`));
  if (!health.stats) return say("  decisions (hook server stats unavailable)");
  const list = (table: Record<string, number>) => Object.entries(table).map(([key, n]) => `${key} ${n}`).join(", ") || "none yet";
  say(`  decisions by label: ${list(health.stats.decisions.by_label)}`);
  say(`  decisions by rule:  ${list(health.stats.decisions.by_rule)}`);
  const served = health.stats.served;
  if (served) {
    say(`  served by label:    ${list(served.by_label)}`);
    const exhausted = Object.entries(served.chain_exhausted).map(([label, n]) => `${label} ${n}`).join(", ");
    if (Object.keys(served.fallbacks).length || exhausted) {
      say(`  fallbacks:          ${list(served.fallbacks)}${exhausted ? `; every target failed: ${exhausted}` : ""}`);
    }
  }
  if (health.stats.hook_us) for (const line of renderHookTimes(health.stats.hook_us)) say(line);
  for (const line of usageLines(health.stats.usage)) say(line);
  for (const line of clusterLines(health.cluster)) say(line);
}

/** Why: a replica's `status` also says whether Redis is there and sums the live replicas' counters (their heartbeats). */
export function clusterLines(cluster: ClusterHealth | undefined): string[] {
  if (!cluster) return [];
  const { redis } = cluster;
  if (!redis.up || !cluster.replicas) {
    const waiting = redis.pending_fields ? `; ${redis.pending_fields} usage counters wait to be sent` : "";
    return [chalk.yellow(`  cluster   replica ${cluster.replica}: Redis ${redis.url} unreachable; the figures above are this replica's only${waiting}`)];
  }
  const lines = [`  cluster   replica ${cluster.replica}, Redis ${redis.url}: ${cluster.replicas.length} live replica(s): ${cluster.replicas.map((r) => r.id).join(", ")}`];
  const decisions: Record<string, number> = {};
  const usage: Record<string, UsageTotals> = {};
  for (const { stats } of cluster.replicas) {
    for (const [label, n] of Object.entries(stats.decisions?.by_label ?? {})) decisions[label] = (decisions[label] ?? 0) + n;
    for (const [label, totals] of Object.entries(stats.usage?.by_label ?? {})) usage[label] = addTotals(usage[label], totals);
  }
  lines.push(`  cluster decisions by label: ${Object.entries(decisions).map(([key, n]) => `${key} ${n}`).join(", ") || "none yet"}`);
  const labels = Object.entries(usage).sort(([a], [b]) => (a < b ? -1 : 1));
  if (labels.length) lines.push("  cluster usage since each replica started (`ccproxy usage` for history):", ...renderTable([["label", ...TOTALS_HEADER.slice(1)], ...labels.map(([label, totals]) => totalsRow(label, totals))], "    "));
  return lines;
}

function addTotals(a: UsageTotals | undefined, b: UsageTotals): UsageTotals {
  if (!a) return { ...b, latency_ms: { p50: null } };
  const cost = a.cost_usd === null && b.cost_usd === null ? null : roundUsd((a.cost_usd ?? 0) + (b.cost_usd ?? 0));
  const tokens = { in: a.tokens.in + b.tokens.in, out: a.tokens.out + b.tokens.out, cache_read: a.tokens.cache_read + b.tokens.cache_read, cache_write: a.tokens.cache_write + b.tokens.cache_write };
  return { requests: a.requests + b.requests, errors: a.errors + b.errors, tokens, cost_usd: cost, unpriced_requests: a.unpriced_requests + b.unpriced_requests, latency_ms: { p50: null } };
}

/** Why: per label since the hook server started: requests, errors, tokens in/out, cost (unknown stays unknown), p50. */
export function usageLines(usage: HookStatsView["usage"]): string[] {
  if (!usage) return [];
  if (!usage.record) return ["  usage recording is off (usage.record: false in ccproxy.yaml)"];
  const labels = Object.entries(usage.by_label).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (labels.length === 0) return [`  usage since ${new Date(usage.since).toLocaleString()}: no requests served yet`];
  const rows = [["label", ...TOTALS_HEADER.slice(1)], ...labels.map(([label, totals]) => totalsRow(label, totals))];
  if (labels.length > 1) rows.push(totalsRow("total", usage.total));
  return [`  usage since ${new Date(usage.since).toLocaleString()} (\`ccproxy usage\` for history):`, ...renderTable(rows, "    ")];
}

function duration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  return h ? `${h}h ${m}m` : m ? `${m}m ${seconds % 60}s` : `${seconds}s`;
}
