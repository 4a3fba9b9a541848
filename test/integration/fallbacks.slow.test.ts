// Fallbacks end to end: the mock provider's faults against the real LiteLLM proxy with our hook. A target that
// answers 529, 5xx, refuses the connection or breaks its stream before any content hands the request to the next
// label of its chain; the response names the target that served; an exhausted chain answers with its last error.
import { Agent, request } from "undici";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { refusingUrl } from "../../src/mock-provider/server.js";
import { readHookStats } from "../support/hook-stats.js";
import { bootProxy, type ProxyUnderTest } from "../support/proxy-stack.js";
import { parseSse } from "../support/sse.js";

const REQUEST_TIMEOUT_S = 4;
let proxy: ProxyUnderTest;
beforeAll(async () => {
  const refused = await refusingUrl();
  proxy = await bootProxy(
    (doc) => {
      // default (passthrough: the client's Claude ids) → think (OpenAI) → background; a context-window error → long_context.
      doc.targets.default.fallbacks = ["think", "background"];
      doc.targets.default.context_window_fallbacks = ["long_context"];
      doc.targets.refused = { model: "anthropic/claude-refused", api_base: refused, api_key: "os.environ/MOCK_KEY", fallbacks: ["background"] };
      doc.rules.unshift({ name: "refused", kind: "model", contains: "refused", to: "refused" });
      doc.proxy.cooldown_s = 0; // every test here starts from a healthy target; cooldowns have their own suite
      doc.proxy.request_timeout_s = REQUEST_TIMEOUT_S;
      // Subscription (OAuth) requests: default and background take the user's token, think (OpenAI) cannot.
      doc.targets.default.forward_oauth = true;
      doc.targets.background.forward_oauth = true;
    },
    { chunkDelayMs: 5, chunks: 6 },
  );
}, 150_000);
afterAll(async () => proxy?.close());
beforeEach(() => {
  proxy.anthropic.reset();
  proxy.openai.reset();
});

const hi = [{ role: "user", content: "hi" }];
const body = (extra: Record<string, unknown> = {}) => ({ model: "claude-sonnet-4-5", max_tokens: 50, messages: hi, ...extra });
const overloaded = { kind: "status", status: 529, model: "claude-sonnet-4-5" } as const;
const served = (response: Response) => [response.headers.get("x-ccproxy-target"), response.headers.get("x-ccproxy-fallback-from")];
const upstreams = () => [...proxy.anthropic.requests.map((r) => `anthropic:${r.model}`), ...proxy.openai.requests.map((r) => `openai:${r.model}`)];

describe("a 529 from the first target: the next label serves", () => {
  test.each([false, true])("/v1/messages, stream %s", async (stream) => {
    proxy.anthropic.setFault(overloaded);
    const response = await proxy.post("/v1/messages", body({ stream }));
    const text = await response.text();
    expect(response.status, text).toBe(200);
    expect(served(response)).toEqual(["think", "default"]);
    expect(response.headers.get("x-litellm-attempted-fallbacks")).toBe("1");
    expect(upstreams()).toEqual(["anthropic:claude-sonnet-4-5", "openai:gpt-think"]);
    if (stream) {
      const events = parseSse(text);
      expect(events.filter((e) => e.event === "message_start")).toHaveLength(1); // one message lifecycle, no trace of the failure
      expect(events.some((e) => e.event === "error")).toBe(false);
      expect(events.at(-1)?.event).toBe("message_stop");
    } else {
      expect(JSON.parse(text).content[0].text).toContain("mock-openai (model gpt-think)");
    }
  });

  test.each([false, true])("/v1/chat/completions, stream %s", async (stream) => {
    proxy.anthropic.setFault(overloaded);
    const response = await proxy.post("/v1/chat/completions", body({ stream }));
    expect(response.status, await response.text()).toBe(200);
    expect(served(response)).toEqual(["think", "default"]);
  });

  test("a request served by its own target says so, without a fallback header", async () => {
    const response = await proxy.post("/v1/messages", body());
    expect(response.status).toBe(200);
    expect(served(response)).toEqual(["default", null]);
    expect(upstreams()).toEqual(["anthropic:claude-sonnet-4-5"]);
  });
});

