// The supervisor as a small state machine: start children in order, restart the ones that crash, stop in reverse.
import { CliError } from "../errors.js";
import { DEFAULT_GRACE_MS } from "../process/terminate.js";
import { backoffDelay, CrashWindow, DEFAULT_POLICY, type RestartPolicy } from "./backoff.js";

/** Why: how a child ended, as Node reports it; exactly one of the two is set. */
export interface Exit {
  code: number | null;
  signal: string | null;
}

/** Why: the machine only needs these few things from a child, so tests can hand it fakes. */
export interface ChildHandle {
  pid: number | undefined;
  exited: Promise<Exit>;
  stop(graceMs: number): Promise<unknown>;
  /** The last lines the child wrote to stderr, to explain a crash. */
  tail(): string[];
}

/** Why: how to (re)start one child and know when it serves. */
export interface ChildSpec {
  name: string;
  spawn(): ChildHandle;
  ready(handle: ChildHandle): Promise<"ready" | "died" | "timeout">;
  /** One health check of a running child (bounded in time): false means it did not answer. Used by the watchdog. */
  alive?(handle: ChildHandle): Promise<boolean>;
}

/** Why: a child that stops answering its health check for `afterMs` is killed and restarted like a crash. */
export interface WatchdogPolicy {
  afterMs: number;
  everyMs: number;
}

/** Why: the foreground command waits on this to pick its exit code. */
export type Outcome = { ok: true } | { ok: false; reason: string };

/** Why: what the state file and `status` show about the children. */
export interface Snapshot {
  pids: Record<string, number | undefined>;
  restarts: Record<string, number>;
  /** How many of the restarts followed a kill by the watchdog (a hung child). */
  hung: Record<string, number>;
}

type Phase = "idle" | "starting" | "running" | "stopping" | "stopped";

