import { describe, expect, it } from "vitest";
import { Supervisor, type ChildHandle, type ChildSpec, type Exit } from "../../src/supervisor/machine.js";

const policy = { baseMs: 5, maxMs: 20, maxCrashes: 3, windowMs: 60_000 };
let nextPid = 1000;

interface Fake extends ChildHandle {
  crash(exit: Exit): void;
  stopped: boolean;
}

function fake(events: string[], name: string): Fake {
  let resolve!: (exit: Exit) => void;
  const exited = new Promise<Exit>((r) => (resolve = r));
  const child: Fake = {
    pid: nextPid++,
    exited,
    stopped: false,
    tail: () => [`${name}: Traceback`, `${name}: boom`],
    crash: resolve,
    async stop() {
      events.push(`stop ${name}`);
      child.stopped = true;
      resolve({ code: null, signal: "SIGTERM" });
    },
  };
  return child;
}

function specs(events: string[], verdicts: Record<string, ("ready" | "died" | "timeout")[]> = {}) {
  const spawned: Record<string, Fake[]> = { hook: [], litellm: [] };
  const make = (name: string): ChildSpec => ({
    name,
    spawn() {
      events.push(`spawn ${name}`);
      const child = fake(events, name);
      spawned[name]!.push(child);
      return child;
    },
    async ready(handle) {
      const verdict = verdicts[name]?.shift() ?? "ready";
      if (verdict === "died") (handle as Fake).crash({ code: 3, signal: null });
      return verdict;
    },
  });
  return { list: [make("hook"), make("litellm")], spawned };
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(check()).toBe(true);
};

describe("Supervisor", () => {
  it("starts children in order and stops them in reverse", async () => {
    const events: string[] = [];
    const { list } = specs(events);
    const supervisor = new Supervisor(list, { policy, log: () => {} });
    await supervisor.start();
    expect(supervisor.snapshot().pids.litellm).toBeTypeOf("number");
    await supervisor.stop();
    expect(events).toEqual(["spawn hook", "spawn litellm", "stop litellm", "stop hook"]);
    await expect(supervisor.done).resolves.toEqual({ ok: true });
  });

  it("restarts a crashed child after a backoff and logs why it died", async () => {
    const events: string[] = [];
    const lines: string[] = [];
    const { list, spawned } = specs(events);
    const supervisor = new Supervisor(list, { policy, log: (line) => lines.push(line) });
    await supervisor.start();
    spawned.litellm![0]!.crash({ code: null, signal: "SIGKILL" });
    await until(() => spawned.litellm!.length === 2 && lines.some((l) => l.includes("is back")));
    expect(lines.join("\n")).toMatch(/litellm \(pid \d+\) died unexpectedly: signal SIGKILL; last stderr lines:\n  \| litellm: Traceback/);
    expect(lines.join("\n")).toContain("restarting litellm in 0.005 s (crash 1 of 3");
    expect(supervisor.snapshot().restarts).toEqual({ hook: 0, litellm: 1 });
    expect(supervisor.snapshot().pids.litellm).toBe(spawned.litellm![1]!.pid);
    await supervisor.stop();
    expect(spawned.litellm![1]!.stopped).toBe(true);
  });

  it("gives up after maxCrashes within the window, stops everything and reports failure", async () => {
    const events: string[] = [];
    const lines: string[] = [];
    const { list, spawned } = specs(events);
    const supervisor = new Supervisor(list, { policy, log: (line) => lines.push(line) });
    await supervisor.start();
    for (let n = 0; n < 3; n++) {
      await until(() => spawned.hook!.length === n + 1);
      spawned.hook![n]!.crash({ code: 1, signal: null });
    }
    const outcome = await supervisor.done;
    expect(outcome).toEqual({ ok: false, reason: "hook crashed 3 times within 60 s; giving up and stopping everything" });
    expect(spawned.litellm![0]!.stopped).toBe(true);
    expect(spawned.hook!.length).toBe(3);
  });

  it("a restarted child that dies before ready counts as another crash", async () => {
    const events: string[] = [];
    const lines: string[] = [];
    const { list, spawned } = specs(events, { litellm: ["ready", "died", "ready"] });
    const supervisor = new Supervisor(list, { policy, log: (line) => lines.push(line) });
    await supervisor.start();
    spawned.litellm![0]!.crash({ code: 1, signal: null });
    await until(() => lines.some((l) => l.includes("is back")));
    expect(spawned.litellm!.length).toBe(3);
    expect(lines.join("\n")).toContain("restarting litellm in 0.01 s (crash 2 of 3");
    await supervisor.stop();
  });

  it("a child that dies during start-up fails start() and stops the ones already running", async () => {
    const events: string[] = [];
    const { list, spawned } = specs(events, { litellm: ["died"] });
    const supervisor = new Supervisor(list, { policy, log: () => {} });
    await expect(supervisor.start()).rejects.toThrow("litellm exited during start-up (exit code 3)");
    expect(spawned.hook![0]!.stopped).toBe(true);
  });

  it("stop() while a child is getting ready spawns nothing after it, even if that child then reports ready", async () => {
    const events: string[] = [];
    const { list } = specs(events);
    let ready!: () => void;
    list[0]!.ready = () => new Promise((resolve) => (ready = () => resolve("ready")));
    const supervisor = new Supervisor(list, { policy, log: () => {} });
    const starting = supervisor.start();
    await until(() => ready !== undefined);
    const stopping = supervisor.stop();
    ready();
    await expect(starting).rejects.toThrow("stopped during start-up");
    await stopping;
    expect(events).toEqual(["spawn hook", "stop hook"]);
  });

  it("a stop during a restart's backoff ends the wait: nothing is respawned and no timer is left", async () => {
    const events: string[] = [];
    const { list, spawned } = specs(events);
    const supervisor = new Supervisor(list, { policy: { ...policy, baseMs: 3_600_000, maxMs: 3_600_000 }, log: () => {} });
    await supervisor.start();
    const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === "Timeout").length;
    const before = timers();
    spawned.hook![0]!.crash({ code: 1, signal: null });
    await until(() => timers() > before); // the hour-long backoff is pending
    await supervisor.stop();
    await new Promise((resolve) => setImmediate(resolve));
    expect(timers()).toBe(before);
    expect(spawned.hook!.length).toBe(1);
  });
});
