// `start --detach` (and `restart`, `run`): preflight here, then re-spawn this CLI as a detached supervisor and relay
// its progress until it is ready.
import { spawn } from "node:child_process";
import { closeSync, mkdirSync, openSync, statSync } from "node:fs";
import { join } from "node:path";
import { CliError } from "../errors.js";
import { configFiles, resolveStateDir } from "../paths.js";
import { acquireFileLock } from "../process/file-lock.js";
import { progressLine } from "../process/progress.js";
import { findRunning } from "../state/running.js";
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

/** Why: two starts for one config dir take turns (the second then finds the first running); `release` is idempotent,
 * so a foreground start can let go once it is ready and again on the way out. */
export function lockStart(dir: string, say: (line: string) => void): Promise<() => Promise<void>> {
  return acquireFileLock(join(resolveStateDir(dir), "start"), { onWait: () => say(`another ccproxy is starting for ${dir}; waiting for it`) });
}

/** Why: preflight errors (bad config, busy port) show on the terminal, before anything runs in the background. Under
 * the start lock: when another start won the race, its running instance is the answer. */
export async function startDetached(dir: string, options: StartOptions, say: (line: string) => void): Promise<ProxyState> {
  const release = await lockStart(dir, say);
  try {
    const running = findRunning(dir, say);
    if (running) return running;
    const prepared = await prepare(dir, options, say);
    const forwarded = ["--port", String(prepared.port), "--host", prepared.host, "--grace", String(options.grace)];
    if (options.workers) forwarded.push("--workers", String(options.workers));
    if (options.allowRemote) forwarded.push("--allow-remote");
    if (options.verbose) forwarded.push("--verbose");
    return await spawnSupervisor(dir, forwarded, say, options);
  } finally {
    await release();
  }
}

// The child gets the same flags plus a hidden marker; its session is new, so the terminal's Ctrl-C never reaches it.
// While it starts, one progress line (its own lines, warnings included, are printed as they come).
async function spawnSupervisor(dir: string, flags: string[], say: (line: string) => void, output: Address, deadlineMs = 180_000): Promise<ProxyState> {
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
  const progress = progressLine({ label: "starting ccproxy in the background", quiet: output.quiet, verbose: true });
  const relayLine = (line: string) => (output.quiet ? /warning/i.test(line) && say(line) : progress.log(line));
  const relay = follower(logPath, offset, (line) => relayLine(`  ${line.replace(/^\S+Z /, "")}`));
  const until = Date.now() + deadlineMs;
  try {
    while (Date.now() < until) {
      relay();
      const state = readState(configFiles(dir).state);
      if (state && state.pid === child.pid && state.status === "ready") return state;
      if (exitCode !== undefined) {
        throw new CliError(`the background supervisor exited during start-up (code ${exitCode})`, { hint: `the lines above and ${logPath} say why` });
      }
      progress.update(state?.status === "starting" || !state ? "waiting for the hook server and LiteLLM to answer" : state.status);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } finally {
    progress.stop();
  }
  if (child.pid) process.kill(child.pid, "SIGTERM");
  throw new CliError(`ccproxy was not ready after ${deadlineMs / 1000} s`, { hint: `see ${logPath}; it was asked to stop` });
}
