// Questions about other processes by pid, answered from signals and /proc (Linux), or `ps` where /proc is absent.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

/** Why: signal 0 tests existence; EPERM means alive but not ours, which still counts as alive. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Why: a pid can be reused; its command line tells whether it is still the process we recorded (and names a port's
 * holder). /proc on Linux; `ps -o command=` elsewhere. */
export function commandLine(pid: number): string | undefined {
  try {
    const raw = readFileSync(`/proc/${pid}/cmdline`, "utf8");
    return raw.split("\0").filter(Boolean).join(" ") || undefined;
  } catch (error) {
    if (process.platform === "linux" || (error as NodeJS.ErrnoException).code !== "ENOENT") return undefined;
  }
  try {
    return execFileSync("ps", ["-o", "command=", "-p", String(pid)], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], timeout: 2_000 }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Why: polls until the pid is gone (it may not be our child, so there is no exit event to wait for). */
export async function waitGone(pid: number, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() >= until) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}
