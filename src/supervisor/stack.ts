// Starts the hook server, then LiteLLM, waits until both are ready, and stops them in the right order.
import { existsSync, rmSync } from "node:fs";
import { CliError } from "../errors.js";
import { loadConfig } from "../config/load.js";
import { hookAddress, hookProbe } from "../config/hook-address.js";
import { readMasterKey } from "../init/master-key.js";
import { configFiles } from "../paths.js";
import { waitReady, type Probe } from "../process/ready.js";
import { spawnHookServer, spawnLitellm, type Child } from "./spawn.js";
import { terminate } from "../process/terminate.js";
import { lineSplitter, Tail } from "../process/lines.js";

/** Why: what the caller needs to talk to, watch and stop a running proxy. */
export interface RunningStack {
  url: string;
  masterKey: string | undefined;
  hookProbe: Probe;
  hook: Child;
  litellm: Child;
  stop(graceMs?: number): Promise<void>;
}

/** Why: one description of how to start a stack, shared by `start`, `bench` and the tests. */
export interface StackOptions {
  configDir: string;
  litellm: string;
  host: string;
  port: number;
  workers?: number;
  env?: NodeJS.ProcessEnv;
  readyDeadlineMs?: number;
  onChild?(name: "hook" | "litellm", child: Child): void;
}

/** Why: the hook server's /health probe, over its Unix socket or loopback port. */
export async function hookProbeFor(configDir: string): Promise<Probe> {
  const { config } = await loadConfig(configFiles(configDir).routing);
  return hookProbe(hookAddress(config.hook));
}

/** Why: the hook server must answer before LiteLLM takes traffic, or the first requests fail open. */
export async function startStack(options: StackOptions): Promise<RunningStack> {
  const files = configFiles(options.configDir);
  const masterKey = existsSync(files.masterKey) ? readMasterKey(files.masterKey) : undefined;
  const deadlineMs = options.readyDeadlineMs ?? 90_000;
  const hookProbe = await hookProbeFor(options.configDir);
  const hook = spawnHookServer(options.configDir, options.env);
  const hookTail = drainToTail(hook);
  options.onChild?.("hook", hook);
  await expectReady("hook server", hookProbe, hook, hookTail, deadlineMs, []);
  const { litellm } = await startLitellm({
    ...options,
    masterKey,
    readyDeadlineMs: deadlineMs,
    onChild: (child) => options.onChild?.("litellm", child),
    dependents: [hook],
  });
  const url = `http://${options.host}:${options.port}`;
  const stop = async (graceMs = 10_000) => {
    await terminate(litellm, graceMs);
    await terminate(hook, graceMs);
    if (hookProbe.socketPath) rmSync(hookProbe.socketPath, { force: true });
  };
  return { url, masterKey, hookProbe, hook, litellm, stop };
}

/** Why: LiteLLM alone, ready to serve (the bench's no-hook baseline starts it without a hook server). */
export async function startLitellm(
  options: Parameters<typeof spawnLitellm>[0] & {
    name?: string;
    readyDeadlineMs?: number;
    onChild?(child: Child): void;
    /** Stopped too if LiteLLM fails to start. */
    dependents?: Child[];
  },
): Promise<{ litellm: Child }> {
  const litellm = spawnLitellm(options);
  const tail = drainToTail(litellm);
  options.onChild?.(litellm);
  const probe = { url: `http://${options.host}:${options.port}/health/readiness` };
  await expectReady(options.name ?? "LiteLLM", probe, litellm, tail, options.readyDeadlineMs ?? 90_000, options.dependents ?? []);
  return { litellm }; // wrapped: an execa child is a promise of its exit, so returning it bare would await the exit
}

/** Why: an unread pipe fills and blocks the child; the last lines explain a failed start. */
function drainToTail(child: Child): Tail {
  const tail = new Tail(30);
  for (const stream of [child.stdout, child.stderr]) {
    const splitter = lineSplitter((line) => tail.push(line));
    stream?.on("data", (chunk: Buffer) => splitter.push(chunk));
  }
  return tail;
}

async function expectReady(name: string, probe: Probe, child: Child, tail: Tail, deadlineMs: number, others: Child[]): Promise<void> {
  const alive = () => child.exitCode === null && child.signalCode === null;
  const verdict = await waitReady(probe, { deadlineMs, isAlive: alive });
  if (verdict === "ready") return;
  for (const other of [child, ...others]) await terminate(other, 2_000);
  const how = verdict === "died" ? `exited (code ${child.exitCode ?? child.signalCode})` : `was not ready after ${deadlineMs / 1000} s`;
  const lines = tail.lines().join("\n");
  throw new CliError(`${name} ${how}; probe ${probe.url}\nlast output:\n${lines}`, { hint: "`ccproxy doctor` checks the install" });
}
