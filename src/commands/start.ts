// `ccproxy start`: preflight, then supervise the hook server and LiteLLM in the foreground or detached.
import chalk from "chalk";
import { version } from "../version.js";
import { configFiles, resolveConfigDir } from "../paths.js";
import { knownSecrets } from "../secrets/known.js";
import { processRedactor } from "../secrets/redact.js";
import { findRunning } from "../state/running.js";
import { lockStart, startDetached, type StartOptions } from "../supervisor/daemon.js";
import { describeExposure, isLoopback } from "../supervisor/exposure.js";
import { prepare } from "../supervisor/preflight.js";
import { readyLines } from "../supervisor/ready-message.js";
import { runSupervisor } from "../supervisor/run-supervisor.js";
import { progressLine } from "../process/progress.js";
import { consoleSink, fileSink } from "../supervisor/sinks.js";
import { startupSink } from "../supervisor/startup-sink.js";

/** Why: typed flags, the same shape commander produces and tests pass (allowRemote: see src/supervisor/exposure.ts). */
export interface StartFlags extends StartOptions {
  configDir?: string;
  detach?: boolean;
  superviseDetached?: boolean;
}

/** Why: the programmatic form of `ccproxy start`; resolves with the exit code. Two starts for one config dir take turns
 * (src/supervisor/daemon.ts lockStart): the second finds the first running. The detached copy skips the lock, which
 * its parent holds until it is ready. */
export async function runStart(flags: StartFlags, say: (line: string) => void = console.log): Promise<number> {
  const dir = resolveConfigDir(flags.configDir);
  if (flags.superviseDetached) return supervise(dir, flags, true, async () => {});
  const running = findRunning(dir, say);
  if (running) return alreadyRunning(dir, running, say);
  if (flags.detach) {
    // --quiet: errors (thrown), warnings and the ready lines only
    const state = await startDetached(dir, flags, flags.quiet ? (line) => /warning/i.test(line) && say(line) : say);
    for (const line of readyLines(state, dir)) say(line);
    return 0;
  }
  const release = await lockStart(dir, say);
  try {
    const raced = findRunning(dir, say);
    if (raced) return alreadyRunning(dir, raced, say);
    return await supervise(dir, flags, false, release);
  } finally {
    await release();
  }
}

function alreadyRunning(dir: string, running: { url: string; pid: number }, say: (line: string) => void): number {
  say(`ccproxy is already running for ${dir}: ${running.url} (pid ${running.pid}); \`ccproxy stop\` stops it`);
  return 0;
}

/** Why: the supervisor in this process; `ready` lets go of the start lock once the stack answers. In the foreground,
 * without --verbose, the start-up is one progress line (src/supervisor/startup-sink.ts) once preflight (and a first
 * run's install, with its own progress line) is done. */
async function supervise(dir: string, flags: StartFlags, background: boolean, ready: () => Promise<void>): Promise<number> {
  // A write error on stdout/stderr (a full disk under the detached run's log, a closed terminal) must not kill the supervisor.
  for (const stream of [process.stdout, process.stderr]) stream.on("error", () => {});
  const base = background ? fileSink(configFiles(dir).logs) : consoleSink();
  const prepared = await prepare(dir, flags, (line) => base.supervisor(line));
  processRedactor.addLiterals(knownSecrets(dir)); // patterns applied from the first line; the install's own keys from here on
  if (!isLoopback(prepared.host)) {
    for (const line of describeExposure({ ...prepared, masterKeyFrom: prepared.masterKeyFrom ?? "?" })) base.supervisor(chalk.yellow(line));
  }
  const startup = background || flags.verbose ? undefined : startupSink(base, progressLine({ label: "ccproxy", out: process.stdout, quiet: flags.quiet }));
  const sink = startup ?? base;
  sink.supervisor(`starting the hook server, then LiteLLM on ${prepared.host}:${prepared.port} (LiteLLM takes ~10 s)`);
  if (prepared.cluster) sink.supervisor(`cluster replica ${prepared.cluster.replicaId}: LiteLLM's cooldowns and ccproxy's usage totals are shared through Redis`);
  const options = { host: prepared.host, port: prepared.port, workers: flags.workers, graceMs: flags.grace * 1000, drainMs: prepared.cluster?.drainMs, detached: background, version };
  try {
    return await runSupervisor(prepared, options, sink, (state) => {
      startup?.ready();
      void ready();
      if (!background) readyLines(state, dir).forEach((line) => sink.supervisor(line));
    });
  } finally {
    startup?.failed(); // a start-up that failed or was interrupted shows what was held back (no-op once ready)
  }
}
