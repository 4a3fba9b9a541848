// --live: each label gets a tiny request shaped to hit its rule; status and latency are reported per label.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { liveRequests } from "../../src/doctor/checks/live.js";
import { createContext } from "../../src/doctor/context.js";
import { planLiveProbes } from "../../src/doctor/live-probes.js";
import { runChecks } from "../../src/doctor/runner.js";
import { loadConfig, type LoadedConfig } from "../../src/config/load.js";
import { decide } from "../../src/routing/decide.js";
import { summarize } from "../../src/routing/summary.js";
import { freePort } from "../../src/process/free-port.js";
import { cleanup, configDir, editRouting } from "./helpers.js";
import { writeRunningState } from "./running-helpers.js";

let dir: string;
let loaded: LoadedConfig;
beforeEach(async () => {
  dir = await configDir();
  loaded = await loadConfig(join(dir, "ccproxy.yaml"));
});
afterEach(() => cleanup(dir));

it("plans one tiny probe per label reachable by shape, and explains the ones that are not", () => {
  const { probes, unreachable } = planLiveProbes(loaded);
  expect([...probes.keys()].sort()).toEqual(["background", "default", "think", "web_search"]);
  for (const [label, body] of probes) {
    expect(body.max_tokens).toBe(8);
    expect((decide(summarize(body, "messages"), loaded) as { label: string }).label).toBe(label);
  }
  expect(probes.get("think")).toMatchObject({ output_config: { effort: "max" } });
  expect(probes.get("background")).toMatchObject({ model: "haiku" });
  expect(unreachable.get("long_context")).toBe("only requests above 120000 tokens reach it (rule long-context); not sent, to keep --live cheap");
});

it("plans probes for tool and glob rules too", async () => {
  editRouting(dir, (t) => t.replace("rules:\n", "rules:\n  - name: mcp\n    kind: tool\n    tool: mcp__db__query\n    to: think\n  - name: gpt\n    kind: model\n    glob: gpt-*\n    to: long_context\n"));
  const { probes } = planLiveProbes(await loadConfig(join(dir, "ccproxy.yaml")));
  expect(probes.get("think")).toMatchObject({ tools: [{ name: "mcp__db__query" }] });
  expect(probes.get("long_context")).toMatchObject({ model: "gpt-x" });
});

it("sends each probe through the proxy with the master key and reports status, latency and the serving model", async () => {
  const port = await freePort();
  const seen: { label: string; auth: string | undefined }[] = [];
  // A stand-in for LiteLLM + hook: routes the body with decide(), answers as the chosen target would.
  const proxy: Server = createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => (raw += c)).on("end", () => {
      const decision = decide(summarize(JSON.parse(raw), "messages"), loaded) as { label: string; model: string };
      seen.push({ label: decision.label, auth: req.headers.authorization });
      if (decision.label === "web_search") return res.writeHead(401, { "content-type": "application/json" }).end(JSON.stringify({ type: "error", error: { type: "authentication_error", message: "invalid x-api-key" } }));
      res.writeHead(200, { "content-type": "application/json", "x-litellm-model-name": decision.model.replace("anthropic/", "") }).end("{}");
    });
  });
  await new Promise<void>((resolve) => proxy.listen(port, "127.0.0.1", resolve));
  const supervisor: ChildProcess = spawn("sh", ["-c", "sleep 30", "ccproxy-supervisor"], { stdio: "ignore" });
  try {
    writeRunningState(dir, { pid: supervisor.pid!, port, hookProbe: { url: "http://hook/health", socketPath: join(dir, "hook.sock") } });
    const rows = await runChecks([liveRequests], createContext(dir));
    const by = Object.fromEntries(rows.map((r) => [r.id, r]));
    expect(Object.keys(by)).toEqual(["live.default", "live.background", "live.think", "live.long_context", "live.web_search"]);
    expect(by["live.default"]!.cause).toMatch(/^HTTP 200 in \d+ ms from claude-sonnet-5-5$/);
    expect(by["live.background"]!.cause).toMatch(/^HTTP 200 in \d+ ms from claude-haiku-5-5$/);
    expect(by["live.think"]!.cause).toMatch(/^HTTP 200 in \d+ ms from claude-opus-5-5$/);
    expect(by["live.long_context"]).toMatchObject({ status: "skip" });
    expect(by["live.web_search"]).toMatchObject({ status: "fail" });
    expect(by["live.web_search"]!.cause).toMatch(/^HTTP 401 in \d+ ms: invalid x-api-key$/);
    expect(seen.map((s) => s.label).sort()).toEqual(["background", "default", "think", "web_search"]);
    const key = readFileSync(join(dir, "master.key"), "utf8").trim();
    expect(seen.every((s) => s.auth === `Bearer ${key}`)).toBe(true);
  } finally {
    supervisor.kill("SIGKILL");
    await new Promise((resolve) => proxy.close(resolve));
  }
});
