import Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createMockProvider, type MockProvider } from "../../src/mock-provider/server.js";

let mock: MockProvider;
let client: Anthropic;
const ask = { max_tokens: 64, messages: [{ role: "user" as const, content: "hi" }] };

beforeAll(async () => {
  mock = await createMockProvider();
  client = new Anthropic({ apiKey: "sk-ant-fake", baseURL: mock.url, maxRetries: 0 });
});
beforeEach(() => mock.reset());
afterAll(() => mock.close());

describe("Anthropic Messages through the official SDK", () => {
  it("answers a non-streaming request with a message naming the mock and model", async () => {
    const message = await client.messages.create({ model: "claude-x", ...ask });
    expect(message).toMatchObject({
      type: "message",
      role: "assistant",
      model: "claude-x",
      content: [{ type: "text", text: "Hello from mock-anthropic (model claude-x)" }],
      stop_reason: "end_turn",
      stop_sequence: null,
      usage: { cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
    });
    expect(message.id).toMatch(/^msg_/);
    expect(message.usage.input_tokens).toBeGreaterThan(0);
    expect(message.usage.output_tokens).toBeGreaterThan(0);
  });

  it("streams the exact event sequence with several text deltas", async () => {
    const stream = await client.messages.create({ model: "claude-x", ...ask, stream: true });
    const events: string[] = [];
    let text = "";
    for await (const event of stream) {
      events.push(event.type);
      if (event.type === "content_block_delta" && event.delta.type === "text_delta") text += event.delta.text;
      if (event.type === "message_delta") expect(event.delta.stop_reason).toBe("end_turn");
    }
    expect(events).toEqual([
      "message_start",
      "content_block_start",
      "content_block_delta",
      "content_block_delta",
      "content_block_delta",
      "content_block_delta",
      "content_block_stop",
      "message_delta",
      "message_stop",
    ]);
    expect(text).toBe("Hello from mock-anthropic (model claude-x)");
  });

  it("sends ping frames and the text/event-stream content type on the wire", async () => {
    const res = await fetch(`${mock.url}/v1/messages?beta=true`, {
      method: "POST",
      body: JSON.stringify({ model: "claude-x", ...ask, stream: true }),
    });
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(res.headers.get("x-mock-provider")).toBe("anthropic");
    const names = [...(await res.text()).matchAll(/^event: (\w+)$/gm)].map((m) => m[1]);
    expect(names.slice(0, 3)).toEqual(["message_start", "content_block_start", "ping"]);
  });

  it("messages.stream() assembles the final message, thinking block first when asked", async () => {
    const stream = client.messages.stream({
      model: "claude-think",
      ...ask,
      max_tokens: 2048,
      thinking: { type: "enabled", budget_tokens: 1024 },
    });
    const message = await stream.finalMessage();
    expect(message.content.map((b) => b.type)).toEqual(["thinking", "text"]);
    const [thinking, text] = message.content;
    expect(thinking?.type === "thinking" && thinking.thinking.length > 0 && thinking.signature.startsWith("sig_")).toBe(true);
    expect(text?.type === "text" && text.text).toBe("Hello from mock-anthropic (model claude-think)");
    expect(message.stop_reason).toBe("end_turn");
  });

  it("answers a forced tool_choice with a tool_use block, streaming and not", async () => {
    const tools = [{ name: "get_weather", input_schema: { type: "object" as const, properties: {} } }];
    const request = { model: "claude-x", ...ask, tools, tool_choice: { type: "tool" as const, name: "get_weather" } };
    const plain = await client.messages.create(request);
    expect(plain.stop_reason).toBe("tool_use");
    expect(plain.content[0]).toMatchObject({ type: "tool_use", name: "get_weather", input: {} });
    const streamed = await client.messages.stream(request).finalMessage();
    expect(streamed.content[0]).toMatchObject({ type: "tool_use", name: "get_weather", input: {} });
  });

  it("counts tokens deterministically and lists models", async () => {
    const request = { model: "claude-x", messages: ask.messages };
    const first = await client.messages.countTokens(request);
    const second = await client.messages.countTokens(request);
    expect(first.input_tokens).toBeGreaterThan(0);
    expect(second).toEqual(first);
    const models = await client.models.list();
    expect(models.data.map((m) => m.id)).toEqual(["claude-mock", "gpt-mock"]);
  });

  it("replies with the `text` option when given, streamed or not", async () => {
    const own = await createMockProvider({ text: "fixed reply", chunks: 2 });
    try {
      const ownClient = new Anthropic({ apiKey: "k", baseURL: own.url, maxRetries: 0 });
      const plain = await ownClient.messages.create({ model: "claude-x", ...ask });
      expect(plain.content).toEqual([{ type: "text", text: "fixed reply" }]);
      const streamed = await ownClient.messages.stream({ model: "claude-x", ...ask }).finalMessage();
      expect(streamed.content).toMatchObject([{ type: "text", text: "fixed reply" }]);
    } finally {
      await own.close();
    }
  });

  it("records api, path, query, model, stream flag, headers and body", async () => {
    const before = Date.now();
    await client.messages.create({ model: "claude-rec", ...ask }, { query: { beta: "true" } });
    expect(mock.requests).toHaveLength(1);
    const [recorded] = mock.requests;
    expect(recorded).toMatchObject({
      api: "anthropic",
      method: "POST",
      path: "/v1/messages",
      query: { beta: "true" },
      model: "claude-rec",
      stream: false,
      body: { model: "claude-rec", max_tokens: 64, messages: ask.messages },
    });
    // SDK 1.14 sends the key as a bearer token (older SDKs and Claude Code's API-key mode use x-api-key).
    const key = recorded?.headers["x-api-key"] ?? recorded?.headers.authorization?.replace(/^Bearer /, "");
    expect(key).toBe("sk-ant-fake");
    expect(recorded?.headers["anthropic-version"]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(recorded?.receivedAt).toBeGreaterThanOrEqual(before);
  });
});
