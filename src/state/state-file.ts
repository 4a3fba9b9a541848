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
  url: string;
  startedAt: string;
  hookProbe: Probe;
  children: Record<string, { pid: number | undefined; restarts: number; start?: string }>;
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

/** Why: write-then-rename, so a reader never sees half a file. */
export function writeState(path: string, state: ProxyState): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  renameSync(temporary, path);
}

/** Why: only the supervisor that wrote the file may remove it; a newer one may have replaced it. */
export function removeState(path: string, ownerPid: number): void {
  if (readState(path)?.pid === ownerPid) rmSync(path, { force: true });
}
