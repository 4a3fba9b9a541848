// The stack as one object: the supervisor over the two children, plus where they serve. `ccproxy start`, the bench
// and the integration tests all start the hook server and LiteLLM through it.
import { rmSync } from "node:fs";
import { hookAddress, hookProbe } from "../config/hook-address.js";
import { loadConfig } from "../config/load.js";
import type { Config } from "../config/schema.js";
import { masterKeyOf } from "../init/master-key.js";
import { configFiles } from "../paths.js";
import type { Probe } from "../process/ready.js";
import type { RestartPolicy } from "./backoff.js";
import { stackSpecs, urlFor, type ChildrenOptions } from "./children.js";
import { Supervisor, type Outcome, type Snapshot, type WatchdogPolicy } from "./machine.js";

/** Why: the children's inputs plus how the supervisor treats them (restarts, stop grace, state updates). */
export interface StackOptions extends ChildrenOptions {
  policy?: RestartPolicy;
  graceMs?: number;
  /** Off when undefined: a child silent for afterMs is killed and restarted like a crash. */
  watchdog?: WatchdogPolicy;
  onChange?(snapshot: Snapshot): void;
}

/** Why: what callers talk to, watch and stop; nothing runs until start(). */
export interface Stack {
  readonly url: string;
  readonly masterKey: string | undefined;
  readonly hookProbe: Probe | undefined;
  /** Settles once everything has stopped: after stop(), or when restarts give up. */
  readonly done: Promise<Outcome>;
  /** Starts the hook server, then LiteLLM, each ready before the next; on failure stops both and throws. */
  start(): Promise<void>;
  /** The children's current pids, by name. */
  pids(): Record<string, number | undefined>;
  /** Graceful stop in reverse order (idempotent); also removes the hook's socket file if the server left it. */
  stop(graceMs?: number): Promise<void>;
}

/** Why: callers that must stop the stack even when its start is interrupted (a signal, Ctrl-C) hold it before start(). */
export function createStack(options: StackOptions): Stack {
  const supervisor = new Supervisor(stackSpecs(options), {
    policy: options.policy,
    graceMs: options.graceMs,
    watchdog: options.watchdog,
    log: (line) => options.sink.supervisor(line),
    onChange: options.onChange,
  });
  return {
    url: urlFor(options.host, options.port),
    masterKey: options.masterKey,
    hookProbe: options.hookProbe,
    done: supervisor.done,
    start: () => supervisor.start(),
    pids: () => supervisor.snapshot().pids,
    async stop(graceMs) {
      await supervisor.stop(graceMs);
      if (options.hookProbe?.socketPath) rmSync(options.hookProbe.socketPath, { force: true });
    },
  };
}

/** Why: the key LiteLLM gets and where the hook server answers, for `start`'s preflight (which has the config loaded
 * already) and for config dirs set up by the bench or a test. */
export async function stackInputs(configDir: string, config?: Config): Promise<{ masterKey: string | undefined; hookProbe: Probe }> {
  const { hook } = config ?? (await loadConfig(configFiles(configDir).routing)).config;
  return { masterKey: masterKeyOf(configDir), hookProbe: hookProbe(hookAddress(hook)) };
}
