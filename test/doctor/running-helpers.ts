// A fake "running ccproxy": a state file naming a live process with that process's start identity, as a supervisor writes it.
import { writeState, type ProxyState } from "../../src/state/state-file.js";
import { configFiles } from "../../src/paths.js";
import { processStart } from "../../src/process/identity.js";
import type { Probe } from "../../src/process/ready.js";

/** Writes state.json as a ready supervisor would. */
export function writeRunningState(dir: string, fields: { pid: number; port: number; hookProbe: Probe; url?: string }): ProxyState {
  const state: ProxyState = {
    version: "0.0.0-test",
    pid: fields.pid,
    pidStart: processStart(fields.pid),
    status: "ready",
    detached: true,
    host: "127.0.0.1",
    port: fields.port,
    workers: undefined,
    graceMs: 1_000,
    url: fields.url ?? `http://127.0.0.1:${fields.port}`,
    startedAt: new Date().toISOString(),
    hookProbe: fields.hookProbe,
    children: { hook: { pid: fields.pid, restarts: 0, start: processStart(fields.pid) }, litellm: { pid: fields.pid, restarts: 0, start: processStart(fields.pid) } },
  };
  writeState(configFiles(dir).state, state);
  return state;
}
