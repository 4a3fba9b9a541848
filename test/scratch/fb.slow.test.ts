import { afterAll, beforeAll, test } from "vitest";
import { bootProxy, type ProxyUnderTest } from "../support/proxy-stack.js";
import type { Fault } from "../../src/mock-provider/server.js";

let proxy: ProxyUnderTest;
beforeAll(async () => {
  proxy = await bootProxy((doc) => {
    doc.targets.default.fallbacks = ["think", "background"];
  }, { chunkDelayMs: 5 });
}, 150_000);
afterAll(async () => proxy?.close());

const body = (extra: object = {}) => ({ model: "claude-sonnet-4-5", max_tokens: 50, messages: [{ role: "user", content: "hi" }], ...extra });

async function run(name: string, path: string, b: object, a?: Fault, o?: Fault) {
  proxy.anthropic.reset(); proxy.openai.reset();
  if (a) proxy.anthropic.setFault(a);
  if (o) proxy.openai.setFault(o);
  const t = Date.now();
  const r = await proxy.post(path, b);
  const text = await r.text();
  const h: Record<string, string> = {};
  r.headers.forEach((v, k) => { if (/model|fallback|retr|ccproxy/.test(k)) h[k] = v; });
  console.log(`### ${name}: ${r.status} in ${Date.now() - t} ms ${JSON.stringify(h)}\n${text.slice(0, 400)}\nanthropic: ${proxy.anthropic.requests.map((q) => q.model)} openai: ${proxy.openai.requests.map((q) => q.model + q.path)}`);
}

test("explore", async () => {
  const s529: Fault = { kind: "status", status: 529, model: "claude-sonnet-4-5" };
  await run("529 json", "/v1/messages", body(), s529);
  await run("529 stream", "/v1/messages", body({ stream: true }), s529);
  await run("529 chat", "/v1/chat/completions", body(), s529);
  await run("529 chat stream", "/v1/chat/completions", body({ stream: true }), s529);
  await run("all fail", "/v1/messages", body(), { kind: "status", status: 529 }, { kind: "status", status: 500 });
  await run("all fail stream", "/v1/messages", body({ stream: true }), { kind: "status", status: 529 }, { kind: "status", status: 503 });
  await run("400", "/v1/messages", body(), { kind: "status", status: 400, model: "claude-sonnet-4-5" });
  await run("401", "/v1/messages", body(), { kind: "status", status: 401, model: "claude-sonnet-4-5" });
  await run("ctx", "/v1/messages", body(), { kind: "status", status: 400, model: "claude-sonnet-4-5", body: { type: "error", error: { type: "invalid_request_error", message: "prompt is too long: 250000 tokens > 200000 maximum" } } });
  await run("cut after 2", "/v1/messages", body({ stream: true }), { kind: "cut-stream", afterEvents: 2, model: "claude-sonnet-4-5" });
  await run("cut after 0", "/v1/messages", body({ stream: true }), { kind: "cut-stream", afterEvents: 0, model: "claude-sonnet-4-5" });
  await run("cut json", "/v1/messages", body(), { kind: "cut-stream", afterEvents: 0, model: "claude-sonnet-4-5" });
  await run("haiku 529 (no chain)", "/v1/messages", body({ model: "claude-haiku-4-5" }), { kind: "status", status: 529 });
  await run("client fallbacks ignored", "/v1/messages", body({ model: "claude-haiku-4-5", fallbacks: ["ccproxy-think"] }), { kind: "status", status: 529 });
}, 170_000);
