// The official Anthropic and OpenAI SDKs accept what the proxy returns; fail_closed gives a clear 503.
import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { samples } from "../../src/samples/index.js";
import { bootProxy, type ProxyUnderTest } from "../support/proxy-stack.js";

let proxy: ProxyUnderTest;
let anthropic: Anthropic;
let openai: OpenAI;
beforeAll(async () => {
  proxy = await bootProxy((doc) => {
    doc.hook = { ...doc.hook, on_failure: "fail_closed" };
  });
  anthropic = new Anthropic({ baseURL: proxy.stack.url, apiKey: proxy.stack.masterKey, maxRetries: 0 });
  openai = new OpenAI({ baseURL: `${proxy.stack.url}/v1`, apiKey: proxy.stack.masterKey, maxRetries: 0 });
}, 150_000);
afterAll(async () => proxy?.close());

describe("official clients through the proxy", () => {
  test("@anthropic-ai/sdk messages.create", async () => {
    const message = await anthropic.messages.create({
      model: "claude-3-5-haiku-20241022",
      max_tokens: 256,
      messages: [{ role: "user", content: "name this chat" }],
    });
    expect(message.content[0]).toMatchObject({ type: "text" });
    expect((message.content[0] as { text: string }).text).toContain("mock-anthropic");
    expect(proxy.anthropic.requests.at(-1)?.model).toBe("claude-haiku-4-5");
  });

  test("@anthropic-ai/sdk messages.stream", async () => {
    const stream = anthropic.messages.stream(samples.claudeCodeMain() as any);
    const events: string[] = [];
    stream.on("streamEvent", (event) => events.push(event.type));
    const final = await stream.finalMessage();
    expect(events[0]).toBe("message_start");
    expect(events.at(-1)).toBe("message_stop");
    expect(final.stop_reason).toBe("end_turn");
    expect(JSON.stringify(final.content)).toContain("mock-anthropic");
  });

  test("openai chat.completions.create, streaming and not", async () => {
    const completion = await openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: "hi" }] });
    expect(completion.choices[0]?.message.content).toContain("mock-anthropic");
    const stream = await openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: "hi" }], stream: true });
    let text = "";
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? "";
    expect(text).toContain("mock-anthropic");
  });

  test("openai embeddings.create", async () => {
    const result = await openai.embeddings.create({ model: "text-embedding-3-small", input: "hello" });
    expect(result.data[0]?.embedding.length).toBeGreaterThan(0);
  });
});

describe("fail_closed", () => {
  test("hook server down: 503 HookUnavailable, and the proxy keeps serving its health check", async () => {
    await proxy.killHook();
    const response = await proxy.post("/v1/messages", { ...samples.title(), stream: false });
    const text = await response.text();
    expect(response.status, text).toBe(503);
    expect(text).toContain("HookUnavailable");
    const health = await fetch(`${proxy.stack.url}/health/readiness`);
    expect(health.status).toBe(200);
  });
});
