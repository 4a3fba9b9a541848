// Stopping a running ccproxy from another process: ask its supervisor, force it after the bound.
import { rmSync } from "node:fs";
import { configFiles } from "../paths.js";
import { waitGone } from "../process/pid.js";
import { signalGroup } from "../process/terminate.js";
import { findRunning, isStale, liveChildren } from "../state/running.js";

/** Why: `stop` and `restart` share it; "not running" is not an error. */
export async function stopRunning(dir: string, say: (line: string) => void): Promise<void> {
  const state = findRunning(dir, say);
  if (!state) {
    say(`ccproxy is not running (config dir ${dir})`);
    return;
  }
  const since = Date.now();
  say(`stopping ccproxy (pid ${state.pid}, ${state.url})…`);
  process.kill(state.pid, "SIGTERM");
  // the supervisor drains (cluster replicas), then gives LiteLLM graceMs, then the hook server as long again; a little slack on top
  if (state.drainMs) say(`draining first: readiness answers 503 for ${state.drainMs / 1000} s while requests are still served`);
  if (!(await waitGone(state.pid, (state.drainMs ?? 0) + 2 * state.graceMs + 5_000))) {
    say("the supervisor did not exit in time; killing it and its children");
    if (!isStale(state)) signalGroup(state.pid, "SIGKILL"); // checked again: the pid may have changed hands meanwhile
    for (const pid of liveChildren(state)) signalGroup(pid, "SIGKILL");
    rmSync(configFiles(dir).state, { force: true });
    if (state.hookProbe.socketPath) rmSync(state.hookProbe.socketPath, { force: true });
  }
  say(`stopped in ${((Date.now() - since) / 1000).toFixed(1)} s`);
}
