// From pooled samples to the figures the report and --json carry: per target, overheads, verdict.
import type { LoadSamples } from "./driver.js";
import { median, overhead, summarize, type LatencySummary } from "./stats.js";

/** Why: the targets of the self-contained bench, by the names the table shows. `stock`: LiteLLM with the same model_list
 * and its own defaults; `plain`: LiteLLM as ccproxy configures it, minus the hook; `hook`: all of ccproxy. */
export const TARGET = { direct: "mock direct", stock: "litellm stock", plain: "litellm", hook: "litellm+hook" } as const;

/** Why: one row of the table. */
export interface TargetResult {
  name: string;
  total: LatencySummary;
  ttfb: LatencySummary;
  rps: number;
  errors: number;
  statusCodes: Record<string, number>;
  /** CPU milliseconds per completed request, by metered process (self-contained bench on Linux). */
  cpuMsPerRequest?: Record<string, number>;
  /** Median of LiteLLM's x-litellm-overhead-duration-ms, where the target sent it. */
  litellmOverheadMs?: number;
}

/** Why: added latency per layer, for total time and (streaming) time to first byte. */
export interface Overheads {
  hook?: { total: { p50: number; p99: number }; ttfb: { p50: number; p99: number } };
  litellm?: { total: { p50: number; p99: number }; ttfb: { p50: number; p99: number } };
}

/** Why: a run that could not measure what it was asked is neither a pass nor a failure of the proxy. */
export type VerdictStatus = "pass" | "fail" | "inconclusive";

/** Why: the verdict line and the exit code come from the same facts. */
export interface Verdict {
  status: VerdictStatus;
  /** Why it failed (errors, budgets exceeded); a failure wins over an inconclusive run. */
  reasons: string[];
  /** Why it could not decide (a saturated target, too few samples for the gated percentile). */
  inconclusive: string[];
}

/** Why: exit codes of `ccproxy bench`: 0 pass, 1 fail, 3 inconclusive (2 is bad usage, as for every command). */
export const BENCH_EXIT: Record<VerdictStatus, number> = { pass: 0, fail: 1, inconclusive: 3 };

/** Why: a target that achieved less than this share of the offered rate was queueing, so its latencies measure that. */
export const SATURATION_SHARE = 0.95;

/** Why: a percentile p is resolved only with at least two samples beyond it (p99: 200 samples); below, it is the max. */
export function minSamples(p: number): number {
  return Math.ceil(2 / (1 - p) - 1e-9);
}

/** Why: what the verdict checks besides errors; the in-hook p99 comes from the hook's own histograms (hook-times.ts). */
export interface VerdictInputs {
  rate: number;
  budgetMs: number;
  stream: boolean;
  /** The in-hook wall time (async_pre_call_hook) over the measured rounds, when the hook reported it. */
  hookTime?: LatencySummary;
  maxHookP99Ms?: number;
}

/** Why: percentiles over all pooled rounds; errors are non-2xx answers plus socket errors and timeouts. */
export function targetResult(name: string, samples: LoadSamples): TargetResult {
  const overheadMs = median(samples.litellmOverhead);
  return {
    name,
    total: summarize(samples.total),
    ttfb: summarize(samples.ttfb),
    rps: samples.elapsedS > 0 ? samples.completed / samples.elapsedS : 0,
    errors: samples.non2xx + samples.socketErrors,
    statusCodes: samples.statusCodes,
    ...(overheadMs === undefined ? {} : { litellmOverheadMs: overheadMs }),
    ...(samples.cpuMs && samples.completed ? { cpuMsPerRequest: perRequest(samples.cpuMs, samples.completed) } : {}),
  };
}

function perRequest(cpuMs: Record<string, number>, completed: number): Record<string, number> {
  return Object.fromEntries(Object.entries(cpuMs).map(([name, ms]) => [name, ms / completed]));
}

/** Why: the table's CPU column: every metered process of a target together. */
export function cpuPerRequest(result: TargetResult): number | undefined {
  return result.cpuMsPerRequest ? Object.values(result.cpuMsPerRequest).reduce((a, b) => a + b, 0) : undefined;
}

/** Why: hook = with − without; LiteLLM = without − direct (each against the same mock), present only when both sides ran. */
export function overheads(results: readonly TargetResult[]): Overheads {
  const by = (name: string) => results.find((r) => r.name === name);
  const diff = (a?: TargetResult, b?: TargetResult) => (a && b ? { total: overhead(a.total, b.total), ttfb: overhead(a.ttfb, b.ttfb) } : undefined);
  const hook = diff(by(TARGET.hook), by(TARGET.plain));
  const litellm = diff(by(TARGET.plain), by(TARGET.direct));
  return { ...(hook ? { hook } : {}), ...(litellm ? { litellm } : {}) };
}

/** Why: fail on any error, on a hook p99 overhead above the budget (total time; TTFB too when streaming) and on an
 * in-hook p99 above its bound; inconclusive, never pass, when a target was saturated or a gated p99 rests on too few
 * samples (a saturated p99 is queueing, and p99 of 50 samples is just the max). */
export function verdict(results: readonly TargetResult[], over: Overheads, inputs: VerdictInputs): Verdict {
  const reasons: string[] = [];
  const inconclusive: string[] = [];
  for (const r of results) if (r.errors > 0) reasons.push(`${r.name}: ${r.errors} error${r.errors === 1 ? "" : "s"}`);
  for (const r of results) if (r.total.count === 0) reasons.push(`${r.name}: no successful response`);
  for (const r of results) {
    if (r.total.count > 0 && r.rps < SATURATION_SHARE * inputs.rate) inconclusive.push(`${r.name} saturated at ${r.rps.toFixed(1)} rps (asked ${inputs.rate})`);
  }
  const need = minSamples(0.99);
  if (over.hook) {
    const checks: [string, number][] = [["p99 total", over.hook.total.p99]];
    if (inputs.stream) checks.push(["p99 first byte", over.hook.ttfb.p99]);
    for (const [what, ms] of checks) if (ms > inputs.budgetMs) reasons.push(`hook ${what} overhead ${ms.toFixed(2)} ms > ${inputs.budgetMs} ms`);
    const fewest = Math.min(...results.filter((r) => r.name === TARGET.hook || r.name === TARGET.plain).map((r) => r.total.count));
    if (fewest < need) inconclusive.push(`${fewest} samples per target cannot resolve a p99 overhead (needs ${need})`);
  }
  if (inputs.maxHookP99Ms !== undefined) {
    const hook = inputs.hookTime;
    if (!hook || hook.count === 0) reasons.push("the hook reported no in-hook times");
    else if (hook.p99 > inputs.maxHookP99Ms) reasons.push(`in-hook p99 ${hook.p99.toFixed(2)} ms > ${inputs.maxHookP99Ms} ms`);
    else if (hook.count < need) inconclusive.push(`${hook.count} in-hook samples cannot resolve its p99 (needs ${need})`);
  }
  const status = reasons.length ? "fail" : inconclusive.length ? "inconclusive" : "pass";
  return { status, reasons, inconclusive };
}
