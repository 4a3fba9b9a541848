// The hook server's GET /v1/stats, read over the same socket (or port) LiteLLM's hook uses, and the difference
// between two readings: how tests prove which routing decisions a request produced.
import { request } from "node:http";
import type { Probe } from "../../src/process/ready.js";

/** Why: the counters a test compares (the body has more: uptime, decide_us). */
export interface HookStats {
  decisions: { by_label: Record<string, number>; by_rule: Record<string, number> };
  need_text: number;
  errors: Record<string, number>;
}

/** Why: one reading; `hookProbe` is the stack's hookProbe (its URL ends in /health). */
export function readHookStats(hookProbe: Probe): Promise<HookStats> {
  const target = new URL("/v1/stats", hookProbe.url);
  const where = hookProbe.socketPath ? { socketPath: hookProbe.socketPath } : { port: target.port };
  return new Promise((resolve, reject) => {
    const req = request({ ...where, host: target.hostname, path: target.pathname, timeout: 5_000 }, (res) => {
      let text = "";
      res.setEncoding("utf8").on("data", (chunk: string) => (text += chunk));
      res.on("end", () => {
        try {
          if (res.statusCode !== 200) throw new Error(`hook server /v1/stats: HTTP ${res.statusCode}: ${text.slice(0, 200)}`);
          resolve(JSON.parse(text) as HookStats);
        } catch (error) {
          reject(error);
        }
      });
    });
    req.on("timeout", () => req.destroy(new Error("hook server /v1/stats: no answer in 5 s")));
    req.on("error", reject).end();
  });
}

/** Why: what happened between two readings; keys whose count did not change are left out. */
export function statsDelta(before: HookStats, after: HookStats) {
  return {
    by_label: delta(before.decisions.by_label, after.decisions.by_label),
    by_rule: delta(before.decisions.by_rule, after.decisions.by_rule),
    need_text: after.need_text - before.need_text,
    errors: delta(before.errors, after.errors),
  };
}

/** Why: "exactly n decisions" without caring which label they went to. */
export function decisionCount(stats: HookStats): number {
  return Object.values(stats.decisions.by_label).reduce((a, b) => a + b, 0);
}

function delta(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const d = (after[key] ?? 0) - (before[key] ?? 0);
    if (d !== 0) out[key] = d;
  }
  return out;
}
