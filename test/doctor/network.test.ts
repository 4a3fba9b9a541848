// proxy.port (busy, free, ours) and proxy.host (off loopback with and without a master key).
import { spawn, type ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { proxyHost, proxyPort, proxyRoutes } from "../../src/doctor/checks/network.js";
import { freePort } from "../../src/process/free-port.js";
import { check, configDir, editRouting } from "./helpers.js";
import { writeRunningState } from "./running-helpers.js";

let dir: string;
let port: number;
let server: Server | undefined;
let fakeSupervisor: ChildProcess | undefined;
beforeEach(async () => {
  dir = await configDir();
  port = await freePort();
  editRouting(dir, (t) => t.replace("port: 4000", `port: ${port}`));
});
afterEach(async () => {
  fakeSupervisor?.kill("SIGKILL");
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

async function listen(): Promise<void> {
  server = createServer();
  await new Promise<void>((resolve) => server!.listen(port, "127.0.0.1", resolve));
}

it("proxy.port fails when another process holds the port, naming it, and passes once it is free", async () => {
  await listen();
  const busy = await check(dir, proxyPort);
  expect(busy.status).toBe("fail");
  expect(busy.cause).toMatch(new RegExp(`^proxy port ${port} is in use by PID ${process.pid} \\(`));
  expect(busy.fix).toBe(`stop that process, or set proxy.port in ccproxy.yaml (or \`ccproxy start --port ${port + 1}\`)`);
  await new Promise((resolve) => server!.close(resolve));
  server = undefined;
  expect(await check(dir, proxyPort)).toMatchObject({ status: "ok", cause: `proxy port 127.0.0.1:${port} is free` });
});

it("proxy.port passes when the port is held by our own running proxy (state file)", async () => {
  await listen();
  fakeSupervisor = spawn("sh", ["-c", "sleep 30", "ccproxy-supervisor"], { stdio: "ignore" });
  writeRunningState(dir, { pid: fakeSupervisor.pid!, port, hookProbe: { url: "http://hook/health", socketPath: join(dir, "hook.sock") } });
  expect(await check(dir, proxyPort)).toMatchObject({ status: "ok", cause: `127.0.0.1:${port} is held by our own running proxy (supervisor pid ${fakeSupervisor.pid})` });
});

it("proxy.host fails off loopback without a master key, and warns with one (start needs --allow-remote)", async () => {
  editRouting(dir, (t) => t.replace("host: 127.0.0.1", "host: 0.0.0.0"));
  expect(await check(dir, proxyHost)).toMatchObject({ status: "warn", cause: "0.0.0.0: reachable from the network; clients must send the master key; `ccproxy start` needs --allow-remote" });
  rmSync(join(dir, "master.key"));
  const open = await check(dir, proxyHost);
  expect(open).toMatchObject({ status: "fail", cause: "0.0.0.0: reachable from the network with no master key" });
  expect(open.fix).toMatch(/proxy\.host: 127\.0\.0\.1/);
  editRouting(dir, (t) => t.replace("host: 0.0.0.0", "host: 127.0.0.1"));
  expect(await check(dir, proxyHost)).toMatchObject({ status: "ok", cause: "127.0.0.1: reachable from this machine only" });
});

it("proxy.routes is ok while LiteLLM's own routes stay closed, and warns once they are exposed", async () => {
  expect(await check(dir, proxyRoutes)).toMatchObject({ status: "ok" });
  editRouting(dir, (t) => t.replace("expose_litellm_routes: false", "expose_litellm_routes: true"));
  const open = await check(dir, proxyRoutes);
  expect(open.status).toBe("warn");
  expect(open.cause).toMatch(/admin UI, key management, MCP and pass-through routes/);
});
