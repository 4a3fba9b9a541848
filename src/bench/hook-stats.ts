// The hook server's own view of a bench: how many decisions it made and how long deciding took.
import { Agent, request } from "undici";
import type { Probe } from "../process/ready.js";

/** Why: proves the hook really ran for every request, and splits its cost from the Python side's. */
export interface HookServerStats {
  decisions: number;
  errors: Record<string, number>;
  decide_us: { count: number; p50: number; p90: number; p99: number; max: number };
}

/** Why: GET /v1/stats over the same socket LiteLLM's hook uses; undefined when it cannot be read. */
export async function readHookStats(probe: Probe): Promise<HookServerStats | undefined> {
  const dispatcher = probe.socketPath ? new Agent({ connect: { socketPath: probe.socketPath } }) : undefined;
  try {
    const response = await request(probe.url.replace(/\/health$/, "/v1/stats"), { dispatcher, headersTimeout: 2_000, bodyTimeout: 2_000 });
    if (response.statusCode !== 200) return void (await response.body.dump());
    const stats = (await response.body.json()) as { decisions: { by_label: Record<string, number> }; errors: Record<string, number>; decide_us: HookServerStats["decide_us"] };
    const decisions = Object.values(stats.decisions.by_label).reduce((a, b) => a + b, 0);
    return { decisions, errors: stats.errors, decide_us: stats.decide_us };
  } catch {
    return undefined;
  } finally {
    await dispatcher?.close();
  }
}
