// A ccproxy.yaml edit that changes targets waits for `ccproxy restart`: the hook server keeps routing to the targets
// LiteLLM runs (never a 400 "Invalid model name"), logs why, and /health says a restart is due.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Agent, request } from "undici";
import { parse, stringify } from "yaml";
import { loadConfig } from "../../src/config/load.js";
import { appliedView, pendingChanges, readApplied, restrictToApplied } from "../../src/litellm/applied.js";
import type { Logger } from "../../src/hook-server/logger.js";
import { startHookService, type HookService } from "../../src/hook-server/service.js";
import { readHookSecret } from "../../src/init/hook-secret.js";
import { syncConfigDir } from "../../src/init/sync.js";
import { configFiles } from "../../src/paths.js";
import { explain } from "../../src/routing/decide.js";

let dir: string;
let service: HookService | undefined;
let agent: Agent | undefined;
const logs: string[] = [];
const logger: Logger = { info: (m) => logs.push(`info ${m}`), warn: (m) => logs.push(`warn ${m}`), error: (m) => logs.push(`error ${m}`) };
const HAIKU = { v: 1, call_type: "messages", model: "claude-haiku-4-5", bytes: { system: 10, messages: 100, tools: 0 } };
const OPUS = { ...HAIKU, model: "claude-opus-5-5" };

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "hook-applied-"));
  await syncConfigDir(dir); // ccproxy.yaml from the template, and the generated files LiteLLM would start with
  logs.length = 0;
});

afterEach(async () => {
  await agent?.close();
  await service?.close();
  agent = service = undefined;
  rmSync(dir, { recursive: true, force: true });
});

function edit(change: (doc: Record<string, any>) => void): void {
  const file = join(dir, "ccproxy.yaml");
  const doc = parse(readFileSync(file, "utf8")) as Record<string, any>;
  change(doc);
  writeFileSync(file, stringify(doc));
}

const addTarget = (doc: Record<string, any>) => {
  doc.targets.fresh = { model: "anthropic/claude-fresh-1", api_key: "os.environ/ANTHROPIC_API_KEY" };
  doc.rules.unshift({ name: "to-fresh", kind: "model", contains: "haiku", to: "fresh" });
  doc.rules.push({ name: "opus-think", kind: "model", contains: "opus", to: "think" });
};

describe("applied vs wanted (pure)", () => {
  it("nothing is pending right after a sync", async () => {
    const loaded = await loadConfig(join(dir, "ccproxy.yaml"));
    expect(pendingChanges(readApplied(loaded), loaded)).toEqual([]);
  });

  it("names new, removed and changed targets and a new default label; keeps what LiteLLM runs", async () => {
    edit((doc) => {
      addTarget(doc);
      delete doc.targets.web_search;
      doc.rules = doc.rules.filter((r: { to?: string }) => r.to !== "web_search");
      doc.targets.think.model = "anthropic/claude-opus-9";
      doc.targets.background.fallbacks = ["default"];
      doc.default.label = "think";
    });
    const loaded = await loadConfig(join(dir, "ccproxy.yaml"));
    const applied = readApplied(loaded);
    expect(pendingChanges(applied, loaded)).toEqual([
      "new target fresh",
      "removed target web_search",
      "changed targets background, think (model, api_base, api_key, forward_oauth or fallbacks)",
      "default.label default → think",
    ]);
    const effective = restrictToApplied(loaded, applied);
    const { decision, verdicts } = explain(HAIKU as any, effective);
    expect(decision).toMatchObject({ label: "background", rule: "haiku" });
    expect(verdicts[0]).toMatchObject({ rule: "to-fresh", verdict: "not matched", reason: "target fresh is not running yet: it takes effect after `ccproxy restart`" });
    expect(explain(OPUS as any, effective).decision).toMatchObject({ label: "think", model: "anthropic/claude-opus-5-5" });
    expect(effective.config.default.label).toBe("default");
  });

  it("a change outside the targets is still named", async () => {
    edit((doc) => (doc.proxy.request_timeout_s = 30));
    const loaded = await loadConfig(join(dir, "ccproxy.yaml"));
    expect(pendingChanges(readApplied(loaded), loaded)).toEqual(["proxy or hook settings changed"]);
  });
});

async function until(check: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms; log:\n${logs.join("\n")}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function call(path: string, body?: object): Promise<any> {
  const secret = readHookSecret(configFiles(dir).hookSecret)!; // syncConfigDir wrote it: the server asks for it
  const res = await request(`http://hook${path}`, {
    method: body ? "POST" : "GET",
    dispatcher: agent,
    headers: body ? { "content-type": "application/json", "x-ccproxy-secret": secret } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  return res.body.json();
}

describe("the running hook server", () => {
  it("keeps rules to a new target off until restart, says so in the log and /health, and recovers when the edit is undone", async () => {
    service = await startHookService({ configPath: join(dir, "ccproxy.yaml"), version: "0", logger, warmupRequests: 0, applied: appliedView });
    agent = new Agent({ connect: { socketPath: join(dir, "hook.sock") } });
    expect((await call("/health")).restart_due).toBeUndefined();
    const original = readFileSync(join(dir, "ccproxy.yaml"), "utf8");

    edit(addTarget);
    await until(async () => (await call("/health")).restart_due !== undefined);
    expect((await call("/health")).restart_due).toEqual(["new target fresh"]);
    expect(await call("/v1/route", HAIKU)).toMatchObject({ label: "background", alias: "ccproxy-background" });
    expect(await call("/v1/route", OPUS)).toMatchObject({ label: "think", rule: "opus-think" }); // the rest of the edit applies now
    expect(logs).toContainEqual(expect.stringMatching(/^warn restart due: new target fresh — LiteLLM still runs the targets it started with/));

    writeFileSync(join(dir, "ccproxy.yaml"), original);
    await until(async () => (await call("/health")).restart_due === undefined);
    expect(await call("/v1/route", HAIKU)).toMatchObject({ label: "background", rule: "haiku" });
  });

  it("a hook server started after the edit (a crash restart) still routes to what LiteLLM runs", async () => {
    edit(addTarget);
    service = await startHookService({ configPath: join(dir, "ccproxy.yaml"), version: "0", logger, warmupRequests: 0, applied: appliedView });
    agent = new Agent({ connect: { socketPath: join(dir, "hook.sock") } });
    expect((await call("/health")).restart_due).toEqual(["new target fresh"]);
    expect(await call("/v1/route", HAIKU)).toMatchObject({ label: "background" });
    expect(logs[0]).toMatch(/^warn restart due: new target fresh/);
  });
});
