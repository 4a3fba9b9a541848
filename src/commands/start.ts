// `ccproxy start`: preflight, then supervise the hook server and LiteLLM in the foreground or detached.
import chalk from "chalk";
import { version } from "../version.js";
import { configFiles, resolveConfigDir } from "../paths.js";
import { knownSecrets } from "../secrets/known.js";
import { processRedactor } from "../secrets/redact.js";
import { findRunning } from "../state/running.js";
import { startDetached, type StartOptions } from "../supervisor/daemon.js";
import { describeExposure, isLoopback } from "../supervisor/exposure.js";
import { prepare } from "../supervisor/preflight.js";
import { readyLines } from "../supervisor/ready-message.js";
import { runSupervisor } from "../supervisor/run-supervisor.js";
import { consoleSink, fileSink } from "../supervisor/sinks.js";

/** Why: typed flags, the same shape commander produces and tests pass (allowRemote: see src/supervisor/exposure.ts). */
export interface StartFlags extends StartOptions {
  configDir?: string;
  detach?: boolean;
  superviseDetached?: boolean;
}

/** Why: the programmatic form of `ccproxy start`; resolves with the exit code. */
export async function runStart(flags: StartFlags, say: (line: string) => void = console.log): Promise<number> {
  const dir = resolveConfigDir(flags.configDir);
  const running = findRunning(dir, say);
  if (running) {
    say(`ccproxy is already running for ${dir}: ${running.url} (pid ${running.pid}); \`ccproxy stop\` stops it`);
    return 0;
  }
  if (flags.detach && !flags.superviseDetached) {
    const state = await startDetached(dir, flags, say);
    for (const line of readyLines(state, dir)) say(line);
    return 0;
  }
  const background = flags.superviseDetached === true;
  // A write error on stdout/stderr (a full disk under the detached run's log, a closed terminal) must not kill the supervisor.
  for (const stream of [process.stdout, process.stderr]) stream.on("error", () => {});
  const sink = background ? fileSink(configFiles(dir).logs) : consoleSink();
  const prepared = await prepare(dir, flags, (line) => sink.supervisor(line));
  processRedactor.addLiterals(knownSecrets(dir)); // patterns applied from the first line; the install's own keys from here on
  if (!isLoopback(prepared.host)) {
    for (const line of describeExposure({ ...prepared, masterKeyFrom: prepared.masterKeyFrom ?? "?" })) sink.supervisor(chalk.yellow(line));
  }
  sink.supervisor(`starting the hook server, then LiteLLM on ${prepared.host}:${prepared.port} (LiteLLM takes ~10 s)`);
  if (prepared.cluster) sink.supervisor(`cluster replica ${prepared.cluster.replicaId}: LiteLLM's cooldowns and ccproxy's usage totals are shared through Redis`);
  const options = { host: prepared.host, port: prepared.port, workers: flags.workers, graceMs: flags.grace * 1000, drainMs: prepared.cluster?.drainMs, detached: background, version };
  return runSupervisor(prepared, options, sink, (state) => background || readyLines(state, dir).forEach((line) => sink.supervisor(line)));
}
