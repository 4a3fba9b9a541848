// `start --detach`: re-spawn this CLI as a detached supervisor, relay its progress, return once it is ready.
import { spawn } from "node:child_process";
import { closeSync, mkdirSync, openSync, statSync } from "node:fs";
import { join } from "node:path";
import { CliError } from "../errors.js";
import { configFiles } from "../paths.js";
import { ccproxyBin } from "./spawn.js";
import { follower } from "../state/log-files.js";
import { readState, type ProxyState } from "../state/state-file.js";

/** Why: the detached supervisor's own log (its stdout and stderr), which `start` relays while waiting. */
export function supervisorLog(dir: string): string {
  return join(configFiles(dir).logs, "ccproxy.log");
}

/** Why: the child gets the same flags plus a hidden marker; its session is new, so the terminal's Ctrl-C never reaches it. */
export async function startDetached(dir: string, flags: string[], say: (line: string) => void, deadlineMs = 180_000): Promise<ProxyState> {
  mkdirSync(configFiles(dir).logs, { recursive: true, mode: 0o700 });
  const logPath = supervisorLog(dir);
  const fd = openSync(logPath, "a", 0o600);
  const offset = statSync(logPath).size;
  const child = spawn(process.execPath, [ccproxyBin, "start", "--config-dir", dir, ...flags, "--supervise-detached"], {
    detached: true,
    stdio: ["ignore", fd, fd],
    env: { ...process.env, FORCE_COLOR: "0" },
  });
  closeSync(fd);
  child.unref();
  let exitCode: number | null | undefined;
  child.once("exit", (code, signal) => (exitCode = code ?? (signal ? 128 : 1)));
  const relay = follower(logPath, offset, (line) => say(`  ${line.replace(/^\S+Z /, "")}`));
  const until = Date.now() + deadlineMs;
  while (Date.now() < until) {
    relay();
    const state = readState(configFiles(dir).state);
    if (state && state.pid === child.pid && state.status === "ready") return state;
    if (exitCode !== undefined) {
      throw new CliError(`the background supervisor exited during start-up (code ${exitCode})`, { hint: `the lines above and ${logPath} say why` });
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  if (child.pid) process.kill(child.pid, "SIGTERM");
  throw new CliError(`ccproxy was not ready after ${deadlineMs / 1000} s`, { hint: `see ${logPath}; it was asked to stop` });
}