describe("other failures before the first byte fall back too", () => {
  test("a refused connection", async () => {
    const response = await proxy.post("/v1/messages", body({ model: "claude-refused-1" }));
    expect(response.status, await response.text()).toBe(200);
    expect(served(response)).toEqual(["background", "refused"]);
  });

  test("a 500 and a 503 walk the chain to its end", async () => {
    proxy.anthropic.setFault({ kind: "status", status: 500, model: "claude-sonnet-4-5" });
    proxy.openai.setFault({ kind: "status", status: 503 });
    const response = await proxy.post("/v1/messages", body());
    expect(response.status, await response.text()).toBe(200);
    expect(served(response)).toEqual(["background", "default"]);
    expect(upstreams()).toEqual(["anthropic:claude-sonnet-4-5", "anthropic:claude-haiku-4-5", "openai:gpt-think"]);
  });

  test.each([false, true])("a provider that does not answer within proxy.request_timeout_s (stream %s)", async (stream) => {
    proxy.anthropic.setFault({ kind: "hang", model: "claude-sonnet-4-5" });
    const started = Date.now();
    const response = await proxy.post("/v1/messages", body({ stream }));
    expect(response.status, await response.text()).toBe(200);
    expect(served(response)).toEqual(["think", "default"]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_S * 1000 - 500);
  });

  test("a stream cut before any content", async () => {
    proxy.anthropic.setFault({ kind: "cut-stream", afterEvents: 2, model: "claude-sonnet-4-5" });
    const response = await proxy.post("/v1/messages", body({ stream: true }));
    const events = parseSse(await response.text());
    expect(response.status).toBe(200);
    expect(served(response)).toEqual(["think", "default"]);
    expect(events.filter((e) => e.event === "message_start")).toHaveLength(1);
    expect(events.at(-1)?.event).toBe("message_stop");
  });

  test("a context-window error goes to context_window_fallbacks", async () => {
    const tooLong = { type: "error", error: { type: "invalid_request_error", message: "prompt is too long: 250000 tokens > 200000 maximum" } };
    proxy.anthropic.setFault({ kind: "status", status: 400, model: "claude-sonnet-4-5", body: tooLong });
    const response = await proxy.post("/v1/messages", body());
    expect(response.status, await response.text()).toBe(200);
    expect(served(response)).toEqual(["long_context", "default"]);
  });
});

describe("what does not fall back", () => {
  test("a stream that already sent content ends with our error frame", async () => {
    proxy.anthropic.setFault({ kind: "cut-stream", afterEvents: 5, model: "claude-sonnet-4-5" });
    const response = await proxy.post("/v1/messages", body({ stream: true }));
    const events = parseSse(await response.text());
    expect(response.status).toBe(200);
    expect(events.some((e) => e.event === "content_block_delta")).toBe(true);
    expect(events.at(-1)).toMatchObject({ event: "error", data: { type: "error", error: { type: "UpstreamUnavailable" } } });
    expect(upstreams()).toEqual(["anthropic:claude-sonnet-4-5"]);
  });

  test("a provider's 400 (the request itself is wrong) is answered as is", async () => {
    proxy.anthropic.setFault({ kind: "status", status: 400, model: "claude-sonnet-4-5" });
    const response = await proxy.post("/v1/messages", body());
    expect(response.status).toBe(400);
    expect(upstreams()).toEqual(["anthropic:claude-sonnet-4-5"]);
  });

  test("a label without fallbacks: the 529 reaches the client unchanged", async () => {
    proxy.anthropic.setFault({ kind: "status", status: 529 });
    const response = await proxy.post("/v1/messages", body({ model: "claude-haiku-4-5" }));
    expect(response.status).toBe(529);
    expect(response.headers.get("retry-after")).toBe("1");
    expect(await response.json()).toEqual({
      type: "error",
      error: { type: "UpstreamError", message: "ccproxy-background answered HTTP 529: overloaded_error: mock-anthropic error 529", code: 529 },
    });
    expect(upstreams()).toEqual(["anthropic:claude-haiku-4-5"]);
  });

  test("a client's own fallbacks cannot route around the rules", async () => {
    proxy.anthropic.setFault({ kind: "status", status: 529 });
    const response = await proxy.post("/v1/messages", body({ model: "claude-haiku-4-5", fallbacks: ["ccproxy-think"] }));
    expect(response.status).toBe(529);
    expect(proxy.openai.requests).toHaveLength(0);
  });
});

