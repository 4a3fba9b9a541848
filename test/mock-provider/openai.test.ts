import OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createMockProvider, type MockProvider } from "../../src/mock-provider/server.js";

let mock: MockProvider;
let client: OpenAI;
const messages = [{ role: "user" as const, content: "hi" }];

beforeAll(async () => {
  mock = await createMockProvider({ chunks: 3 });
  client = new OpenAI({ apiKey: "sk-openai-fake", baseURL: `${mock.url}/v1`, maxRetries: 0 });
});
beforeEach(() => mock.reset());
afterAll(() => mock.close());

describe("OpenAI routes through the official SDK", () => {
  it("chat.completions: a chat.completion object naming the mock and model", async () => {
    const completion = await client.chat.completions.create({ model: "gpt-x", messages });
    expect(completion).toMatchObject({ object: "chat.completion", model: "gpt-x" });
    expect(completion.choices[0]).toMatchObject({
      index: 0,
      finish_reason: "stop",
      message: { role: "assistant", content: "Hello from mock-openai (model gpt-x)" },
    });
    const usage = completion.usage;
    expect(usage && usage.prompt_tokens > 0 && usage.total_tokens === usage.prompt_tokens + usage.completion_tokens).toBe(true);
    expect(mock.requests[0]?.headers.authorization).toBe("Bearer sk-openai-fake");
  });

  it("chat.completions streaming: role delta, content deltas, finish chunk, usage chunk", async () => {
    const stream = await client.chat.completions.create({
      model: "gpt-x",
      messages,
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.every((c) => c.object === "chat.completion.chunk" && c.model === "gpt-x")).toBe(true);
    expect(chunks[0]?.choices[0]?.delta.role).toBe("assistant");
    const text = chunks.map((c) => c.choices[0]?.delta.content ?? "").join("");
    expect(text).toBe("Hello from mock-openai (model gpt-x)");
    expect(chunks.filter((c) => c.choices[0]?.delta.content).length).toBe(3);
    expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe("stop");
    expect(chunks.at(-1)?.choices).toEqual([]);
    expect(chunks.at(-1)?.usage?.completion_tokens).toBeGreaterThan(0);
    expect(mock.requests[0]).toMatchObject({ api: "openai", path: "/v1/chat/completions", stream: true });
  });

  it("streams without a usage chunk unless asked, and ends with [DONE]", async () => {
    const res = await fetch(`${mock.url}/v1/chat/completions`, {
      method: "POST",
      body: JSON.stringify({ model: "gpt-x", messages, stream: true }),
    });
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const frames = (await res.text()).trim().split("\n\n");
    expect(frames.at(-1)).toBe("data: [DONE]");
    expect(frames.some((f) => f.includes('"usage"'))).toBe(false);
  });

  it("completions: text_completion, JSON and streaming", async () => {
    const completion = await client.completions.create({ model: "gpt-instruct", prompt: "Say hi" });
    expect(completion.object).toBe("text_completion");
    expect(completion.choices[0]?.text).toBe("Hello from mock-openai (model gpt-instruct)");
    const stream = await client.completions.create({ model: "gpt-instruct", prompt: "Say hi", stream: true });
    let text = "";
    let finish: string | null | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.text ?? "";
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    expect(text).toBe("Hello from mock-openai (model gpt-instruct)");
    expect(finish).toBe("stop");
  });

  it("embeddings: deterministic unit vectors, float and the SDK's default base64", async () => {
    const floats = await client.embeddings.create({ model: "emb", input: ["a", "b"], encoding_format: "float" });
    const decoded = await client.embeddings.create({ model: "emb", input: ["a", "b"] });
    expect(mock.requests[1]?.body).toMatchObject({ encoding_format: "base64" });
    expect(floats.data.map((d) => d.index)).toEqual([0, 1]);
    expect(floats.data[0]?.embedding).toHaveLength(16);
    expect(decoded.data.map((d) => d.embedding)).toEqual(floats.data.map((d) => d.embedding));
    expect(floats.data[0]?.embedding).not.toEqual(floats.data[1]?.embedding);
    const norm = Math.hypot(...(floats.data[0]?.embedding ?? []));
    expect(norm).toBeCloseTo(1, 5);
    expect(floats.usage.prompt_tokens).toBeGreaterThan(0);
    const sized = await client.embeddings.create({ model: "emb", input: "a", dimensions: 4, encoding_format: "float" });
    expect(sized.data[0]?.embedding).toHaveLength(4);
  });

  it("responses: a completed Response with output_text", async () => {
    const response = await client.responses.create({ model: "gpt-r", input: "hi", instructions: "be brief" });
    expect(response).toMatchObject({ object: "response", status: "completed", model: "gpt-r", instructions: "be brief" });
    expect(response.output_text).toBe("Hello from mock-openai (model gpt-r)");
    expect(response.usage?.total_tokens).toBeGreaterThan(0);
    expect(typeof response.created_at).toBe("number");
  });

  it("responses streaming: the documented event sequence, text assembled", async () => {
    const stream = await client.responses.create({ model: "gpt-r", input: "hi", stream: true });
    const types: string[] = [];
    let text = "";
    let sequence = -1;
    for await (const event of stream) {
      types.push(event.type);
      expect(event.sequence_number).toBe(sequence + 1);
      sequence = event.sequence_number;
      if (event.type === "response.output_text.delta") text += event.delta;
      if (event.type === "response.completed") {
        expect(event.response.output[0]).toMatchObject({ type: "message", content: [{ type: "output_text", text }] });
      }
    }
    expect(types).toEqual([
      "response.created",
      "response.in_progress",
      "response.output_item.added",
      "response.content_part.added",
      "response.output_text.delta",
      "response.output_text.delta",
      "response.output_text.delta",
      "response.output_text.done",
      "response.content_part.done",
      "response.output_item.done",
      "response.completed",
    ]);
    expect(text).toBe("Hello from mock-openai (model gpt-r)");
  });

  it("responses.stream() helper reaches the final response", async () => {
    const final = await client.responses.stream({ model: "gpt-r", input: "hi" }).finalResponse();
    expect(final.output_text).toBe("Hello from mock-openai (model gpt-r)");
  });

  it("responses: a forced function tool_choice gets a function_call item, streaming and not", async () => {
    const tools = [{ type: "function" as const, name: "get_weather", parameters: { type: "object" }, strict: false }];
    const request = { model: "gpt-r", input: "hi", tools, tool_choice: { type: "function" as const, name: "get_weather" } };
    const plain = await client.responses.create(request);
    expect(plain.output[0]).toMatchObject({ type: "function_call", name: "get_weather", arguments: "{}" });
    const final = await client.responses.stream(request).finalResponse();
    expect(final.output[0]).toMatchObject({ type: "function_call", name: "get_weather", arguments: "{}" });
  });

  it("lists models, and answers unknown routes with a 404 in OpenAI's error shape", async () => {
    const models = await client.models.list();
    expect(models.data.map((m) => m.id)).toEqual(["claude-mock", "gpt-mock"]);
    const res = await fetch(`${mock.url}/v1/nope`, { method: "POST", body: "{}" });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { type: "invalid_request_error", param: null } });
  });

  it("rejects a request without a model, as the real APIs do", async () => {
    await expect(client.chat.completions.create({ messages } as never)).rejects.toMatchObject({ status: 400 });
  });
});
