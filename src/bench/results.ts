// From pooled samples to the figures the report and --json carry: per target, overheads, verdict.
import type { LoadSamples } from "./driver.js";
import { median, overhead, summarize, type LatencySummary } from "./stats.js";

/** Why: the three targets of the self-contained bench, by the names the table shows. */
export const TARGET = { direct: "mock direct", plain: "litellm", hook: "litellm+hook" } as const;

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

/** Why: the pass/fail line and the exit code come from the same facts. */
export interface Verdict {
  pass: boolean;
  reasons: string[];
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

/** Why: fail on any error, and on a hook p99 overhead above the budget (total time; TTFB too when streaming). */
export function verdict(results: readonly TargetResult[], over: Overheads, budgetMs: number, stream: boolean): Verdict {
  const reasons: string[] = [];
  for (const r of results) if (r.errors > 0) reasons.push(`${r.name}: ${r.errors} error${r.errors === 1 ? "" : "s"}`);
  for (const r of results) if (r.total.count === 0) reasons.push(`${r.name}: no successful response`);
  if (over.hook) {
    const checks: [string, number][] = [["p99 total", over.hook.total.p99]];
    if (stream) checks.push(["p99 first byte", over.hook.ttfb.p99]);
    for (const [what, ms] of checks) if (ms > budgetMs) reasons.push(`hook ${what} overhead ${ms.toFixed(2)} ms > ${budgetMs} ms`);
  }
  return { pass: reasons.length === 0, reasons };
}