describe("a Claude subscription (OAuth) request falls back only to forward_oauth targets", () => {
  const TOKEN = "sk-ant-oat01-fallback-test-token";
  const oauthPost = (payload: object) =>
    fetch(`${proxy.stack.url}/v1/messages`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${TOKEN}` }, body: JSON.stringify(payload) });

  test("think (OpenAI, server key) is skipped: background serves, with the user's own token", async () => {
    proxy.anthropic.setFault(overloaded);
    const response = await oauthPost(body({ stream: true }));
    expect(response.status, await response.text()).toBe(200);
    expect(served(response)).toEqual(["background", "default"]);
    expect(proxy.openai.requests).toHaveLength(0);
    expect(proxy.anthropic.requests.map((r) => r.headers.authorization)).toEqual([`Bearer ${TOKEN}`, `Bearer ${TOKEN}`]);
    expect(proxy.anthropic.requests.every((r) => r.headers["x-api-key"] !== "sk-mock-upstream-key")).toBe(true);
  });

  test("with no forward_oauth target left in the chain, the error reaches the client and no server key is used", async () => {
    proxy.anthropic.setFault({ kind: "status", status: 529 });
    const response = await oauthPost(body());
    expect(response.status).toBe(529);
    expect(proxy.openai.requests).toHaveLength(0);
    expect(proxy.anthropic.requests.map((r) => r.model)).toEqual(["claude-sonnet-4-5", "claude-haiku-4-5"]);
  });
});

describe("every target in the chain fails", () => {
  test.each([false, true])("the last error, in our shape, names the chain (stream %s)", async (stream) => {
    proxy.anthropic.setFault({ kind: "status", status: 529 });
    proxy.openai.setFault({ kind: "status", status: 500 });
    const response = await proxy.post("/v1/messages", body({ stream }));
    expect(response.status).toBe(529);
    expect(response.headers.get("content-type")).toContain("application/json");
    expect(await response.json()).toEqual({
      type: "error",
      error: {
        type: "UpstreamError",
        message: "ccproxy-background answered HTTP 529: overloaded_error: mock-anthropic error 529 (every target in the fallback chain failed: default, think, background)",
        code: 529,
      },
    });
    expect(upstreams()).toEqual(["anthropic:claude-sonnet-4-5", "anthropic:claude-haiku-4-5", "openai:gpt-think"]);
  });

  test("on the OpenAI route too", async () => {
    proxy.anthropic.setFault({ kind: "status", status: 503 });
    proxy.openai.setFault({ kind: "status", status: 500 });
    const response = await proxy.post("/v1/chat/completions", body());
    expect(response.status).toBe(503);
    const error = (await response.json()).error;
    expect(error).toMatchObject({ type: "UpstreamError", code: 503, param: null });
    expect(error.message).toMatch(/^ccproxy-background answered HTTP 503: .*\(every target in the fallback chain failed: default, think, background\)$/);
  });
});

test("the hook server's stats count who served and the fallbacks, for `ccproxy status`", async () => {
  proxy.anthropic.setFault({ ...overloaded, times: 1 });
  expect((await proxy.post("/v1/messages", body())).status).toBe(200);
  let stats: any;
  for (let i = 0; i < 40; i++) {
    stats = await readHookStats(proxy.stack.hookProbe);
    if (stats.served?.fallbacks["default→think"] && stats.served.chain_exhausted.default) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  expect(stats.served.fallbacks["default→think"]).toBeGreaterThanOrEqual(1);
  expect(stats.served.by_label.think).toBeGreaterThanOrEqual(1);
  expect(stats.served.chain_exhausted.default).toBeGreaterThanOrEqual(1);
});

test("an edit that adds a target and a rule to it waits for a restart: never a 400 'Invalid model name'", async () => {
  proxy.editRouting((doc) => {
    doc.targets.fresh = { model: "anthropic/claude-fresh-1", api_base: proxy.anthropic.url, api_key: "os.environ/MOCK_KEY" };
    doc.rules.unshift({ name: "to-fresh", kind: "model", contains: "haiku", to: "fresh" });
  });
  const health = async () => {
    const agent = new Agent({ connect: { socketPath: proxy.stack.hookProbe.socketPath! } });
    try {
      return (await (await request("http://hook/health", { dispatcher: agent })).body.json()) as { restart_due?: string[] };
    } finally {
      await agent.close();
    }
  };
  for (let i = 0; i < 40 && !(await health()).restart_due; i++) await new Promise((resolve) => setTimeout(resolve, 100));
  expect((await health()).restart_due).toEqual(["new target fresh"]);
  const response = await proxy.post("/v1/messages", body({ model: "claude-haiku-4-5" }));
  expect(response.status, await response.text()).toBe(200);
  expect(served(response)).toEqual(["background", null]);
  expect(upstreams()).toEqual(["anthropic:claude-haiku-4-5"]);
});
