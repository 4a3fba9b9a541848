// Is ccproxy running for this config dir? The state file may lie: its pids may be dead or reused.
import { rmSync } from "node:fs";
import { configFiles } from "../paths.js";
import { commandLine, isAlive } from "../process/pid.js";
import { signalGroup } from "../process/terminate.js";
import { readState, type ProxyState } from "./state-file.js";

/** Why: pure staleness rule, testable without processes: the supervisor pid must be alive and still be ccproxy. */
export function isStale(state: ProxyState, alive: (pid: number) => boolean, cmdline: (pid: number) => string | undefined): boolean {
  if (!alive(state.pid)) return true;
  const command = cmdline(state.pid);
  return command !== undefined && !command.includes("ccproxy");
}

/** Why: the one answer every command uses; a stale file is removed (and its orphaned children killed). */
export function findRunning(configDir: string, say: (line: string) => void = () => {}): ProxyState | undefined {
  const files = configFiles(configDir);
  const state = readState(files.state);
  if (!state) return undefined;
  if (!isStale(state, isAlive, commandLine)) return state;
  const orphans = Object.values(state.children)
    .map((child) => child.pid)
    .filter((pid): pid is number => pid !== undefined && isAlive(pid) && isOurs(commandLine(pid)));
  for (const pid of orphans) signalGroup(pid, "SIGKILL");
  say(`removed a stale state file (supervisor pid ${state.pid} is gone${orphans.length ? `; killed orphaned children ${orphans.join(", ")}` : ""})`);
  rmSync(files.state, { force: true });
  if (state.hookProbe.socketPath) rmSync(state.hookProbe.socketPath, { force: true });
  return undefined;
}

function isOurs(command: string | undefined): boolean {
  return command !== undefined && (command.includes("litellm") || command.includes("hook-server"));
}
