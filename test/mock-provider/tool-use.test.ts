// Every API of the mock can script a tool-use round trip, and the server has the paths and strictness of the
// providers it stands in for (DeepSeek's /anthropic prefix, OpenRouter's /api/v1, a chat-only server, OpenAI's params).
import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createMockProvider, type MockProvider } from "../../src/mock-provider/server.js";

let mock: MockProvider;
const read = { name: "Read", input: { file_path: "/w/notes.txt" } };

beforeAll(async () => {
  mock = await createMockProvider({ toolUse: read });
});
beforeEach(() => mock.reset());
afterAll(() => mock.close());

describe("a scripted tool call, then the text quoting the result", () => {
  it("Anthropic Messages, streaming: a tool_use block with the input as JSON deltas, then text", async () => {
    const client = new Anthropic({ apiKey: "k", baseURL: mock.url, maxRetries: 0 });
    const tools = [{ name: "Read", description: "reads", input_schema: { type: "object" as const, properties: {} } }];
    const messages: Anthropic.MessageParam[] = [{ role: "user", content: "read it" }];
    const first = await client.messages.stream({ model: "claude-x", max_tokens: 64, tools, messages }).finalMessage();
    expect(first.stop_reason).toBe("tool_use");
    const use = first.content[0] as Anthropic.ToolUseBlock;
    expect(use).toMatchObject({ type: "tool_use", name: "Read", input: read.input });
    messages.push({ role: "assistant", content: first.content }, { role: "user", content: [{ type: "tool_result", tool_use_id: use.id, content: "PAPAYA-42" }] });
    const second = await client.messages.stream({ model: "claude-x", max_tokens: 64, tools, messages }).finalMessage();
    expect(second.stop_reason).toBe("end_turn");
    expect(second.content[0]).toMatchObject({ type: "text", text: "Hello from mock-anthropic (model claude-x). Tool result: PAPAYA-42" });
  });

  it("a request that offers no such tool gets the plain text", async () => {
    const client = new Anthropic({ apiKey: "k", baseURL: mock.url, maxRetries: 0 });
    const message = await client.messages.create({ model: "claude-x", max_tokens: 64, messages: [{ role: "user", content: "hi" }] });
    expect(message.content).toEqual([{ type: "text", text: "Hello from mock-anthropic (model claude-x)" }]);
  });

  it("chat completions, streaming: tool_calls deltas (id and name first, arguments in pieces), finish_reason tool_calls", async () => {
    const client = new OpenAI({ apiKey: "k", baseURL: `${mock.url}/v1`, maxRetries: 0 });
    const tools: OpenAI.ChatCompletionTool[] = [{ type: "function", function: { name: "Read", parameters: { type: "object", properties: {} } } }];
    const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: "user", content: "read it" }];
    const stream = await client.chat.completions.create({ model: "gpt-x", messages, tools, stream: true });
    let args = "";
    let id = "";
    let finish = "";
    for await (const chunk of stream) {
      const call = chunk.choices[0]?.delta.tool_calls?.[0];
      if (call?.id) id = call.id;
      args += call?.function?.arguments ?? "";
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    expect(JSON.parse(args)).toEqual(read.input);
    expect(finish).toBe("tool_calls");
    messages.push({ role: "assistant", content: null, tool_calls: [{ id, type: "function", function: { name: "Read", arguments: args } }] }, { role: "tool", tool_call_id: id, content: "PAPAYA-42" });
    const done = await client.chat.completions.create({ model: "gpt-x", messages, tools });
    expect(done.choices[0]?.message.content).toBe("Hello from mock-openai (model gpt-x). Tool result: PAPAYA-42");
  });

  it("Responses API: a function_call item, then a message once a function_call_output comes back", async () => {
    const client = new OpenAI({ apiKey: "k", baseURL: `${mock.url}/v1`, maxRetries: 0 });
    const tools: OpenAI.Responses.Tool[] = [{ type: "function", name: "Read", parameters: { type: "object", properties: {} }, strict: false }];
    const first = await client.responses.create({ model: "gpt-x", input: "read it", tools });
    const call = first.output[0] as OpenAI.Responses.ResponseFunctionToolCall;
    expect(call).toMatchObject({ type: "function_call", name: "Read" });
    expect(JSON.parse(call.arguments)).toEqual(read.input);
    const input: OpenAI.Responses.ResponseInput = [{ role: "user", content: "read it" }, call, { type: "function_call_output", call_id: call.call_id, output: "PAPAYA-42" }];
    const second = await client.responses.create({ model: "gpt-x", input, tools, stream: true });
    let text = "";
    for await (const event of second) if (event.type === "response.output_text.delta") text += event.delta;
    expect(text).toBe("Hello from mock-openai (model gpt-x). Tool result: PAPAYA-42");
  });
});

describe("the providers' paths and strictness", () => {
  it("DeepSeek's /anthropic/v1/messages and OpenRouter's /api/v1/chat/completions", async () => {
    const deepseek = new Anthropic({ apiKey: "k", baseURL: `${mock.url}/anthropic`, maxRetries: 0 });
    await deepseek.messages.create({ model: "deepseek-chat", max_tokens: 8, messages: [{ role: "user", content: "hi" }] });
    const openrouter = new OpenAI({ apiKey: "k", baseURL: `${mock.url}/api/v1`, maxRetries: 0 });
    await openrouter.chat.completions.create({ model: "qwen/qwen3-coder", messages: [{ role: "user", content: "hi" }] });
    expect(mock.requests.map((r) => [r.api, r.path])).toEqual([["anthropic", "/anthropic/v1/messages"], ["openai", "/api/v1/chat/completions"]]);
  });

  it("missing routes answer 404 as llama.cpp's server does", async () => {
    const chatOnly = await createMockProvider({ missing: ["/responses"] });
    try {
      const res = await fetch(`${chatOnly.url}/v1/responses`, { method: "POST", body: JSON.stringify({ model: "m", input: "hi" }) });
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ error: { code: 404, message: "File Not Found", type: "not_found_error" } });
      const ok = await fetch(`${chatOnly.url}/v1/chat/completions`, { method: "POST", body: JSON.stringify({ model: "m", messages: [] }) });
      expect(ok.status).toBe(200);
    } finally {
      await chatOnly.close();
    }
  });

  it("strictParams: an unknown top-level parameter is a 400 naming it, as api.openai.com answers", async () => {
    const strict = await createMockProvider({ strictParams: true });
    try {
      const res = await fetch(`${strict.url}/v1/chat/completions`, { method: "POST", body: JSON.stringify({ model: "m", messages: [], thinking: { type: "enabled" } }) });
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ error: { message: "Unrecognized request argument supplied: thinking", type: "invalid_request_error", param: null, code: null } });
    } finally {
      await strict.close();
    }
  });
});
