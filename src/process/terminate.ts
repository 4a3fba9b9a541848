// Stopping a child for good: SIGTERM to its process group, a bounded wait, then SIGKILL (as execa's lib/terminate).
import type { ChildProcess } from "node:child_process";

/** Why: 10 s lets most open streams finish before SIGKILL; `start --grace` and every stop default to it. */
export const DEFAULT_GRACE_MS = 10_000;

/** Why: uvicorn waits for open streams without limit, so every stop needs a deadline. */
export async function terminate(child: ChildProcess, graceMs = DEFAULT_GRACE_MS): Promise<"exited" | "killed"> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return "exited";
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  signalGroup(child.pid, "SIGTERM");
  const timer = new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), graceMs).unref());
  if ((await Promise.race([exited.then(() => "exited" as const), timer])) === "exited") {
    signalGroup(child.pid, "SIGKILL", { groupOnly: true }); // reap grandchildren (uvicorn workers) left in the group
    return "exited";
  }
  signalGroup(child.pid, "SIGKILL");
  await exited;
  return "killed";
}

/** Why: children are spawned detached (own group) so one signal reaches their workers too. After the leader exited,
 * `groupOnly` reaps what is left of its group without falling back to the bare pid, which may already be reused. */
export function signalGroup(pid: number, signal: NodeJS.Signals, options: { groupOnly?: boolean } = {}): void {
  try {
    process.kill(-pid, signal);
  } catch {
    if (options.groupOnly) return;
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}
