// CPU time of process groups from /proc (Linux): the cost per request that scheduler noise does not inflate.
import { readdirSync, readFileSync } from "node:fs";

/** Why: /proc/<pid>/stat counts in clock ticks; USER_HZ is 100 on every mainstream Linux build. */
const TICK_MS = 10;

/** Why: a LiteLLM or hook-server child and its workers share one process group (spawned detached). */
export function groupCpuMs(pgid: number): number | undefined {
  let pids: string[];
  try {
    pids = readdirSync("/proc").filter((name) => /^\d+$/.test(name));
  } catch {
    return undefined; // not Linux
  }
  let ticks = 0;
  let found = false;
  for (const pid of pids) {
    const fields = statFields(pid);
    if (!fields || Number(fields[2]) !== pgid) continue;
    found = true;
    ticks += Number(fields[11]) + Number(fields[12]); // utime, stime
  }
  return found ? ticks * TICK_MS : undefined;
}

/** Fields after "(comm)": state is [0], pgrp [2], utime [11], stime [12]. */
function statFields(pid: string): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  } catch {
    return undefined; // exited meanwhile
  }
}
