// Is ccproxy running for this config dir? The state file may lie: its pids may be dead or reused.
import { rmSync } from "node:fs";
import { configFiles } from "../paths.js";
import { processStart } from "../process/identity.js";
import { commandLine, isAlive } from "../process/pid.js";
import { signalGroup } from "../process/terminate.js";
import { readState, type ProxyState } from "./state-file.js";

/** Why: the three questions asked about a recorded pid, injectable so the staleness rule is testable without processes. */
export interface ProcessProbe {
  alive(pid: number): boolean;
  cmdline(pid: number): string | undefined;
  start(pid: number): string | undefined;
}

/** Why: the real answers, from signals and /proc (or ps). */
export const systemProbe: ProcessProbe = { alive: isAlive, cmdline: commandLine, start: processStart };

/** Why: a state file written before start identities were recorded names its supervisor by pid alone; only a command line
 * that runs `ccproxy start` may then be believed (an editor on ccproxy.yaml or `tail -f` on its log never matches). */
const LEGACY_SUPERVISOR = /(?:^|[\s/])ccproxy start(?:\s|$)/;

/** Why: undefined while the recorded supervisor still runs; otherwise why the state file no longer describes a process of ours. */
export function staleReason(state: ProxyState, probe: ProcessProbe = systemProbe): string | undefined {
  if (!probe.alive(state.pid)) return `supervisor pid ${state.pid} is gone`;
  if (state.pidStart !== undefined) {
    return probe.start(state.pid) === state.pidStart ? undefined : `pid ${state.pid} now belongs to another process`;
  }
  const command = probe.cmdline(state.pid);
  return command !== undefined && LEGACY_SUPERVISOR.test(command) ? undefined : `pid ${state.pid} is not a ccproxy supervisor`;
}

/** Why: the boolean form doctor uses (read-only, no clean-up). */
export function isStale(state: ProxyState, probe: ProcessProbe = systemProbe): boolean {
  return staleReason(state, probe) !== undefined;
}

/** Why: a child is signalled only when its recorded start identity still matches; a child without one is left alone. */
export function liveChildren(state: ProxyState, probe: ProcessProbe = systemProbe): number[] {
  return Object.values(state.children)
    .filter((child) => child.pid !== undefined && child.start !== undefined && probe.alive(child.pid) && probe.start(child.pid) === child.start)
    .map((child) => child.pid!);
}

/** Why: the one answer every command uses; a stale file is removed (and its orphaned children killed, if provably ours). */
export function findRunning(configDir: string, say: (line: string) => void = () => {}, probe: ProcessProbe = systemProbe): ProxyState | undefined {
  const files = configFiles(configDir);
  const state = readState(files.state);
  if (!state) return undefined;
  const reason = staleReason(state, probe);
  if (reason === undefined) return state;
  const orphans = liveChildren(state, probe);
  for (const pid of orphans) signalGroup(pid, "SIGKILL");
  const leftAlone = reason.startsWith("supervisor") ? "" : "; that process was left alone";
  say(`removed a stale state file (${reason}${leftAlone}${orphans.length ? `; killed orphaned children ${orphans.join(", ")}` : ""})`);
  rmSync(files.state, { force: true });
  if (state.hookProbe?.socketPath) rmSync(state.hookProbe.socketPath, { force: true });
  return undefined;
}
