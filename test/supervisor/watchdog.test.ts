// The watchdog: a child that stops answering its health check for afterMs is killed and restarted like a crash.
import { describe, expect, it } from "vitest";
import { Supervisor, type ChildHandle, type ChildSpec, type Exit } from "../../src/supervisor/machine.js";
import { watchdogPolicy } from "../../src/supervisor/run-supervisor.js";

const policy = { baseMs: 5, maxMs: 20, maxCrashes: 3, windowMs: 60_000 };
const watchdog = { afterMs: 60, everyMs: 10 };
let nextPid = 5000;

interface Fake extends ChildHandle {
  healthy: boolean;
  stoppedWith?: number;
}

function specs(log: string[]) {
  const spawned: Record<string, Fake[]> = { hook: [], litellm: [] };
  const make = (name: string): ChildSpec => ({
    name,
    spawn() {
      let resolve!: (exit: Exit) => void;
      const exited = new Promise<Exit>((r) => (resolve = r));
      const child: Fake = {
        pid: nextPid++,
        exited,
        healthy: true,
        tail: () => [],
        async stop(graceMs) {
          log.push(`stop ${name} grace ${graceMs}`);
          child.stoppedWith = graceMs;
          resolve({ code: null, signal: "SIGKILL" });
        },
      };
      spawned[name]!.push(child);
      return child;
    },
    ready: async () => "ready",
    alive: async (handle) => (handle as Fake).healthy,
  });
  return { list: [make("hook"), make("litellm")], spawned };
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 400 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(check()).toBe(true);
};

describe("watchdog", () => {
  it("kills a child silent for afterMs, logs it, counts it, and the restart brings a fresh one", async () => {
    const lines: string[] = [];
    const { list, spawned } = specs(lines);
    const supervisor = new Supervisor(list, { policy, watchdog, log: (line) => lines.push(line) });
    await supervisor.start();
    spawned.hook![0]!.healthy = false;
    await until(() => lines.some((l) => l.startsWith("hook is back")));
    const text = lines.join("\n");
    expect(text).toMatch(/hook \(pid \d+\) has not answered its health check for 0\.\d s; killing it \(watchdog\)/);
    expect(text).toMatch(/hook \(pid \d+\) was killed by the watchdog \(signal SIGKILL\)/);
    expect(text).toContain("restarting hook in 0.005 s (crash 1 of 3");
    expect(spawned.hook![0]!.stoppedWith).toBe(2_000);
    expect(supervisor.snapshot()).toMatchObject({ restarts: { hook: 1, litellm: 0 }, hung: { hook: 1, litellm: 0 } });
    expect(spawned.litellm).toHaveLength(1); // the other child is left alone
    await supervisor.stop();
  });

  it("leaves a child alone while its checks keep passing, and one slow answer is not a hang", async () => {
    const lines: string[] = [];
    const { list, spawned } = specs(lines);
    // a wide window: timers run late on a loaded machine
    const supervisor = new Supervisor(list, { policy, watchdog: { afterMs: 1_000, everyMs: 10 }, log: (line) => lines.push(line) });
    await supervisor.start();
    spawned.litellm![0]!.healthy = false;
    await new Promise((r) => setTimeout(r, 50)); // silent for less than afterMs
    spawned.litellm![0]!.healthy = true;
    await new Promise((r) => setTimeout(r, 150));
    expect(spawned.litellm).toHaveLength(1);
    expect(supervisor.snapshot().hung).toEqual({ hook: 0, litellm: 0 });
    await supervisor.stop();
  });

  it("is off without a policy, and stops checking once the supervisor stops", async () => {
    const lines: string[] = [];
    const { list, spawned } = specs(lines);
    const supervisor = new Supervisor(list, { policy, log: (line) => lines.push(line) });
    await supervisor.start();
    spawned.hook![0]!.healthy = false;
    await new Promise((r) => setTimeout(r, 120));
    expect(spawned.hook).toHaveLength(1);
    await supervisor.stop();
    expect(lines.some((l) => l.includes("watchdog"))).toBe(false);
  });

  it("proxy.watchdog_s becomes a check every 2 s at most, a quarter of the window for short ones", () => {
    expect(watchdogPolicy(20)).toEqual({ afterMs: 20_000, everyMs: 2_000 });
    expect(watchdogPolicy(1)).toEqual({ afterMs: 1_000, everyMs: 250 });
    expect(watchdogPolicy(0)).toBeUndefined();
    expect(watchdogPolicy(undefined)).toBeUndefined();
  });
});
