// The service with the real config loader, router and watcher: routes from the template, reloads edits, survives bad ones.
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { Agent, request } from "undici";
import { templatesDir } from "../../src/paths.js";
import type { Logger } from "../../src/hook-server/logger.js";
import { startHookService, type HookService } from "../../src/hook-server/service.js";
import { tempDir } from "../support/temp-dir.js";

let dir: string;
let service: HookService | undefined;
let agent: Agent;
const logs: string[] = [];
const logger: Logger = { info: (m) => logs.push(`info ${m}`), warn: (m) => logs.push(`warn ${m}`), error: (m) => logs.push(`error ${m}`) };
const HAIKU = { v: 1, call_type: "messages", model: "claude-haiku-4-5", bytes: { system: 10, messages: 100, tools: 0 } };

beforeEach(() => {
  dir = tempDir("hook-service-");
  copyFileSync(join(templatesDir, "ccproxy.yaml"), join(dir, "ccproxy.yaml"));
  logs.length = 0;
});

afterEach(async () => {
  await agent?.close();
  await service?.close();
});

async function route(summary: object): Promise<{ label: string; rule: string | null }> {
  const res = await request("http://hook/v1/route", {
    method: "POST",
    dispatcher: agent,
    headers: { "content-type": "application/json" },
    body: JSON.stringify(summary),
  });
  return (await res.body.json()) as { label: string; rule: string | null };
}

async function until(check: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms; log:\n${logs.join("\n")}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

it("listens where the config says, routes with its rules, and reports the config in /health", async () => {
  service = await startHookService({ configPath: join(dir, "ccproxy.yaml"), version: "9.9.9", logger });
  expect(service.address).toEqual({ socket: join(dir, "hook.sock") });
  agent = new Agent({ connect: { socketPath: join(dir, "hook.sock") } });
  expect(await route(HAIKU)).toMatchObject({ label: "background", rule: "haiku" });
  const health = await (await request("http://hook/health", { dispatcher: agent })).body.json();
  expect(health).toMatchObject({ status: "ok", config: join(dir, "ccproxy.yaml"), version: "9.9.9" });
});

it("applies an edited rule without a restart and keeps the last good config after an invalid edit", async () => {
  const file = join(dir, "ccproxy.yaml");
  const socket = join(dir, "custom.sock");
  service = await startHookService({ configPath: file, listen: { socket }, version: "0", logger });
  agent = new Agent({ connect: { socketPath: socket } });
  expect(await route(HAIKU)).toMatchObject({ label: "background" });

  writeFileSync(file, readFileSync(file, "utf8").replace("contains: haiku", "contains: no-such-model"));
  await until(async () => (await route(HAIKU)).label === "default");
  expect(logs.some((l) => l.startsWith("info config reloaded"))).toBe(true);

  writeFileSync(file, readFileSync(file, "utf8").replace("to: background", "to: nowhere"));
  await until(async () => logs.some((l) => l.includes("keeping the last good config")));
  expect(await route(HAIKU)).toMatchObject({ label: "default" });
});

it("accepts a text resend larger than the server's 1 MiB default", async () => {
  service = await startHookService({ configPath: join(dir, "ccproxy.yaml"), version: "0", logger });
  agent = new Agent({ connect: { socketPath: join(dir, "hook.sock") } });
  const messages = JSON.stringify([{ role: "user", content: "word ".repeat(300_000) }]);
  const summary = { ...HAIKU, bytes: { system: 0, messages: messages.length, tools: 0 }, text: { system: "", messages, tools: "" } };
  expect(JSON.stringify(summary).length).toBeGreaterThan(1024 * 1024);
  expect(await route(summary)).toMatchObject({ label: "long_context", rule: "long-context" });
});
