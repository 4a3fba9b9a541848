// Real processes: port busy, stale state, and one detached stack through start/status/run/kill -9/logs -f/restart/stop.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMockProvider, type MockProvider } from "../../src/mock-provider/server.js";
import { configFiles } from "../../src/paths.js";
import { freePort } from "../../src/process/free-port.js";
import { processStart } from "../../src/process/identity.js";
import { isAlive } from "../../src/process/pid.js";
import { execa } from "execa";
import { ask, bin, cli, configDirFor, env, eventually, processesOf, stateOf } from "./helpers.js";

let mock: MockProvider;
let dir: string;
let port: number;

beforeAll(async () => {
  mock = await createMockProvider();
  dir = configDirFor(mock.url);
  port = await freePort();
});

afterAll(async () => {
  await cli(dir, "stop");
  await mock.close();
  expect(processesOf(dir)).toEqual([]);
});

describe("ccproxy start (detached) with real processes", () => {
  it("refuses a busy port, naming the holder's PID, and starts nothing", async () => {
    const holder = createServer();
    const busy = await freePort();
    await new Promise<void>((resolve) => holder.listen(busy, "127.0.0.1", resolve));
    try {
      const result = await cli(dir, "start", "--port", String(busy));
      expect(result.exitCode).toBe(1);
      expect(result.all).toContain(`port ${busy} is in use by PID ${process.pid} (`);
      expect(existsSync(configFiles(dir).state)).toBe(false);
      expect(processesOf(dir)).toEqual([]);
    } finally {
      holder.close();
    }
  });

  it("detects a stale state file (dead pid), cleans it and says not running", async () => {
    const dead = spawnSync("true").pid;
    const state = { version: "0", pid: dead, status: "ready", children: {}, hookProbe: { url: "http://hook/health" }, url: "http://127.0.0.1:1" };
    writeFileSync(configFiles(dir).state, JSON.stringify(state));
    const status = await cli(dir, "status");
    expect(status.exitCode).toBe(1);
    expect(status.all).toContain(`removed a stale state file (supervisor pid ${dead} is gone`);
    expect(status.all).toContain("ccproxy is not running");
    expect(existsSync(configFiles(dir).state)).toBe(false);
    const stop = await cli(dir, "stop");
    expect(stop.exitCode).toBe(0);
    expect(stop.all).toContain("ccproxy is not running");
  });

  it("never signals a live unrelated process that a stale state file names, even one with `ccproxy start` in its arguments", async () => {
    // Either the pid was reused (the recorded start identity differs) or an old-format file names an editor / tail -f.
    const lookalike = spawn("sh", ["-c", "sleep 60", "node", `${dir}/bin/ccproxy`, "start"], { stdio: "ignore", detached: true });
    const tail = spawn("sh", ["-c", "sleep 60", "tail", "-f", `${dir}/logs/ccproxy.log`], { stdio: "ignore", detached: true });
    try {
      const reused = { version: "0", pid: lookalike.pid, pidStart: `${processStart(lookalike.pid!)}0`, status: "ready", graceMs: 1000,
        children: { litellm: { pid: tail.pid, restarts: 0, start: `${processStart(tail.pid!)}0` } }, hookProbe: { url: "http://hook/health" }, url: "http://127.0.0.1:1" };
      writeFileSync(configFiles(dir).state, JSON.stringify(reused));
      const stop = await cli(dir, "stop");
      expect(stop.exitCode, stop.all).toBe(0);
      expect(stop.all).toContain(`removed a stale state file (pid ${lookalike.pid} now belongs to another process; that process was left alone)`);
      expect(stop.all).toContain("ccproxy is not running");

      const legacy = { version: "0", pid: tail.pid, status: "ready", graceMs: 1000, children: { hook: { pid: lookalike.pid, restarts: 0 } }, hookProbe: { url: "http://hook/health" }, url: "http://127.0.0.1:1" };
      writeFileSync(configFiles(dir).state, JSON.stringify(legacy));
      const again = await cli(dir, "stop");
      expect(again.all).toContain(`removed a stale state file (pid ${tail.pid} is not a ccproxy supervisor; that process was left alone)`);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(isAlive(lookalike.pid!) && isAlive(tail.pid!)).toBe(true);
      expect(existsSync(configFiles(dir).state)).toBe(false);
    } finally {
      lookalike.kill("SIGKILL");
      tail.kill("SIGKILL");
    }
  });

  it("two start --detach at once → one stack → status → run → kill -9 each child → restarted → logs (-f) → restart → stop leaves nothing", async () => {
    let since = Date.now();
    const [start, rival] = await Promise.all([cli(dir, "start", "--detach", "--port", String(port)), cli(dir, "start", "--detach", "--port", String(port))]);
    console.log(`detached start to ready: ${((Date.now() - since) / 1000).toFixed(1)} s`);
    expect(start.exitCode, start.all).toBe(0);
    expect(rival.exitCode, rival.all).toBe(0);
    // The start lock: the one that lost the race waited for the other (or came after it) and started nothing.
    const supervisors = processesOf(dir).filter((p) => p.includes("--supervise-detached"));
    expect(supervisors, supervisors.join("\n")).toHaveLength(1);
    const [winner, loser] = start.all!.includes("waiting for it") ? [rival, start] : [start, rival];
    expect(loser.all).toMatch(/another ccproxy is starting for .*; waiting for it|ccproxy is already running/);
    expect(winner.all).not.toContain("waiting for it");
    console.log(`the second start ${loser.all!.includes("waiting for it") ? "waited on the start lock" : "came after the first was ready"}`);
    expect(loser.all).toContain(`export ANTHROPIC_BASE_URL=http://127.0.0.1:${port}`);
    expect(start.all).toContain(`export ANTHROPIC_BASE_URL=http://127.0.0.1:${port}`);
    expect(start.all).toContain(`export ANTHROPIC_AUTH_TOKEN=$(cat ${dir}/master.key)`);
    const state = stateOf(dir)!;
    expect(state.status).toBe("ready");
    expect(isAlive(state.pid) && isAlive(state.children.hook!.pid!) && isAlive(state.children.litellm!.pid!)).toBe(true);

    const again = await cli(dir, "start", "--detach", "--port", String(port));
    expect(again.all).toContain(`ccproxy is already running for ${dir}: http://127.0.0.1:${port} (pid ${state.pid})`);

    const run = await cli(dir, "run", "--", process.execPath, "-e",
      "fetch(process.env.ANTHROPIC_BASE_URL + '/v1/messages', {method: 'POST', headers: {'content-type': 'application/json', authorization: 'Bearer ' + process.env.ANTHROPIC_AUTH_TOKEN}, body: JSON.stringify({model: 'claude-sonnet-4-5', max_tokens: 9, messages: [{role: 'user', content: 'hi'}]})}).then(r => { console.log('status', r.status, process.env.OPENAI_BASE_URL); process.exit(7); })");
    expect(run.exitCode, run.all).toBe(7);
    expect(run.all).toContain(`status 200 http://127.0.0.1:${port}/v1`);

    const status = await cli(dir, "status", "--json");
    expect(status.exitCode, status.all).toBe(0);
    const report = JSON.parse(status.stdout);
    expect(report).toMatchObject({ running: true, pid: state.pid, health: { hook: true, litellm: true } });
    expect(report.health.stats.decisions.by_label.default).toBeGreaterThanOrEqual(1);

    since = Date.now();
    process.kill(state.children.litellm!.pid!, "SIGKILL");
    await eventually(async () => stateOf(dir)?.children.litellm?.restarts === 1 && (await ask(`http://127.0.0.1:${port}`, dir).catch(() => undefined))?.ok, 90_000, "LiteLLM restarted and serving");
    console.log(`recovery after kill -9 of LiteLLM: ${((Date.now() - since) / 1000).toFixed(1)} s`);

    since = Date.now();
    process.kill(stateOf(dir)!.children.hook!.pid!, "SIGKILL");
    await eventually(async () => stateOf(dir)?.children.hook?.restarts === 1 && (await cli(dir, "status")).exitCode === 0, 30_000, "hook server restarted and healthy");
    console.log(`recovery after kill -9 of the hook server: ${((Date.now() - since) / 1000).toFixed(1)} s`);
    expect((await ask(`http://127.0.0.1:${port}`, dir)).status).toBe(200);

    const logs = await cli(dir, "logs", "-n", "200");
    expect(logs.all).toMatch(/\[ccproxy\] \S+ litellm \(pid \d+\) died unexpectedly: signal SIGKILL/);
    expect(logs.all).toMatch(/\[ccproxy\] \S+ hook is back/);
    expect((await cli(dir, "logs", "--hook", "-n", "5")).all).not.toContain("[litellm]");

    const follow = execa(process.execPath, [bin, "logs", "--config-dir", dir, "-f", "-n", "3"], { env, reject: false, all: true });
    let followed = "";
    follow.all?.on("data", (chunk: Buffer) => (followed += chunk.toString()));
    await eventually(() => followed.includes("[ccproxy]") || followed.includes("[hook]") || followed.includes("[litellm]"), 10_000, "logs -f output");
    expect(follow.exitCode).toBeNull(); // still following
    follow.kill("SIGTERM");
    await follow;

    const before = stateOf(dir)!.pid;
    since = Date.now();
    const restart = await cli(dir, "restart");
    console.log(`restart: ${((Date.now() - since) / 1000).toFixed(1)} s`);
    expect(restart.exitCode, restart.all).toBe(0);
    const after = stateOf(dir)!;
    expect(after.pid).not.toBe(before);
    expect(isAlive(before)).toBe(false);
    expect(after.url).toBe(`http://127.0.0.1:${port}`);
    expect((await ask(after.url, dir)).status).toBe(200);

    since = Date.now();
    const stop = await cli(dir, "stop");
    console.log(`detached stop: ${((Date.now() - since) / 1000).toFixed(1)} s`);
    expect(stop.exitCode).toBe(0);
    expect(processesOf(dir)).toEqual([]);
    expect(existsSync(configFiles(dir).state)).toBe(false);
    expect(existsSync(join(dir, "hook.sock"))).toBe(false);
  });
});