/** Why: one human-readable reason for a crash: "exit code 1" or "signal SIGKILL". */
export function describeExit(exit: Exit): string {
  return exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code}`;
}

/** Why: keeps both children alive under a crash budget; `done` settles once everything has stopped. */
export class Supervisor {
  readonly done: Promise<Outcome>;
  private phase: Phase = "idle";
  private failure: string | undefined;
  private stopping: Promise<void> | undefined;
  private settle!: (outcome: Outcome) => void;
  private readonly handles = new Map<string, ChildHandle>();
  private readonly started = new Set<string>();
  private readonly restarts: Record<string, number> = {};
  private readonly hung: Record<string, number> = {};
  private readonly killedByWatchdog = new WeakSet<ChildHandle>();
  private readonly watchdog: WatchdogPolicy | undefined;
  private readonly windows = new Map<string, CrashWindow>();
  private readonly policy: RestartPolicy;
  private readonly log: (line: string) => void;
  private readonly onChange: (snapshot: Snapshot) => void;
  private readonly graceMs: number;

  constructor(
    private readonly specs: ChildSpec[],
    options: {
      policy?: RestartPolicy;
      graceMs?: number;
      log: (line: string) => void;
      onChange?: (snapshot: Snapshot) => void;
      /** Off when undefined (or afterMs 0). */
      watchdog?: WatchdogPolicy;
    },
  ) {
    this.policy = options.policy ?? DEFAULT_POLICY;
    this.watchdog = options.watchdog && options.watchdog.afterMs > 0 ? options.watchdog : undefined;
    this.graceMs = options.graceMs ?? DEFAULT_GRACE_MS;
    this.log = options.log;
    this.onChange = options.onChange ?? (() => {});
    this.done = new Promise((resolve) => (this.settle = resolve));
    for (const spec of specs) {
      this.restarts[spec.name] = 0;
      this.hung[spec.name] = 0;
      this.windows.set(spec.name, new CrashWindow(this.policy));
    }
  }

  /** Why: children start in order, each ready before the next; any failure stops the rest and throws. */
  async start(): Promise<void> {
    this.phase = "starting";
    for (const spec of this.specs) {
      this.throwIfStopped();
      const since = Date.now();
      const handle = this.launch(spec);
      const verdict = await spec.ready(handle);
      if (verdict !== "ready") {
        const exit = verdict === "died" ? await handle.exited : undefined;
        await this.stop(2_000);
        const how = exit ? `exited during start-up (${describeExit(exit)})` : "was not ready before the deadline";
        throw new CliError(`${spec.name} ${how}`, { hint: lastLines(handle) || "see its log lines above; `ccproxy doctor` checks the install" });
      }
      this.started.add(spec.name);
      this.log(`${spec.name} ready in ${((Date.now() - since) / 1000).toFixed(1)} s (pid ${handle.pid})`);
      void this.watch(spec, handle);
    }
    this.throwIfStopped();
    this.phase = "running";
    this.onChange(this.snapshot());
  }

  /** Why: graceful stop in reverse order (LiteLLM before the hook server it calls); idempotent. */
  stop(graceMs = this.graceMs): Promise<void> {
    this.stopping ??= (async () => {
      this.phase = "stopping";
      for (const spec of [...this.specs].reverse()) await this.handles.get(spec.name)?.stop(graceMs);
      this.phase = "stopped";
      this.settle(this.failure ? { ok: false, reason: this.failure } : { ok: true });
    })();
    return this.stopping;
  }

  /** Why: pids and restart counts, for the state file and `status`. */
  snapshot(): Snapshot {
    const pids = Object.fromEntries(this.specs.map((spec) => [spec.name, this.handles.get(spec.name)?.pid]));
    return { pids, restarts: { ...this.restarts }, hung: { ...this.hung } };
  }

  // The watchdog, per running child: a health check every `everyMs`; when none has succeeded for `afterMs` the child
  // is hung (a busy loop, a deadlock, a stuck event loop) and is killed, so onExit restarts it like a crash.
  // A check slower than everyMs delays the next one, so a hung child is found at most one check late.
  private async watch(spec: ChildSpec, handle: ChildHandle): Promise<void> {
    const policy = this.watchdog;
    if (!policy || !spec.alive) return;
    let lastOk = Date.now();
    let exited = false;
    void handle.exited.then(() => (exited = true));
    const current = () => !exited && this.handles.get(spec.name) === handle && this.supervising();
    while (current()) {
      await this.pause(policy.everyMs);
      if (!current()) return;
      if (await spec.alive(handle)) {
        lastOk = Date.now();
        continue;
      }
      const silentMs = Date.now() - lastOk;
      if (silentMs < policy.afterMs || !current()) continue;
      this.hung[spec.name] = (this.hung[spec.name] ?? 0) + 1;
      this.killedByWatchdog.add(handle);
      this.log(`${spec.name} (pid ${handle.pid}) has not answered its health check for ${(silentMs / 1000).toFixed(1)} s; killing it (watchdog)`);
      await handle.stop(WATCHDOG_GRACE_MS); // its exit is handled like a crash: logged, counted, restarted with backoff
      return;
    }
  }

  // stop() during start-up (a signal, Ctrl-C) must not be followed by a child spawned after it.
  private throwIfStopped(): void {
    if (this.phase !== "starting") throw new CliError("stopped during start-up");
  }

  // A backoff wait ends early when the supervisor stops, so no timer outlives it.
  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      void this.done.then(() => (clearTimeout(timer), resolve()));
    });
  }

  private supervising(): boolean {
    return this.phase === "starting" || this.phase === "running";
  }

  private launch(spec: ChildSpec): ChildHandle {
    const handle = spec.spawn();
    this.handles.set(spec.name, handle);
    void handle.exited.then((exit) => this.onExit(spec, handle, exit));
    return handle;
  }

  private async onExit(spec: ChildSpec, handle: ChildHandle, exit: Exit): Promise<void> {
    if (!this.supervising() || !this.started.has(spec.name) || this.handles.get(spec.name) !== handle) return;
    const crashedAt = Date.now();
    const tail = lastLines(handle);
    if (this.killedByWatchdog.has(handle)) this.log(`${spec.name} (pid ${handle.pid}) was killed by the watchdog (${describeExit(exit)})`);
    else this.log(`${spec.name} (pid ${handle.pid}) died unexpectedly: ${describeExit(exit)}${tail ? `; last stderr lines:\n${tail}` : ""}`);
    const window = this.windows.get(spec.name)!;
    const crashes = window.record(crashedAt);
    if (window.exhausted()) {
      this.failure = `${spec.name} crashed ${crashes} times within ${this.policy.windowMs / 1000} s; giving up and stopping everything`;
      this.log(this.failure);
      return this.stop();
    }
    const delay = backoffDelay(crashes, this.policy);
    this.log(`restarting ${spec.name} in ${delay / 1000} s (crash ${crashes} of ${this.policy.maxCrashes} allowed per ${this.policy.windowMs / 1000} s)`);
    await this.pause(delay);
    if (!this.supervising()) return;
    this.restarts[spec.name] = (this.restarts[spec.name] ?? 0) + 1;
    const next = this.launch(spec);
    this.onChange(this.snapshot());
    const verdict = await spec.ready(next);
    if (verdict === "ready" && this.handles.get(spec.name) === next && this.supervising()) {
      this.log(`${spec.name} is back (pid ${next.pid}), serving ${((Date.now() - crashedAt) / 1000).toFixed(1)} s after the crash`);
      void this.watch(spec, next);
    } else if (verdict === "timeout") {
      this.log(`${spec.name} (pid ${next.pid}) was not ready before the deadline; killing it`);
      await next.stop(2_000); // its exit counts as the next crash
    }
  }
}

/** Why: a hung child may never act on SIGTERM (a blocked event loop); SIGKILL follows soon. */
const WATCHDOG_GRACE_MS = 2_000;

function lastLines(handle: ChildHandle): string {
  return handle.tail().slice(-5).map((line) => `  | ${line}`).join("\n");
}
