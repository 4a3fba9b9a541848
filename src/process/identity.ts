// "Is pid n still the process we started?": a pid plus its start time (and the boot it belongs to) names one process.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

/** Why: pids are reused; a pid and a command-line substring matched an editor on ccproxy.yaml as well as our supervisor. */
export type StartIdentity = string;

function bootId(): string | undefined {
  try {
    return readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Why: field 22 of /proc/<pid>/stat is the start time in clock ticks since boot; the command name (field 2) may hold spaces
 * and parentheses, so the fields are counted after its last ")". */
export function startTicks(statLine: string): string | undefined {
  const fields = statLine.slice(statLine.lastIndexOf(")") + 2).split(" ");
  const ticks = fields[19]; // fields[0] is field 3 (state)
  return ticks && /^\d+$/.test(ticks) ? ticks : undefined;
}

/** Why: Linux answers from /proc (boot id + start ticks, exact); elsewhere `ps -o lstart=` (to the second). Undefined when
 * the process is gone or cannot be inspected: an unidentifiable process is never treated as ours. */
export function processStart(pid: number): StartIdentity | undefined {
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  let stat: string | undefined;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT" && process.platform === "linux") return undefined; // gone
  }
  if (stat !== undefined) {
    const ticks = startTicks(stat);
    const boot = bootId();
    return ticks && boot ? `linux:${boot}:${ticks}` : undefined;
  }
  try {
    const started = execFileSync("ps", ["-o", "lstart=", "-p", String(pid)], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], timeout: 2_000 }).trim();
    return started ? `ps:${started}` : undefined;
  } catch {
    return undefined;
  }
}

/** Why: `recorded` came from the state file; the pid is ours only if the process behind it started at that same moment. */
export function sameProcess(pid: number, recorded: StartIdentity, probe: (pid: number) => StartIdentity | undefined = processStart): boolean {
  const now = probe(pid);
  return now !== undefined && now === recorded;
}
