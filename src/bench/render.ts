// Plain-text rendering of a bench: the per-target table, the overhead lines and the verdict.
import chalk from "chalk";
import { renderHookTimes, type HookTimesView } from "../cli/hook-times.js";
import type { LatencySummary } from "./stats.js";
import { cpuPerRequest, TARGET, type Overheads, type TargetResult, type Verdict } from "./results.js";

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
  const hook = results.find((r) => r.name === TARGET.hook && r.cpuMsPerRequest);
  const plain = results.find((r) => r.name === TARGET.plain && r.cpuMsPerRequest);
  if (!hook?.cpuMsPerRequest || !plain) return undefined;
  const parts = Object.entries(hook.cpuMsPerRequest).map(([name, value]) => `${name} ${ms(value)}`).join(" + ");
  return `hook CPU per request: ${signed(cpuPerRequest(hook)! - cpuPerRequest(plain)!)} ms (${hook.name}: ${parts}; ${plain.name}: ${ms(cpuPerRequest(plain)!)})`;
}

/** Why: the 0.7× target (decisions.md): ccproxy's LiteLLM (every feature on, the hook included) against stock LiteLLM,
 * CPU per request of the LiteLLM processes alone, and with the hook server added. */
export function renderStockRatio(results: readonly TargetResult[]): string | undefined {
  const stock = results.find((r) => r.name === TARGET.stock)?.cpuMsPerRequest?.litellm;
  const hook = results.find((r) => r.name === TARGET.hook)?.cpuMsPerRequest;
  if (stock === undefined || !hook?.litellm || stock <= 0) return undefined;
  const all = Object.values(hook).reduce((a, b) => a + b, 0);
  return `LiteLLM CPU per request against stock: ${ms(hook.litellm)} / ${ms(stock)} ms = ${(hook.litellm / stock).toFixed(2)}× (with the hook server ${ms(all)} ms = ${(all / stock).toFixed(2)}×)`;
}

/** Why: the hook's own time over the measured rounds, from its histograms: the figure no queueing in LiteLLM blurs. */
export function renderHookTime(view: HookTimesView): string[] {
  return renderHookTimes(view, "", true);
}

/** Why: the last line a user (or CI log) reads; the exit code says the same (BENCH_EXIT). */
export function renderVerdict(v: Verdict, budgetMs: number, hasBaseline: boolean): string {
  if (v.status === "fail") return chalk.red(`FAIL: ${[...v.reasons, ...v.inconclusive].join("; ")}`);
  if (v.status === "inconclusive") return chalk.yellow(`inconclusive: ${v.inconclusive.join("; ")} (exit 3; lower --rps or run longer)`);
  return chalk.green(hasBaseline ? `PASS: no errors, hook p99 overhead within ${budgetMs} ms` : "PASS: no errors");
}
