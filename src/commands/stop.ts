// `ccproxy stop`: ask the supervisor to stop gracefully; force it after the bound.
import { rmSync } from "node:fs";
import type { Command } from "commander";
import { action } from "../cli/handle-errors.js";
import { withConfigDir } from "../cli/options.js";
import { configFiles, resolveConfigDir } from "../paths.js";
import { waitGone } from "../process/pid.js";
import { signalGroup } from "../process/terminate.js";
import { findRunning, isStale, liveChildren } from "../state/running.js";

/** Why: registers `ccproxy stop` on the program (see src/cli.ts). */
export function register(program: Command): void {
  withConfigDir(program.command("stop"))
    .description("stop a running ccproxy (graceful, then forced)")
    .action(action((flags: { configDir?: string }) => runStop(flags)));
}

/** Why: the programmatic form, used by `restart` too; "not running" is not an error. */
export async function runStop(flags: { configDir?: string }, say: (line: string) => void = console.log): Promise<number> {
  const dir = resolveConfigDir(flags.configDir);
  const state = findRunning(dir, say);
  if (!state) {
    say(`ccproxy is not running (config dir ${dir})`);
    return 0;
  }
  const since = Date.now();
  say(`stopping ccproxy (pid ${state.pid}, ${state.url})…`);
  process.kill(state.pid, "SIGTERM");
  // the supervisor gives LiteLLM graceMs, then the hook server as long again; a little slack on top
  if (!(await waitGone(state.pid, 2 * state.graceMs + 5_000))) {
    say("the supervisor did not exit in time; killing it and its children");
    if (!isStale(state)) signalGroup(state.pid, "SIGKILL"); // checked again: the pid may have changed hands meanwhile
    for (const pid of liveChildren(state)) signalGroup(pid, "SIGKILL");
    rmSync(configFiles(dir).state, { force: true });
    if (state.hookProbe.socketPath) rmSync(state.hookProbe.socketPath, { force: true });
  }
  say(`stopped in ${((Date.now() - since) / 1000).toFixed(1)} s`);
  return 0;
}
