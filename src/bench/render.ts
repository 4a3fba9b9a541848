// Plain-text rendering of a bench: the per-target table, the overhead lines and the verdict.
import chalk from "chalk";
import type { LatencySummary } from "./stats.js";
import { cpuPerRequest, type Overheads, type TargetResult, type Verdict } from "./results.js";

const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(2) : "-");
const signed = (value: number) => `${value >= 0 ? "+" : ""}${value.toFixed(2)}`;

/** Why: one aligned table per measured time; streaming adds a time-to-first-byte table. */
export function renderTable(results: readonly TargetResult[], stream: boolean): string {
  const blocks = [table("total time (ms)", results, (r) => r.total)];
  if (stream) blocks.push(table("time to first byte (ms)", results, (r) => r.ttfb));
  return blocks.join("\n");
}

function table(title: string, results: readonly TargetResult[], pick: (r: TargetResult) => LatencySummary): string {
  const header = ["target", "p50", "p90", "p99", "max", "rps", "errors", "litellm hdr", "cpu/req"];
  const rows = results.map((r) => {
    const s = pick(r);
    return [r.name, ms(s.p50), ms(s.p90), ms(s.p99), ms(s.max), r.rps.toFixed(1), String(r.errors), r.litellmOverheadMs === undefined ? "-" : ms(r.litellmOverheadMs), ms(cpuPerRequest(r) ?? Number.NaN)];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  return [title, line(header), ...rows.map(line)].join("\n");
}

/** Why: the figures the bench exists for, one line per layer. */
export function renderOverheads(over: Overheads, stream: boolean): string {
  const lines: string[] = [];
  const layer = (label: string, o: NonNullable<Overheads["hook"]>) => {
    lines.push(`${label} total: p50 ${signed(o.total.p50)} ms, p99 ${signed(o.total.p99)} ms`);
    if (stream) lines.push(`${label} first byte: p50 ${signed(o.ttfb.p50)} ms, p99 ${signed(o.ttfb.p99)} ms`);
  };
  if (over.litellm) layer("LiteLLM's own overhead (litellm − mock direct)", over.litellm);
  if (over.hook) layer("hook overhead (litellm+hook − litellm)", over.hook);
  return lines.join("\n");
}

/** Why: CPU per request is what scheduler noise cannot inflate: the hook's cost on a busy machine. */
export function renderCpu(results: readonly TargetResult[]): string | undefined {
  const hook = results.find((r) => r.cpuMsPerRequest && "hook server" in r.cpuMsPerRequest);
  const plain = results.find((r) => r.cpuMsPerRequest && r !== hook && "litellm" in r.cpuMsPerRequest);
  if (!hook?.cpuMsPerRequest || !plain) return undefined;
  const parts = Object.entries(hook.cpuMsPerRequest).map(([name, value]) => `${name} ${ms(value)}`).join(" + ");
  return `hook CPU per request: ${signed(cpuPerRequest(hook)! - cpuPerRequest(plain)!)} ms (${hook.name}: ${parts}; ${plain.name}: ${ms(cpuPerRequest(plain)!)})`;
}

/** Why: the last line a user (or CI log) reads. */
export function renderVerdict(v: Verdict, budgetMs: number, hasBaseline: boolean): string {
  if (v.pass) return chalk.green(hasBaseline ? `PASS: no errors, hook p99 overhead within ${budgetMs} ms` : "PASS: no errors");
  return chalk.red(`FAIL: ${v.reasons.join("; ")}`);
}

/** Why: a target that fell behind the asked rate was saturated; its latencies include queueing, so say so. */
export function renderSaturation(results: readonly TargetResult[], rate: number): string[] {
  return results
    .filter((r) => r.rps < 0.95 * rate)
    .map((r) => chalk.yellow(`warning: ${r.name} kept up with only ${r.rps.toFixed(1)} of ${rate} rps: it is saturated; its latencies include queueing`));
}
