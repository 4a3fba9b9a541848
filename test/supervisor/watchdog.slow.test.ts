// Real processes: a hung child (SIGSTOP: alive, silent) is found by the watchdog, killed and restarted like a crash;
// while the hook server hangs, requests take the failure policy quickly (the hook's circuit breaker) instead of
// each waiting out hook.timeout_ms.
import { execa, type ResultPromise } from "execa";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { afterAll, beforeAll, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { createMockProvider, type MockProvider } from "../../src/mock-provider/server.js";
import { configFiles } from "../../src/paths.js";
import { freePort } from "../../src/process/free-port.js";
import { ask, bin, cli, configDirFor, env, eventually, processesOf, stateOf } from "./helpers.js";

const WATCHDOG_S = 3;
let mock: MockProvider;
let dir: string;
let proxy: ResultPromise | undefined;
let output = "";
let url: string;

beforeAll(async () => {
  mock = await createMockProvider();
  dir = configDirFor(mock.url);
  const routing = configFiles(dir).routing;
  const doc = parse(readFileSync(routing, "utf8")) as Record<string, any>;
  doc.proxy.watchdog_s = WATCHDOG_S;
  writeFileSync(routing, stringify(doc));
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  proxy = execa(process.execPath, [bin, "start", "--config-dir", dir, "--port", String(port), "--grace", "3"], { env, reject: false, all: true });
  proxy.all?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  await eventually(() => output.includes("ccproxy is ready at") || proxy!.exitCode !== null, 150_000, "start to be ready");
}, 180_000);

afterAll(async () => {
  proxy?.kill("SIGTERM");
  await proxy;
  await mock.close();
  expect(processesOf(dir)).toEqual([]);
  rmSync(dir, { recursive: true, force: true });
});

it("a hung hook server: requests fail open fast, the watchdog restarts it within its window, status counts it", async () => {
  const hung = stateOf(dir)!.children.hook!.pid!;
  process.kill(hung, "SIGSTOP");
  const stoppedAt = Date.now();
  const timings: number[] = [];
  for (let i = 0; i < 8; i++) {
    const started = Date.now();
    const response = await ask(url, dir);
    expect(response.status).toBe(200); // fail_open: served by the default label
    await response.text();
    timings.push(Date.now() - started);
  }
  const newPid = await eventually(() => {
    const pid = stateOf(dir)?.children.hook?.pid;
    return pid && pid !== hung ? pid : undefined;
  }, 30_000, "the watchdog to restart the hook server");
  const restartedAfterS = (Date.now() - stoppedAt) / 1000;
  console.log(`hook hung: request times ${timings.join(", ")} ms; new hook pid after ${restartedAfterS.toFixed(1)} s`);
  expect(timings.slice(4).every((ms) => ms < 150)).toBe(true); // the circuit is open: no 200 ms wait per request
  expect(output).toMatch(new RegExp(`hook \\(pid ${hung}\\) has not answered its health check for \\d+\\.\\d s; killing it \\(watchdog\\)`));
  expect(output).toMatch(new RegExp(`hook \\(pid ${hung}\\) was killed by the watchdog`));
  await eventually(() => output.includes(`hook is back (pid ${newPid})`), 30_000, "the new hook server to be ready");
  expect(stateOf(dir)!.children.hook).toMatchObject({ restarts: 1, hung: 1 });
  const status = await cli(dir, "status");
  expect(status.all).toMatch(/hook +pid \d+ +healthy +restarts 1 \(1 by the watchdog: stopped answering\)/);
  expect((await ask(url, dir)).status).toBe(200);
});

it("a hung LiteLLM is killed and restarted too", async () => {
  const hung = stateOf(dir)!.children.litellm!.pid!;
  process.kill(hung, "SIGSTOP");
  await eventually(() => output.match(new RegExp(`litellm \\(pid ${hung}\\) was killed by the watchdog`)), 30_000, "the watchdog to kill LiteLLM");
  await eventually(() => /litellm is back \(pid \d+\)/.test(output), 150_000, "LiteLLM to serve again");
  expect(stateOf(dir)!.children.litellm).toMatchObject({ restarts: 1, hung: 1 });
  expect((await ask(url, dir)).status).toBe(200);
}, 200_000);
