// --live: each label gets a tiny request shaped to hit its rule; status and latency are reported per label.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import { beforeEach, expect, it } from "vitest";
import { liveRequests } from "../../src/doctor/checks/live.js";
import { createContext } from "../../src/doctor/context.js";
import { planLiveProbes } from "../../src/doctor/live-probes.js";
import { runChecks } from "../../src/doctor/runner.js";
import { loadConfig, type LoadedConfig } from "../../src/config/load.js";
import { decide } from "../../src/routing/decide.js";
import { summarize } from "../../src/routing/summary.js";
import { freePort } from "../../src/process/free-port.js";
import { configDir, editRouting } from "./helpers.js";
import { writeRunningState } from "./running-helpers.js";

let dir: string;
let loaded: LoadedConfig;
beforeEach(async () => {
  dir = await configDir();
  loaded = await loadConfig(join(dir, "ccproxy.yaml"));
});

it("plans one tiny probe per label reachable by shape, and explains the ones that are not", async () => {
  const { probes, unreachable } = await planLiveProbes(loaded);
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
  const { probes } = await planLiveProbes(await loadConfig(join(dir, "ccproxy.yaml")));
  expect(probes.get("think")).toMatchObject({ tools: [{ name: "mcp__db__query" }] });
  expect(probes.get("long_context")).toMatchObject({ model: "gpt-x" });
});

it("streams each probe through the proxy with the master key and reports status, latency, the serving model and the wire API", async () => {
  editRouting(dir, (t) => t.replace("model: anthropic/claude-opus-5-5", "model: openai/qwen2.5-coder\n    api_base: http://127.0.0.1:9/v1"));
  loaded = await loadConfig(join(dir, "ccproxy.yaml"));
  const port = await freePort();
  const seen: { label: string; auth: string | undefined; stream: unknown }[] = [];
  // A stand-in for LiteLLM + hook: routes the body with decide(), answers as the chosen target would.
  const proxy: Server = createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => (raw += c)).on("end", () => {
      const body = JSON.parse(raw);
      const decision = decide(summarize(body, "messages"), loaded) as { label: string; model: string };
      seen.push({ label: decision.label, auth: req.headers.authorization, stream: body.stream });
      if (decision.label === "web_search") return res.writeHead(401, { "content-type": "application/json" }).end(JSON.stringify({ type: "error", error: { type: "authentication_error", message: "invalid x-api-key" } }));
      if (decision.label === "think") {
        // some providers fail only after the stream began: 200, then LiteLLM's error frame (in our shape)
        const error = { type: "error", error: { type: "UpstreamError", message: "target think: POST http://127.0.0.1:9/v1/chat/completions answered HTTP 404", code: 502 } };
        return res.writeHead(200, { "content-type": "text/event-stream" }).end(`event: message_start\ndata: {"type":"message_start"}\n\nevent: error\ndata: ${JSON.stringify(error)}\n\n`);
      }
      res.writeHead(200, { "content-type": "text/event-stream", "x-litellm-model-name": decision.model.replace("anthropic/", "") }).end('event: message_stop\ndata: {"type":"message_stop"}\n\n');
    });
  });
  await new Promise<void>((resolve) => proxy.listen(port, "127.0.0.1", resolve));
  const supervisor: ChildProcess = spawn("sh", ["-c", "sleep 30", "ccproxy-supervisor"], { stdio: "ignore" });
  try {
    writeRunningState(dir, { pid: supervisor.pid!, port, hookProbe: { url: "http://hook/health", socketPath: join(dir, "hook.sock") } });
    const rows = await runChecks([liveRequests], createContext(dir));
    const by = Object.fromEntries(rows.map((r) => [r.id, r]));
    const messages = "via Anthropic Messages \\(https://api\\.anthropic\\.com/v1/messages\\)";
    expect(Object.keys(by)).toEqual(["live.default", "live.background", "live.think", "live.long_context", "live.web_search"]);
    expect(by["live.default"]!.cause).toMatch(new RegExp(`^HTTP 200 in \\d+ ms from claude-sonnet-5-5 ${messages}$`));
    expect(by["live.background"]!.cause).toMatch(new RegExp(`^HTTP 200 in \\d+ ms from claude-haiku-5-5 ${messages}$`));
    expect(by["live.think"]).toMatchObject({ status: "fail" });
    expect(by["live.think"]!.cause).toMatch(/^HTTP 200, then an error event in the stream, in \d+ ms via OpenAI chat completions \(http:\/\/127\.0\.0\.1:9\/v1\/chat\/completions\): target think: POST http:\/\/127\.0\.0\.1:9\/v1\/chat\/completions answered HTTP 404$/);
    expect(by["live.long_context"]).toMatchObject({ status: "skip" });
    expect(by["live.long_context"]!.cause).toMatch(new RegExp(`not sent, to keep --live cheap \\(it would go ${messages}\\)$`));
    expect(by["live.web_search"]).toMatchObject({ status: "fail" });
    expect(by["live.web_search"]!.cause).toMatch(new RegExp(`^HTTP 401 in \\d+ ms ${messages}: invalid x-api-key$`));
    expect(seen.map((s) => s.label).sort()).toEqual(["background", "default", "think", "web_search"]);
    expect(seen.every((s) => s.stream === true)).toBe(true);
    const key = readFileSync(join(dir, "master.key"), "utf8").trim();
    expect(seen.every((s) => s.auth === `Bearer ${key}`)).toBe(true);
  } finally {
    supervisor.kill("SIGKILL");
    await new Promise((resolve) => proxy.close(resolve));
  }
});
