// `node bin/ccproxy hook-server` as a real process: readiness line, /health, routing, hot reload, SIGTERM.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { copyFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { once } from "node:events";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { Agent, request } from "undici";
import { tempDir } from "../support/temp-dir.js";

const repo = resolve(import.meta.dirname, "../..");
const HAIKU = { v: 1, call_type: "messages", model: "claude-haiku-4-5", bytes: { system: 10, messages: 100, tools: 0 } };

let dir: string;
let child: ChildProcess;
let agent: Agent;
let stderr = "";

beforeAll(async () => {
  // The test runs the built CLI, so it builds it first; a type error fails here rather than testing stale output.
  const tsc = spawnSync(process.execPath, [join(repo, "node_modules/typescript/bin/tsc"), "-p", join(repo, "tsconfig.json")], { encoding: "utf8" });
  expect(tsc.status, `tsc reported errors:\n${tsc.stdout}${tsc.stderr}`).toBe(0);
  dir = tempDir("hook-cmd-");
  copyFileSync(join(repo, "templates/ccproxy.yaml"), join(dir, "ccproxy.yaml"));
  child = spawn(process.execPath, [join(repo, "bin/ccproxy"), "hook-server", "--config-dir", dir], { stdio: ["ignore", "pipe", "pipe"] });
  child.stderr!.on("data", (d) => (stderr += d));
  const [line] = await once(child.stdout!, "data");
  expect(String(line)).toBe(`hook server listening on ${join(dir, "hook.sock")}\n`);
  agent = new Agent({ connect: { socketPath: join(dir, "hook.sock") } });
});

afterAll(async () => {
  await agent?.close();
  if (child?.exitCode === null) child.kill("SIGKILL");
});

async function route(summary: object) {
  const res = await request("http://hook/v1/route", {
    method: "POST",
    dispatcher: agent,
    headers: { "content-type": "application/json" },
    body: JSON.stringify(summary),
  });
  return (await res.body.json()) as { label: string };
}

async function until(check: () => Promise<boolean> | boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen; stderr:\n${stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

it("answers /health with the config path and version", async () => {
  const res = await request("http://hook/health", { dispatcher: agent });
  const body = (await res.body.json()) as Record<string, string>;
  expect(body).toMatchObject({ status: "ok", config: join(dir, "ccproxy.yaml") });
  expect(body.version).toBe(JSON.parse(readFileSync(join(repo, "package.json"), "utf8")).version);
});

it("routes, reloads an edited rule, and keeps the last good config after an invalid edit", async () => {
  const file = join(dir, "ccproxy.yaml");
  expect(await route(HAIKU)).toMatchObject({ label: "background" });
  writeFileSync(file, readFileSync(file, "utf8").replace("contains: haiku", "contains: no-such-model"));
  await until(async () => (await route(HAIKU)).label === "default", "reload of an edited rule");
  expect(stderr).toContain("config reloaded");
  writeFileSync(file, readFileSync(file, "utf8").replace("version: 1", "version: 7"));
  await until(() => stderr.includes("keeping the last good config"), "rejection of an invalid edit");
  expect(await route(HAIKU)).toMatchObject({ label: "default" });
});

it("refuses to start a second server on the same socket, and to start on an invalid config", () => {
  const args = ["hook-server", "--config", join(repo, "templates/ccproxy.yaml"), "--socket", join(dir, "hook.sock")];
  const second = spawnSync(process.execPath, [join(repo, "bin/ccproxy"), ...args], { encoding: "utf8" });
  expect(second.status).toBe(1);
  expect(second.stderr).toContain(`a server is already listening on ${join(dir, "hook.sock")}`);
  const bad = join(dir, "bad.yaml");
  writeFileSync(bad, "version: 1\ntargets: {}\n");
  const invalid = spawnSync(process.execPath, [join(repo, "bin/ccproxy"), "hook-server", "--config", bad, "--socket", join(dir, "b.sock")], { encoding: "utf8" });
  expect(invalid.status).toBe(1);
  expect(invalid.stderr).toContain(`invalid config ${bad}`);
  expect(existsSync(join(dir, "b.sock"))).toBe(false);
});

it("exits 0 on SIGTERM, despite an idle keep-alive connection, and removes its socket", async () => {
  await route(HAIKU); // leaves the agent's connection open and idle
  child.kill("SIGTERM");
  const [code] = await once(child, "exit");
  expect(code).toBe(0);
  expect(existsSync(join(dir, "hook.sock"))).toBe(false);
  expect(stderr).toContain("hook server stopped (SIGTERM)");
});
