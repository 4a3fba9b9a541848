// End to end: real LiteLLM + our hook + hook server, against mock upstreams, for every call type.
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { SONNET } from "../../src/samples/claude-code.js";
import { samples, type SampleName } from "../../src/samples/index.js";
import { bootProxy, MOCK_KEY, type ProxyUnderTest } from "../support/proxy-stack.js";
import { parseSse } from "../support/sse.js";

let proxy: ProxyUnderTest;
beforeAll(async () => {
  proxy = await bootProxy();
}, 150_000);
afterAll(async () => proxy?.close());
beforeEach(() => {
  proxy.anthropic.reset();
  proxy.openai.reset();
});

/** The one upstream request a proxied call produced, and which mock saw it. */
function upstreamCall() {
  const seen = [
    ...proxy.anthropic.requests.map((r) => ({ mock: "anthropic", ...r })),
    ...proxy.openai.requests.map((r) => ({ mock: "openai", ...r })),
  ];
  expect(seen).toHaveLength(1);
  return seen[0]!;
}

const anthropicOrder = (events: { event?: string }[]) => events.map((e) => e.event).filter((e) => e !== "ping");

const ROUTES: [SampleName, "anthropic" | "openai", string][] = [
  ["claudeCodeMain", "anthropic", SONNET], // default.passthrough keeps the client's Claude id
  ["claudeCodeMainBudget", "anthropic", SONNET],
  ["subagent", "anthropic", SONNET],
  ["title", "anthropic", SONNET],
  ["haikuTitle", "anthropic", "claude-haiku-4-5"],
  ["webSearch", "anthropic", "claude-sonnet-4-5-search"],
  ["longContext", "anthropic", "claude-sonnet-4-5-long"],
  ["deepThinking", "openai", "gpt-think"],
];

describe("/v1/messages?beta=true routes each Claude Code request shape", () => {
  test.each(ROUTES)("%s (non-streaming) → %s %s", async (name, mock, model) => {
    const body = { ...samples[name](), stream: false } as Record<string, any>;
    const response = await proxy.post("/v1/messages?beta=true", body, { "anthropic-version": "2023-06-01" });
    const json = (await response.json()) as any;
    expect(response.status, JSON.stringify(json)).toBe(200);
    expect(json.type).toBe("message");
    // a forced tool_choice (the web-search request) is answered with a tool_use block, not text
    const text = json.content.filter((c: any) => c.type === "text").map((c: any) => c.text).join("");
    if (body.tool_choice?.type === "tool") expect(json.content[0].type).toBe("tool_use");
    else expect(text).toContain(`mock-${mock}`);
    const call = upstreamCall();
    expect(call.mock).toBe(mock);
    expect(call.model).toBe(model);
    expect(JSON.stringify(call.headers)).toContain(MOCK_KEY);
  });

  test.each(ROUTES.filter(([name]) => ["claudeCodeMain", "haikuTitle", "deepThinking"].includes(name)))(
    "%s (streaming) → %s %s, a complete Anthropic SSE stream",
    async (name, mock, model) => {
      const response = await proxy.post("/v1/messages?beta=true", { ...samples[name](), stream: true });
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toContain("text/event-stream");
      const events = parseSse(await response.text());
      const order = anthropicOrder(events);
      expect(order[0]).toBe("message_start");
      expect(order.slice(-2)).toEqual(["message_delta", "message_stop"]);
      const textDeltas = events.filter((e: any) => e.event === "content_block_delta" && e.data.delta?.type === "text_delta");
      expect(textDeltas.length).toBeGreaterThan(0);
      const text = textDeltas.map((e: any) => e.data.delta.text).join("");
      expect(text).toContain(`mock-${mock}`);
      expect(order).toContain("content_block_start");
      expect(order).toContain("content_block_stop");
      expect(upstreamCall()).toMatchObject({ mock, model, stream: true });
    },
  );

  test("role:system entries inside messages do not break the request", async () => {
    const body = samples.claudeCodeMain() as any;
    body.messages.splice(1, 0, { role: "system", content: "You are in plan mode." });
    const response = await proxy.post("/v1/messages?beta=true", { ...body, stream: false });
    expect(response.status).toBe(200);
    expect(upstreamCall().model).toBe(SONNET);
  });

  test.each(["claude-opus-5-5", "claude-opus-4-8", "claude-sonnet-5-5", "claude-sonnet-5-5-20261015"])(
    "the user's model choice is kept: %s is served as %s through the default target's api_base and key",
    async (model) => {
      const response = await proxy.post("/v1/messages?beta=true", { ...samples.claudeCodeMain(), model, stream: false });
      expect(response.status).toBe(200);
      const call = upstreamCall();
      expect(call).toMatchObject({ mock: "anthropic", model });
      expect(JSON.stringify(call.headers)).toContain(MOCK_KEY);
    },
  );

  test("count_tokens resolves the model names Claude Code sends", async () => {
    const response = await proxy.post("/v1/messages/count_tokens?beta=true", {
      model: "claude-sonnet-4-5-20250929",
      messages: [{ role: "user", content: "hello there" }],
    });
    const json = (await response.json()) as any;
    expect(response.status, JSON.stringify(json)).toBe(200);
    expect(json.input_tokens).toBeGreaterThan(0);
  });
});

