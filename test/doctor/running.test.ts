// running.hook, running.litellm and running.routing against an in-process hook server and a fake LiteLLM.
import { spawn, type ChildProcess } from "node:child_process";
import { copyFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { hookHealth, litellmReadiness } from "../../src/doctor/checks/running.js";
import { routingSelfTest } from "../../src/doctor/checks/self-test.js";
import type { Logger } from "../../src/hook-server/logger.js";
import { startHookService, type HookService } from "../../src/hook-server/service.js";
import { freePort } from "../../src/process/free-port.js";
import { check, configDir, editRouting } from "./helpers.js";
import { writeRunningState } from "./running-helpers.js";
import { tempDir } from "../support/temp-dir.js";

const quiet: Logger = { info() {}, warn() {}, error() {} };
let dir: string;
let port: number;
let supervisor: ChildProcess;
let hook: HookService | undefined;
let litellm: Server | undefined;

beforeEach(async () => {
  dir = await configDir();
  port = await freePort();
  supervisor = spawn("sh", ["-c", "sleep 30", "ccproxy-supervisor"], { stdio: "ignore" });
  writeRunningState(dir, { pid: supervisor.pid!, port, hookProbe: { url: "http://hook/health", socketPath: join(dir, "hook.sock") } });
});
afterEach(async () => {
  supervisor.kill("SIGKILL");
  await hook?.close();
  await new Promise((resolve) => (litellm ? litellm.close(resolve) : resolve(undefined)));
  hook = litellm = undefined;
});

async function startHook(configPath = join(dir, "ccproxy.yaml")): Promise<void> {
  hook = await startHookService({ configPath, listen: { socket: join(dir, "hook.sock") }, version: "test", logger: quiet });
}

it("all three skip when ccproxy is not running", async () => {
  supervisor.kill("SIGKILL");
  await new Promise((resolve) => supervisor.once("exit", resolve));
  for (const c of [hookHealth, litellmReadiness, routingSelfTest]) {
    expect(await check(dir, c)).toMatchObject({ status: "skip", cause: "ccproxy is not running (`ccproxy start --detach` to check the live proxy too)" });
  }
});

it("running.hook fails when the hook server does not answer, and passes when it does", async () => {
  const down = await check(dir, hookHealth);
  expect(down).toMatchObject({ status: "fail", cause: `no answer from /health at ${join(dir, "hook.sock")}`, fix: "see `ccproxy logs --hook`, then `ccproxy restart`" });
  await startHook();
  expect(await check(dir, hookHealth)).toMatchObject({ status: "ok", cause: `answers /health at ${join(dir, "hook.sock")} (pid ${supervisor.pid})` });
});

it("running.litellm fails until /health/readiness answers 2xx", async () => {
  expect(await check(dir, litellmReadiness)).toMatchObject({ status: "fail", cause: `http://127.0.0.1:${port}/health/readiness does not answer 2xx` });
  litellm = createServer((req, res) => res.writeHead(req.url === "/health/readiness" ? 200 : 404).end("{}"));
  await new Promise<void>((resolve) => litellm!.listen(port, "127.0.0.1", resolve));
  expect(await check(dir, litellmReadiness)).toMatchObject({ status: "ok", cause: `ready at http://127.0.0.1:${port} (pid ${supervisor.pid})` });
});

it("running.routing passes when the live hook routes every sample as `ccproxy route` does", async () => {
  await startHook();
  expect(await check(dir, routingSelfTest)).toMatchObject({ status: "ok", cause: "15 sample requests routed as `ccproxy route` routes them" });
});

it("running.routing fails, naming the samples, when the hook server serves another config", async () => {
  const other = tempDir("ccpd-other-");
  copyFileSync(join(dir, "ccproxy.yaml"), join(other, "ccproxy.yaml"));
  copyFileSync(join(dir, "hook.secret"), join(other, "hook.secret"));
  editRouting(other, (t) => t.replace("contains: haiku\n    to: background", "contains: haiku\n    to: think"));
  await startHook(join(other, "ccproxy.yaml"));
  const result = await check(dir, routingSelfTest);
  expect(result.status).toBe("fail");
  expect(result.cause).toBe("1 of 15 samples differ (haikuTitle: hook says think (haiku), ccproxy route says background (haiku))");
  expect(result.fix).toMatch(/ccproxy restart/);
});

it("running.routing refuses a hook server that cannot prove it holds the hook secret, and sends it nothing", async () => {
  const other = tempDir("ccpd-other-");
  copyFileSync(join(dir, "ccproxy.yaml"), join(other, "ccproxy.yaml")); // no hook.secret there: an impostor's view
  await startHook(join(other, "ccproxy.yaml"));
  const result = await check(dir, routingSelfTest);
  expect(result.status).toBe("fail");
  expect(result.cause).toContain("did not prove it holds the hook secret (HTTP 404)");
  expect((hook!.server.stats.snapshot() as { decisions: { by_label: object } }).decisions.by_label).toEqual({});
});
