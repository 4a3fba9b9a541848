// `status` answers with real HTTP checks, not just "the pid exists".
import { Agent, request } from "undici";
import { probeOnce } from "../process/ready.js";
import type { UsageTotals } from "../usage/aggregate.js";

type Percentiles = { count: number; p50: number; p90: number; p99: number; max: number };
import type { ProxyState } from "./state-file.js";

/** Why: the hook server's GET /v1/stats body, as far as `status` shows it. */
export interface HookStatsView {
  uptime_s: number;
  decisions: { by_label: Record<string, number>; by_rule: Record<string, number> };
  errors: Record<string, number>;
  /** The hook server's decision time (µs). */
  decide_us?: Percentiles;
  /** The Python hook's own time per step (µs), all LiteLLM workers together and each. */
  hook_us?: { pooled: Record<string, Percentiles>; workers: Record<string, Record<string, Percentiles>> };
  /** Since the hook server started; absent from a hook server without usage recording. */
  usage?: { record: boolean; dir: string; since: string; by_label: Record<string, UsageTotals>; total: UsageTotals };
  /** Which target served (fallbacks included), as LiteLLM's workers report it; absent from older hook servers. */
  served?: { by_label: Record<string, number>; fallbacks: Record<string, number>; chain_exhausted: Record<string, number> };
}

/** Why: the hook server's GET /v1/cluster body (src/hook-server/cluster-state.ts), as `status` shows it. */
export interface ClusterHealth {
  replica: string;
  redis: { url: string; up: boolean; pending_fields: number; dropped_fields: number };
  replicas?: { id: string; at: string; stats: Partial<HookStatsView> }[];
}

/** Why: one object for the human and the --json output alike. */
export interface Health {
  hook: boolean;
  litellm: boolean;
  stats: HookStatsView | undefined;
  /** ccproxy.yaml edits LiteLLM has not picked up (hook /health restart_due); empty when none. */
  restartDue: string[];
  /** Present on a cluster replica. */
  cluster?: ClusterHealth;
}

/** Why: hook /health over its socket, LiteLLM /health/readiness (never /health, which calls every model), hook stats. */
export async function checkHealth(state: ProxyState): Promise<Health> {
  const [hook, litellm, stats, hookHealth, cluster] = await Promise.all([
    probeOnce(state.hookProbe, 2_000),
    probeOnce({ url: `${state.url}/health/readiness` }, 3_000),
    fetchHookJson<HookStatsView>(state, "/v1/stats"),
    fetchHookJson<{ restart_due?: unknown }>(state, "/health"),
    fetchHookJson<ClusterHealth>(state, "/v1/cluster"),
  ]);
  const due = hookHealth?.restart_due;
  return { hook, litellm, stats, restartDue: Array.isArray(due) ? due.map(String) : [], ...(cluster ? { cluster } : {}) };
}

async function fetchHookJson<T>(state: ProxyState, path: string): Promise<T | undefined> {
  const { socketPath } = state.hookProbe;
  const dispatcher = socketPath ? new Agent({ connect: { socketPath } }) : undefined;
  try {
    const response = await request(state.hookProbe.url.replace(/\/health$/, path), { dispatcher, headersTimeout: 2_000, bodyTimeout: 2_000 });
    if (response.statusCode !== 200) {
      await response.body.dump();
      return undefined;
    }
    return (await response.body.json()) as T;
  } catch {
    return undefined;
  } finally {
    await dispatcher?.close();
  }
}