describe("OpenAI routes", () => {
  test("chat completions (non-streaming) reach the default target, translated", async () => {
    const response = await proxy.post("/v1/chat/completions", { ...samples.openaiChat(), stream: false });
    const json = (await response.json()) as any;
    expect(response.status, JSON.stringify(json)).toBe(200);
    expect(json.object).toBe("chat.completion");
    expect(json.choices[0].message.content).toContain("mock-anthropic");
    expect(upstreamCall()).toMatchObject({ mock: "anthropic", model: "claude-sonnet-4-5" });
  });

  test("chat completions (streaming) end with [DONE]", async () => {
    const response = await proxy.post("/v1/chat/completions", { ...samples.openaiChat(), stream: true });
    expect(response.status).toBe(200);
    const events = parseSse(await response.text());
    expect(events.at(-1)?.data).toBe("[DONE]");
    const text = events
      .slice(0, -1)
      .map((e: any) => e.data.choices?.[0]?.delta?.content ?? "")
      .join("");
    expect(text).toContain("mock-anthropic");
  });

  test("embeddings reach the embeddings target", async () => {
    const response = await proxy.post("/v1/embeddings", samples.embeddings());
    const json = (await response.json()) as any;
    expect(response.status, JSON.stringify(json)).toBe(200);
    expect(json.data[0].embedding.length).toBeGreaterThan(0);
    expect(upstreamCall()).toMatchObject({ mock: "openai", model: "text-embedding-3-small", path: "/v1/embeddings" });
  });

  test("the Responses API reaches the chosen target", async () => {
    proxy.editRouting(() => {}); // no-op write: proves an unchanged reload is harmless
    const response = await proxy.post("/v1/responses", { ...samples.openaiResponses(), model: "gpt-think-please", stream: false });
    const json = (await response.json()) as any;
    expect(response.status, JSON.stringify(json)).toBe(200);
    expect(JSON.stringify(json.output)).toContain("mock-");
  });
});

describe("hot reload and hook failure", () => {
  test("a rule edited while running takes effect without a restart", async () => {
    const body = { ...samples.title(), model: "claude-edited-model", stream: false };
    await proxy.post("/v1/messages", body);
    expect(upstreamCall().model).toBe("claude-edited-model");
    proxy.editRouting((doc) => {
      doc.rules.unshift({ name: "edited", kind: "model", contains: "edited", to: "background" });
    });
    let model: string | undefined;
    for (let attempt = 0; attempt < 40 && model !== "claude-haiku-4-5"; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      proxy.anthropic.reset();
      await proxy.post("/v1/messages", body);
      model = upstreamCall().model;
    }
    expect(model).toBe("claude-haiku-4-5");
  });

  test("hook server down under fail_open: requests go to the default label", async () => {
    await proxy.killHook();
    const response = await proxy.post("/v1/messages", { ...samples.haikuTitle(), stream: false });
    expect(response.status).toBe(200);
    expect(upstreamCall().model).toBe("claude-sonnet-4-5");
  });
});
