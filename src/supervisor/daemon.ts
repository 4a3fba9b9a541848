// `start --detach` (and `restart`, `run`): preflight here, then re-spawn this CLI as a detached supervisor and relay
// its progress until it is ready.
import { spawn } from "node:child_process";
import { closeSync, mkdirSync, openSync, statSync } from "node:fs";
import { CliError } from "../errors.js";
import { configFiles } from "../paths.js";
import { follower, logFiles } from "../state/log-files.js";
import { readState, type ProxyState } from "../state/state-file.js";
import { prepare, type Address } from "./preflight.js";
import { ccproxyBin } from "./spawn.js";

/** Why: what a start may set; host and port default to ccproxy.yaml's proxy section. */
export interface StartOptions extends Address {
  workers?: number;
  /** Seconds open requests may take to finish on stop. */
  grace: number;
}

/** Why: preflight errors (bad config, busy port) show on the terminal, before anything runs in the background. */
export async function startDetached(dir: string, options: StartOptions, say: (line: string) => void): Promise<ProxyState> {
  const prepared = await prepare(dir, options, say);
  say(`starting in the background on ${prepared.host}:${prepared.port}…`);
  const forwarded = ["--port", String(prepared.port), "--host", prepared.host, "--grace", String(options.grace)];
  if (options.workers) forwarded.push("--workers", String(options.workers));
  if (options.allowRemote) forwarded.push("--allow-remote");
  return spawnSupervisor(dir, forwarded, say);
}

// The child gets the same flags plus a hidden marker; its session is new, so the terminal's Ctrl-C never reaches it.
async function spawnSupervisor(dir: string, flags: string[], say: (line: string) => void, deadlineMs = 180_000): Promise<ProxyState> {
  mkdirSync(configFiles(dir).logs, { recursive: true, mode: 0o700 });
  const logPath = logFiles(dir).ccproxy; // the supervisor's stdout and stderr, relayed while waiting
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
