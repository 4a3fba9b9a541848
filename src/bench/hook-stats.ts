// The hook server's own view of a bench: how many decisions it made, how long deciding took, and the hook's step times.
import { Agent, request } from "undici";
import type { HookTimesView, StepPercentiles } from "../cli/hook-times.js";
import { LatencyHistogram, type SparseBuckets } from "../hook-server/latency-histogram.js";
import type { Probe } from "../process/ready.js";

type Raw = { buckets: SparseBuckets; max: number };
/** Why: the raw step counts of /v1/stats?buckets=1, all workers together and each, so two readings can be diffed. */
export interface HookTimeCounts {
  pooled: Record<string, Raw>;
  workers: Record<string, Record<string, Raw>>;
}

/** Why: proves the hook really ran for every request, and splits its cost from the Python side's. */
export interface HookServerStats {
  decisions: number;
  errors: Record<string, number>;
  decide_us: StepPercentiles;
  hookTimes?: HookTimeCounts;
}

/** Why: GET /v1/stats?buckets=1 over the same socket LiteLLM's hook uses; undefined when it cannot be read. */
export async function readHookStats(probe: Probe): Promise<HookServerStats | undefined> {
  const dispatcher = probe.socketPath ? new Agent({ connect: { socketPath: probe.socketPath } }) : undefined;
  try {
    const response = await request(probe.url.replace(/\/health$/, "/v1/stats?buckets=1"), { dispatcher, headersTimeout: 2_000, bodyTimeout: 2_000 });
    if (response.statusCode !== 200) return void (await response.body.dump());
    const stats = (await response.body.json()) as {
      decisions: { by_label: Record<string, number> };
      errors: Record<string, number>;
      decide_us: StepPercentiles;
      hook_us?: { buckets?: HookTimeCounts };
    };
    const decisions = Object.values(stats.decisions.by_label).reduce((a, b) => a + b, 0);
    return { decisions, errors: stats.errors, decide_us: stats.decide_us, ...(stats.hook_us?.buckets ? { hookTimes: stats.hook_us.buckets } : {}) };
  } catch {
    return undefined;
  } finally {
    await dispatcher?.close();
  }
}

/** Why: the hook's step times over the measured rounds only: the later reading minus the earlier (warm-up excluded). */
export function hookTimesBetween(before: HookTimeCounts | undefined, after: HookTimeCounts | undefined): HookTimesView | undefined {
  if (!after) return undefined;
  const steps = (later: Record<string, Raw>, earlier?: Record<string, Raw>) =>
    Object.fromEntries(Object.entries(later).map(([step, raw]) => [step, LatencyHistogram.fromDifference(raw, earlier?.[step]).summary()]));
  const workers = Object.entries(after.workers)
    .map(([pid, later]) => [pid, steps(later, before?.workers[pid])] as const)
    .filter(([, summaries]) => Object.values(summaries).some((s) => s.count > 0));
  return { pooled: steps(after.pooled, before?.pooled), workers: Object.fromEntries(workers) };
}
