// The supervisor process itself (foreground, or the detached copy): start, record state, wait for a signal or a give-up.
import { REPLICA_ENV } from "../cluster/redis.js";
import { CliError } from "../errors.js";
import { configFiles } from "../paths.js";
import { processStart } from "../process/identity.js";
import { removeState, stateWriter, type ProxyState } from "../state/state-file.js";
import type { RestartPolicy } from "./backoff.js";
import type { WatchdogPolicy } from "./machine.js";
import type { Prepared } from "./preflight.js";
import type { OutputSink } from "./sinks.js";
import { beginDrain, drainPause, endDrain } from "./drain.js";
import { createStack } from "./stack.js";

/** Why: the flags that shape one supervised run. */
export interface RunOptions {
  host: string;
  port: number;
  workers?: number;
  graceMs: number;
  /** How long a stop keeps serving with readiness false before LiteLLM stops (cluster.drain_s; 0 without a cluster). */
  drainMs?: number;
  detached: boolean;
  version: string;
  readyDeadlineMs?: number;
  policy?: RestartPolicy;
  /** Health checks every everyMs; a child silent for afterMs is killed and restarted (proxy.watchdog_s). */
  watchdog?: WatchdogPolicy;
}

const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/** Why: resolves with the exit code: 0 after a requested stop, a CliError when start-up fails or restarts give up. */
export async function runSupervisor(prepared: Prepared, options: RunOptions, sink: OutputSink, onReady: (state: ProxyState) => void): Promise<number> {
  const files = configFiles(prepared.dir);
  const stack = createStack({
    configDir: prepared.dir,
    litellm: prepared.litellm,
    masterKey: prepared.masterKey,
    hookProbe: prepared.hookProbe,
    host: options.host,
    port: options.port,
    workers: options.workers,
    // The hook server names this replica in Redis and in `status` (LiteLLM's environment is an allowlist without it).
    env: prepared.cluster ? { ...process.env, [REPLICA_ENV]: prepared.cluster.replicaId } : process.env,
    verbose: prepared.verbose,
    readyDeadlineMs: options.readyDeadlineMs,
    sink,
    policy: options.policy,
    graceMs: options.graceMs,
    watchdog: options.watchdog ?? watchdogPolicy(prepared.watchdogS),
    onChange: ({ pids, restarts, hung }) => {
      // called once children run, after `state` below exists
      state.children = Object.fromEntries(
        Object.entries(pids).map(([name, pid]) => [name, { pid, restarts: restarts[name] ?? 0, start: pid ? processStart(pid) : undefined, hung: hung[name] ?? 0 }]),
      );
      writeState(state);
    },
  });
  const writeState = stateWriter(files.state, (line) => sink.supervisor(line));
  const state: ProxyState = {
    version: options.version,
    pid: process.pid,
    pidStart: processStart(process.pid),
    status: "starting",
    detached: options.detached,
    host: options.host,
    port: options.port,
    workers: options.workers,
    graceMs: options.graceMs,
    drainMs: options.drainMs ?? 0,
    url: stack.url,
    startedAt: new Date().toISOString(),
    hookProbe: prepared.hookProbe,
    children: {},
  };
  let stopAt: number | undefined;
  let hurry!: () => void;
  const hurried = new Promise<void>((resolve) => (hurry = resolve));
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopAt !== undefined) return hurry();
    stopAt = Date.now();
    const drainMs = state.status === "ready" ? (options.drainMs ?? 0) : 0;
    if (drainMs > 0) {
      beginDrain(files.drain);
      sink.supervisor(`${signal}: draining: readiness answers 503, still serving for ${drainMs / 1000} s (a second signal skips the wait)`);
    }
    void drainPause(drainMs, hurried).then(() => {
      sink.supervisor(`${drainMs > 0 ? "drained" : signal}: stopping (LiteLLM first, up to ${options.graceMs / 1000} s for open requests)`);
      return stack.stop();
    });
  };
  for (const signal of SIGNALS) process.on(signal, onSignal);
  endDrain(files.drain);
  writeState(state);
  try {
    await stack.start();
    state.status = "ready";
    writeState(state);
    onReady(state);
    const outcome = await stack.done;
    if (!outcome.ok) throw new CliError(outcome.reason, { hint: "the lines above say why it crashed; `ccproxy doctor` checks the install" });
    sink.supervisor(`stopped in ${((Date.now() - (stopAt ?? Date.now())) / 1000).toFixed(1)} s`);
    return 0;
  } catch (error) {
    if (stopAt !== undefined) return 0; // a signal during start-up: the children's early exits are expected
    throw error;
  } finally {
    await stack.stop();
    endDrain(files.drain);
    removeState(files.state, process.pid);
    for (const signal of SIGNALS) process.off(signal, onSignal);
    sink.close();
  }
}

/** Why: proxy.watchdog_s as the machine's policy: a check every 2 s (at most a quarter of the window), off at 0. */
export function watchdogPolicy(seconds: number | undefined): WatchdogPolicy | undefined {
  if (!seconds) return undefined;
  const afterMs = seconds * 1000;
  return { afterMs, everyMs: Math.max(100, Math.min(2_000, afterMs / 4)) };
}
