// The two real children as the state machine sees them: spawn, readiness probe, output and crash tail.
import { lineSplitter, Tail } from "../process/lines.js";
import { probeOnce, waitReady, type Probe } from "../process/ready.js";
import { signalGroup, terminate } from "../process/terminate.js";
import type { ChildHandle, ChildSpec, Exit } from "./machine.js";
import type { OutputSink } from "./sinks.js";
import { spawnHookServer, spawnLitellm, type Child } from "./spawn.js";

/** Why: LiteLLM 1.108 takes ~10 s to start on an idle machine; a loaded one (the bench, CI) needs far more. */
const READY_DEADLINE_MS = 120_000;

/** Why: what the two children are started from (the CLI flags plus what preflight found). */
export interface ChildrenOptions {
  configDir: string;
  litellm: string;
  host: string;
  port: number;
  workers?: number;
  masterKey: string | undefined;
  env?: NodeJS.ProcessEnv;
  /** The hook server's /health; undefined runs LiteLLM alone (the bench's baseline has no hook). */
  hookProbe: Probe | undefined;
  readyDeadlineMs?: number;
  sink: OutputSink;
  /** LiteLLM's detailed debug log (`start --verbose`). */
  verbose?: boolean;
  /** Timeout of one watchdog health check. */
  aliveTimeoutMs?: number;
}

/** Why: the hook server first (LiteLLM calls it), then LiteLLM; the machine keeps this order. */
export function stackSpecs(options: ChildrenOptions): ChildSpec[] {
  const deadlineMs = options.readyDeadlineMs ?? READY_DEADLINE_MS;
  const ready = (probe: Probe) => async (handle: ChildHandle) => waitReady(probe, { deadlineMs, isAlive: () => (handle as RealHandle).alive() });
  // The watchdog's checks: the hook server's /health, LiteLLM's /health/liveliness (never /health: it calls every model).
  const alive = (probe: Probe) => () => probeOnce(probe, options.aliveTimeoutMs ?? ALIVE_TIMEOUT_MS);
  const litellmUrl = urlFor(options.host, options.port);
  const litellm: ChildSpec = {
    name: "litellm",
    spawn: () => adopt(spawnLitellm(options), "litellm", options.sink),
    ready: ready({ url: `${litellmUrl}/health/readiness` }),
    alive: alive({ url: `${litellmUrl}/health/liveliness` }),
  };
  if (!options.hookProbe) return [litellm];
  const hookProbe = options.hookProbe;
  const hook: ChildSpec = {
    name: "hook",
    spawn: () => adopt(spawnHookServer(options.configDir, options.env), "hook", options.sink),
    ready: ready(hookProbe),
    alive: alive(hookProbe),
  };
  return [hook, litellm];
}

/** Why: a busy LiteLLM answers its liveliness check in milliseconds; seconds of silence mean it is stuck. */
const ALIVE_TIMEOUT_MS = 5_000;

/** Why: a wildcard listen address is not a place to connect to; clients and probes use loopback instead. */
export function urlFor(host: string, port: number): string {
  const connectTo = host === "0.0.0.0" ? "127.0.0.1" : host === "::" ? "[::1]" : host.includes(":") ? `[${host}]` : host;
  return `http://${connectTo}:${port}`;
}

type RealHandle = ChildHandle & { alive(): boolean };

/** Why: wires a spawned child's output to the sink, keeps its stderr tail, and reaps its group when it exits. */
function adopt(child: Child, name: string, sink: OutputSink): RealHandle {
  const tail = new Tail();
  for (const stream of ["stdout", "stderr"] as const) {
    const splitter = lineSplitter((line) => {
      if (stream === "stderr") tail.push(line);
      sink.child(name, stream, line);
    });
    child[stream]?.on("data", (chunk: Buffer) => splitter.push(chunk)).on("end", () => splitter.flush());
  }
  let exit: Exit | undefined;
  let resolveExit!: (exit: Exit) => void;
  const exited = new Promise<Exit>((resolve) => (resolveExit = resolve));
  child.once("exit", (code, signal) => {
    exit = { code, signal };
    if (child.pid) signalGroup(child.pid, "SIGKILL", { groupOnly: true }); // workers left behind would hold the port
    resolveExit(exit);
  });
  child.once("error", () => exit || resolveExit({ code: 127, signal: null })); // spawn failed (ENOENT, EACCES)
  void child.catch(() => {});
  return { pid: child.pid, exited, alive: () => exit === undefined, stop: (graceMs) => terminate(child, graceMs), tail: () => tail.lines() };
}
