// `ccproxy start`: preflight, then supervise the hook server and LiteLLM in the foreground or detached.
import chalk from "chalk";
import { existsSync } from "node:fs";
import { InvalidArgumentError, Option, type Command } from "commander";
import { version } from "../version.js";
import { action } from "../cli/handle-errors.js";
import { withConfigDir } from "../cli/options.js";
import { configFiles, resolveConfigDir } from "../paths.js";
import { knownSecrets } from "../secrets/known.js";
import { processRedactor } from "../secrets/redact.js";
import { findRunning } from "../state/running.js";
import type { ProxyState } from "../state/state-file.js";
import { loadConfig } from "../config/load.js";
import { startDetached } from "../supervisor/daemon.js";
import { describeExposure, isLoopback } from "../supervisor/exposure.js";
import { prepare } from "../supervisor/preflight.js";
import { runSupervisor } from "../supervisor/run-supervisor.js";
import { consoleSink, fileSink } from "../supervisor/sinks.js";

/** Why: typed flags, shared with `restart` and `run` (which start detached with the defaults). */
export interface StartFlags {
  configDir?: string;
  port?: number;
  host?: string;
  workers?: number;
  grace: number;
  detach?: boolean;
  superviseDetached?: boolean;
  /** Listening off loopback needs this (and a master key); see src/supervisor/exposure.ts. */
  allowRemote?: boolean;
}

/** Why: 10 s lets most open streams finish on stop before SIGKILL; host and port default to ccproxy.yaml's proxy section. */
export const DEFAULT_GRACE_S = 10;

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new InvalidArgumentError(`expected a whole number 1-65535, got "${value}"`);
  return n;
}

/** Why: registers `ccproxy start` on the program (see src/cli.ts). */
export function register(program: Command): void {
  withConfigDir(program.command("start"))
    .description("start the hook server and LiteLLM, supervised (restarted when they crash)")
    .option("--port <n>", "LiteLLM port (default: proxy.port in ccproxy.yaml, 4000)", positiveInt)
    .option("--host <addr>", "LiteLLM listen address (default: proxy.host in ccproxy.yaml, 127.0.0.1)")
    .option("--workers <n>", "LiteLLM worker processes", positiveInt)
    .option("--grace <s>", "seconds open requests may take to finish on stop, before SIGKILL", positiveInt, DEFAULT_GRACE_S)
    .option("--detach", "run in the background (logs in <config dir>/logs, state in state.json)")
    .option("--allow-remote", "allow a listen address reachable from the network (clients must send the master key)")
    .addOption(new Option("--supervise-detached").hideHelp())
    .action(action((flags: StartFlags) => runStart(flags)));
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
    const state = await ensureStarted(dir, flags, say);
    printReady(state, dir, say);
    return 0;
  }
  const background = flags.superviseDetached === true;
  // A write error on stdout/stderr (a full disk under the detached run's log, a closed terminal) must not kill the supervisor.
  for (const stream of [process.stdout, process.stderr]) stream.on("error", () => {});
  const sink = background ? fileSink(configFiles(dir).logs) : consoleSink();
  const prepared = await prepare(dir, flags, (line) => sink.supervisor(line));
  processRedactor.addLiterals(knownSecrets(dir)); // patterns applied from the first line; the install's own keys from here on
  if (!isLoopback(prepared.host)) {
    const { config } = await loadConfig(configFiles(dir).routing);
    const exposeLitellmRoutes = config.proxy.expose_litellm_routes === true;
    for (const line of describeExposure({ ...prepared, exposeLitellmRoutes, masterKeyFrom: prepared.masterKeyFrom ?? "?" })) sink.supervisor(chalk.yellow(line));
  }
  sink.supervisor(`starting the hook server, then LiteLLM on ${prepared.host}:${prepared.port} (LiteLLM takes ~10 s)`);
  const options = { host: prepared.host, port: prepared.port, workers: flags.workers, graceMs: flags.grace * 1000, detached: background, version };
  return runSupervisor(prepared, options, sink, (state) => background || printReady(state, dir, (line) => sink.supervisor(line)));
}

/** Why: `start --detach` and `run` share this: preflight here (errors on the terminal), then the detached supervisor. */
export async function ensureStarted(dir: string, flags: StartFlags, say: (line: string) => void): Promise<ProxyState> {
  const prepared = await prepare(dir, flags, say);
  say(`starting in the background on ${prepared.host}:${prepared.port}…`);
  const forwarded = ["--port", String(prepared.port), "--host", prepared.host, "--grace", String(flags.grace)];
  if (flags.workers) forwarded.push("--workers", String(flags.workers));
  if (flags.allowRemote) forwarded.push("--allow-remote");
  return startDetached(dir, forwarded, say);
}

function printReady(state: ProxyState, dir: string, say: (line: string) => void): void {
  say(chalk.green(`ccproxy is ready at ${state.url}`));
  say("point Claude Code (or any Anthropic client) at it:");
  say(`  export ANTHROPIC_BASE_URL=${state.url}`);
  const keyFile = configFiles(dir).masterKey;
  say(`  export ANTHROPIC_AUTH_TOKEN=${existsSync(keyFile) ? `$(cat ${keyFile})` : "<the key proxy.master_key names>"}`);
  say(`or just: ccproxy run -- claude`);
}
