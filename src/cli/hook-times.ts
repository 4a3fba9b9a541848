// The hook's own time per request as `status` and `bench` print it: one row per step, pooled and per worker.
import { renderTable } from "../usage/render.js";

/** Why: percentiles in µs, as the hook server's /v1/stats reports each step. */
export interface StepPercentiles {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/** Why: the `hook_us` section of /v1/stats: step → percentiles, for all workers together and for each. */
export interface HookTimesView {
  pooled: Record<string, StepPercentiles>;
  workers: Record<string, Record<string, StepPercentiles>>;
}

const STEP_ORDER = ["hook", "summary", "round_trip", "apply", "decide"];
const STEP_NAME: Record<string, string> = { hook: "whole hook", summary: "summary", round_trip: "round trip", apply: "apply", decide: "decide (server)" };

const ms = (us: number) => (us / 1000).toFixed(us < 10_000 ? 3 : 1);

/** Why: a table in ms (the hook's figures are sub-millisecond; the bench's are ms), pooled first, then per worker when
 * there are several (the whole-hook row only, unless `detail`). */
export function renderHookTimes(view: HookTimesView, indent = "  ", detail = false): string[] {
  const rows: string[][] = [["step (ms)", "p50", "p90", "p99", "max", "requests"]];
  const add = (scope: string, steps: Record<string, StepPercentiles>, only?: string) => {
    for (const step of STEP_ORDER) {
      const s = steps[step];
      if (!s || s.count === 0 || (only && step !== only)) continue;
      rows.push([`${scope}${STEP_NAME[step]}`, ms(s.p50), ms(s.p90), ms(s.p99), ms(s.max), String(s.count)]);
    }
  };
  add("", view.pooled);
  const workers = Object.entries(view.workers);
  if (workers.length > 1) for (const [pid, steps] of workers) add(`worker ${pid}: `, steps, detail ? undefined : "hook");
  if (rows.length === 1) return [`${indent}hook time: no routed request timed yet`];
  return [`${indent}hook time, inside LiteLLM's async_pre_call_hook (all workers${workers.length > 1 ? ", then each" : ""}):`, ...renderTable(rows, `${indent}  `)];
}
