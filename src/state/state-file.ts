// state.json: what a detached (or foreground) supervisor tells later commands about itself.
import { readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import type { Probe } from "../process/ready.js";

/** Why: everything `stop`, `status`, `logs` and `run` need, without asking the processes. */
export interface ProxyState {
  version: string;
  pid: number;
  /** The supervisor's start identity (src/process/identity.ts): with the pid, it tells our process from a reused pid. */
  pidStart?: string;
  status: "starting" | "ready";
  detached: boolean;
  host: string;
  port: number;
  workers: number | undefined;
  graceMs: number;
  /** A cluster replica's drain before the grace (absent in older state files). */
  drainMs?: number;
  url: string;
  startedAt: string;
  hookProbe: Probe;
  /** `hung`: restarts that followed a kill by the watchdog (absent in files from older versions). */
  children: Record<string, { pid: number | undefined; restarts: number; start?: string; hung?: number }>;
}

/** Why: a missing or unreadable file both mean "no state" (a torn write is treated as stale). */
export function readState(path: string): ProxyState | undefined {
  try {
    const state = JSON.parse(readFileSync(path, "utf8")) as ProxyState;
    return typeof state.pid === "number" ? state : undefined;
  } catch {
    return undefined;
  }
}

/** Why: write-then-rename, so a reader never sees half a file; a failed write leaves no temporary file behind. */
export function writeState(path: string, state: ProxyState): void {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/** Why: the supervisor keeps running when the state file cannot be written (a full disk): it is told once per streak
 * of failures (and once when writing works again), never by an exception. */
export function stateWriter(path: string, report: (line: string) => void): (state: ProxyState) => void {
  let failing: string | undefined;
  return (state) => {
    try {
      writeState(path, state);
    } catch (error) {
      if (failing === undefined) {
        failing = (error as NodeJS.ErrnoException).code ?? String(error);
        report(`warning: cannot write ${path} (${failing}); \`status\` and \`stop\` see the previous state until it can`);
      }
      return;
    }
    if (failing !== undefined) report(`${path} is written again (after ${failing})`);
    failing = undefined;
  };
}

/** Why: only the supervisor that wrote the file may remove it; a newer one may have replaced it. */
export function removeState(path: string, ownerPid: number): void {
  if (readState(path)?.pid === ownerPid) rmSync(path, { force: true });
}
