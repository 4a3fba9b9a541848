// The mock reports prompt caching as the providers do: Anthropic by cache_control breakpoints, OpenAI by shared prefix.
import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { samples } from "../../src/samples/index.js";
import { createMockProvider, type MockProvider } from "../../src/mock-provider/server.js";

let mock: MockProvider;
let anthropic: Anthropic;
let openai: OpenAI;
beforeAll(async () => {
  mock = await createMockProvider();
  anthropic = new Anthropic({ apiKey: "sk-ant-fake", baseURL: mock.url, maxRetries: 0 });
  openai = new OpenAI({ apiKey: "sk-openai-fake", baseURL: `${mock.url}/v1`, maxRetries: 0 });
});
afterAll(() => mock.close());

describe("Anthropic prompt caching", () => {
  it("writes the cache_control prefix once, then reads it; input_tokens excludes both", async () => {
    const body = { ...(samples.claudeCodeMain() as unknown as Anthropic.MessageCreateParamsNonStreaming), model: "claude-cache-a", stream: false as const, max_tokens: 1024 };
    const first = await anthropic.messages.create(body);
    const second = await anthropic.messages.create(body);
    expect(first.usage.cache_creation_input_tokens).toBeGreaterThan(1024);
    expect(first.usage.cache_read_input_tokens).toBe(0);
    expect(second.usage.cache_read_input_tokens).toBe(first.usage.cache_creation_input_tokens);
    expect(second.usage.cache_creation_input_tokens).toBe(0);
    const total = (u: Anthropic.Usage) => u.input_tokens + (u.cache_creation_input_tokens ?? 0) + (u.cache_read_input_tokens ?? 0);
    expect(total(second.usage)).toBe(total(first.usage));
    expect(second.usage.input_tokens).toBeGreaterThanOrEqual(0);
  });

  it("streams cumulative usage (input and cache included) in message_delta", async () => {
    const body = { ...(samples.claudeCodeMain() as unknown as Anthropic.MessageCreateParamsStreaming), model: "claude-cache-b", stream: true as const };
    const deltas: Anthropic.MessageDeltaUsage[] = [];
    const starts: Anthropic.Usage[] = [];
    for (const _ of [1, 2]) {
      for await (const event of await anthropic.messages.create(body)) {
        if (event.type === "message_start") starts.push(event.message.usage);
        if (event.type === "message_delta") deltas.push(event.usage);
      }
    }
    const [first, second] = deltas;
    const { input_tokens, cache_creation_input_tokens, cache_read_input_tokens } = starts[0]!;
    expect(first).toMatchObject({ input_tokens, cache_creation_input_tokens, cache_read_input_tokens: 0 });
    expect(first!.cache_creation_input_tokens).toBeGreaterThan(1024);
    expect(second).toMatchObject({ cache_creation_input_tokens: 0, cache_read_input_tokens: first!.cache_creation_input_tokens });
    expect(second!.output_tokens).toBeGreaterThan(0);
  });

  it("caches nothing without a breakpoint or under 1024 tokens", async () => {
    const small = { model: "claude-cache-c", max_tokens: 10, system: [{ type: "text" as const, text: "short", cache_control: { type: "ephemeral" as const } }], messages: [{ role: "user" as const, content: "hi" }] };
    for (const _ of [1, 2]) {
      const { usage } = await anthropic.messages.create(small);
      expect(usage).toMatchObject({ cache_creation_input_tokens: 0, cache_read_input_tokens: 0 });
    }
  });
});

describe("OpenAI prompt caching", () => {
  it("reports the prefix shared with the previous prompt in 128-token steps from 1024, in prompt_tokens_details", async () => {
    const long = "lorem ipsum dolor sit amet ".repeat(400); // ~2,700 tokens
    const turn1 = [{ role: "system" as const, content: long }, { role: "user" as const, content: "first" }];
    const first = await openai.chat.completions.create({ model: "gpt-cache", messages: turn1 });
    const second = await openai.chat.completions.create({ model: "gpt-cache", messages: [...turn1, { role: "assistant", content: "ok" }, { role: "user", content: "second" }] });
    expect(first.usage?.prompt_tokens_details?.cached_tokens).toBe(0);
    const cached = second.usage!.prompt_tokens_details!.cached_tokens!;
    expect(cached).toBeGreaterThanOrEqual(1024);
    expect(cached % 128).toBe(0);
    expect(cached).toBeLessThanOrEqual(second.usage!.prompt_tokens);
    const short = await openai.chat.completions.create({ model: "gpt-cache-2", messages: [{ role: "user", content: "hi" }] });
    const again = await openai.chat.completions.create({ model: "gpt-cache-2", messages: [{ role: "user", content: "hi" }] });
    expect([short, again].map((c) => c.usage?.prompt_tokens_details?.cached_tokens)).toEqual([0, 0]);
  });
});
