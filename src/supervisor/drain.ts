// Graceful drain of a replica on stop: readiness goes false first (the load balancer stops sending), the replica keeps
// serving for drain_s, and only then LiteLLM stops taking connections and finishes what is in flight within the grace.
import { rmSync, writeFileSync } from "node:fs";

/** Why: the hook's ErrorLayer answers /health/readiness 503 while this file exists (templates/ccproxy_hook_pkg/error_layer.py). */
export function beginDrain(drainFile: string): void {
  writeFileSync(drainFile, `${new Date().toISOString()}\n`, { mode: 0o600 });
}

/** Why: a replica starts ready; a drain file left by a killed supervisor must not keep it out of rotation. */
export function endDrain(drainFile: string): void {
  rmSync(drainFile, { force: true });
}

/** Why: the drain wait ends early when `hurry` resolves (a second signal: the operator wants it stopped now). */
export function drainPause(ms: number, hurry: Promise<unknown>): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    void hurry.then(() => (clearTimeout(timer), resolve()));
  });
}
