import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createMockProvider, refusingUrl, type MockProvider } from "../../src/mock-provider/server.js";

let mock: MockProvider;
let anthropic: Anthropic;
let openai: OpenAI;
const ask = { model: "claude-x", max_tokens: 64, messages: [{ role: "user" as const, content: "hi" }] };
const chat = { model: "gpt-x", messages: [{ role: "user" as const, content: "hi" }] };

beforeAll(async () => {
  mock = await createMockProvider();
  anthropic = new Anthropic({ apiKey: "k", baseURL: mock.url, maxRetries: 0 });
  openai = new OpenAI({ apiKey: "k", baseURL: `${mock.url}/v1`, maxRetries: 0 });
});
beforeEach(() => mock.reset());
afterAll(() => mock.close());

describe("status faults use each provider's real error shape", () => {
  it.each([
    [529, "overloaded_error"],
    [500, "api_error"],
    [429, "rate_limit_error"],
    [401, "authentication_error"],
    [403, "permission_error"],
  ])("Anthropic %i → %s", async (status, type) => {
    mock.setFault({ kind: "status", status });
    const error = await anthropic.messages.create(ask).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect(error).toMatchObject({ status, error: { type: "error", error: { type, message: expect.any(String) } } });
  });

  it.each([
    [429, "requests", "rate_limit_exceeded"],
    [401, "invalid_request_error", "invalid_api_key"],
    [500, "server_error", null],
  ])("OpenAI %i → %s", async (status, type, code) => {
    mock.setFault({ kind: "status", status });
    const error = await openai.chat.completions.create(chat).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect(error).toMatchObject({ status, error: { message: expect.any(String), type, param: null, code } });
  });

  it("sends retry-after on 429 and 529, and a custom body verbatim", async () => {
    mock.setFault({ kind: "status", status: 429, retryAfterSeconds: 7 });
    const limited = await fetch(`${mock.url}/v1/messages`, { method: "POST", body: JSON.stringify(ask) });
    expect(limited.headers.get("retry-after")).toBe("7");
    mock.setFault({ kind: "status", status: 502, body: "<html>Bad Gateway</html>" });
    const html = await fetch(`${mock.url}/v1/chat/completions`, { method: "POST", body: JSON.stringify(chat) });
    expect(html.status).toBe(502);
    expect(await html.text()).toBe("<html>Bad Gateway</html>");
  });

  it("hits only matching models, and only `times` requests", async () => {
    mock.setFault({ kind: "status", status: 529, model: /^claude-big/, times: 1 });
    await expect(anthropic.messages.create({ ...ask, model: "claude-small" })).resolves.toMatchObject({ model: "claude-small" });
    await expect(anthropic.messages.create({ ...ask, model: "claude-big-1" })).rejects.toMatchObject({ status: 529 });
    await expect(anthropic.messages.create({ ...ask, model: "claude-big-1" })).resolves.toMatchObject({ model: "claude-big-1" });
    expect(mock.requests.map((r) => r.model)).toEqual(["claude-small", "claude-big-1", "claude-big-1"]);
  });
});

describe("connection faults end in client errors, never hangs", () => {
  it("hang: the request is recorded, never answered, and cut by the client's timeout", async () => {
    mock.setFault({ kind: "hang" });
    const error = await anthropic.messages.create(ask, { timeout: 200 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.APIConnectionTimeoutError);
    expect(mock.requests).toHaveLength(1);
  });

  it("hang: close() ends the hanging connection and returns", async () => {
    const own = await createMockProvider();
    own.setFault({ kind: "hang" });
    const pending = fetch(`${own.url}/v1/chat/completions`, { method: "POST", body: JSON.stringify(chat) });
    await expect.poll(() => own.requests.length).toBe(1);
    await own.close();
    await expect(pending).rejects.toThrow();
  });

  it("cut-stream: the Anthropic SDK gets exactly N events (the SDK hides ping), then an error", async () => {
    mock.setFault({ kind: "cut-stream", afterEvents: 4 });
    const events: string[] = [];
    const consume = async (): Promise<void> => {
      for await (const event of await anthropic.messages.create({ ...ask, stream: true })) events.push(event.type);
    };
    await expect(consume()).rejects.toThrow(/terminated/);
    expect(events).toEqual(["message_start", "content_block_start", "content_block_delta"]);
  });

  it("cut-stream: messages.stream().finalMessage() rejects", async () => {
    mock.setFault({ kind: "cut-stream", afterEvents: 5 });
    await expect(anthropic.messages.stream(ask).finalMessage()).rejects.toThrow();
  });

  it("cut-stream: OpenAI chat and responses streams error out", async () => {
    mock.setFault({ kind: "cut-stream", afterEvents: 2 });
    const chunks = async (): Promise<void> => {
      for await (const _ of await openai.chat.completions.create({ ...chat, stream: true }));
    };
    await expect(chunks()).rejects.toThrow();
    await expect(openai.responses.stream({ model: "gpt-x", input: "hi" }).finalResponse()).rejects.toThrow();
  });

  it("cut-stream on a non-streaming request truncates the JSON body", async () => {
    mock.setFault({ kind: "cut-stream", afterEvents: 0 });
    await expect(anthropic.messages.create(ask)).rejects.toThrow();
    await expect(openai.chat.completions.create(chat)).rejects.toThrow();
  });

  it("refusingUrl: nothing listens there", async () => {
    const url = await refusingUrl();
    const error = await fetch(`${url}/v1/messages`, { method: "POST" }).catch((e: unknown) => e);
    expect(error).toMatchObject({ cause: { code: "ECONNREFUSED" } });
    const client = new Anthropic({ apiKey: "k", baseURL: url, maxRetries: 0 });
    await expect(client.messages.create(ask)).rejects.toBeInstanceOf(Anthropic.APIConnectionError);
  });
});

describe("timing options", () => {
  const elapsed = async (run: () => Promise<unknown>): Promise<number> => {
    const start = performance.now();
    await run();
    return performance.now() - start;
  };

  it("latencyMs delays every answer", async () => {
    const slow = await createMockProvider({ latencyMs: 150 });
    try {
      const client = new Anthropic({ apiKey: "k", baseURL: slow.url, maxRetries: 0 });
      expect(await elapsed(() => client.messages.create(ask))).toBeGreaterThanOrEqual(149);
    } finally {
      await slow.close();
    }
  });

  it("slow-first-byte delays the matching request only once", async () => {
    mock.setFault({ kind: "slow-first-byte", ms: 150, times: 1 });
    expect(await elapsed(() => openai.chat.completions.create(chat))).toBeGreaterThanOrEqual(149);
    expect(mock.requests).toHaveLength(1);
  });

  it("chunkDelayMs paces SSE events", async () => {
    const paced = await createMockProvider({ chunkDelayMs: 20, chunks: 2 });
    try {
      const client = new OpenAI({ apiKey: "k", baseURL: `${paced.url}/v1`, maxRetries: 0 });
      const run = async (): Promise<void> => {
        for await (const _ of await client.chat.completions.create({ ...chat, stream: true }));
      };
      // role delta, 2 content deltas, finish chunk, [DONE]: 4 gaps.
      expect(await elapsed(run)).toBeGreaterThanOrEqual(4 * 20 - 1);
    } finally {
      await paced.close();
    }
  });
});
