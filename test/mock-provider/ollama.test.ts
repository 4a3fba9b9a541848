// The Ollama mock speaks Ollama's native API: NDJSON streaming by default, its error strings, its model endpoints.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createMockProvider, type MockProvider } from "../../src/mock-provider/server.js";

let mock: MockProvider;
const messages = [{ role: "user", content: "hi" }];

beforeAll(async () => {
  mock = await createMockProvider({ chunks: 3, models: ["qwen2.5-coder", "qwen3:8b"] });
});
beforeEach(() => mock.reset());
afterAll(() => mock.close());

async function chat(body: Record<string, unknown>) {
  const res = await fetch(`${mock.url}/api/chat`, { method: "POST", body: JSON.stringify(body) });
  return { res, text: await res.text() };
}

const lines = (text: string) => text.trim().split("\n").map((l) => JSON.parse(l));

describe("/api/chat", () => {
  it("streams by default: NDJSON lines, then a done line with done_reason and the counts", async () => {
    const { res, text } = await chat({ model: "qwen2.5-coder", messages });
    expect(res.headers.get("content-type")).toBe("application/x-ndjson");
    const out = lines(text);
    expect(out).toHaveLength(4);
    expect(out.slice(0, -1).every((l) => l.done === false && l.message.role === "assistant")).toBe(true);
    expect(out.map((l) => l.message.content).join("")).toBe("Hello from mock-ollama (model qwen2.5-coder)");
    expect(out.at(-1)).toMatchObject({ done: true, done_reason: "stop", message: { content: "" } });
    expect(out.at(-1).prompt_eval_count).toBeGreaterThan(0);
    expect(out.at(-1).eval_count).toBeGreaterThan(0);
    expect(mock.requests[0]).toMatchObject({ api: "ollama", path: "/api/chat", model: "qwen2.5-coder", stream: true });
  });

  it("stream: false answers one JSON object", async () => {
    const { text } = await chat({ model: "qwen2.5-coder", messages, stream: false });
    expect(JSON.parse(text)).toMatchObject({ model: "qwen2.5-coder", done: true, message: { role: "assistant", content: "Hello from mock-ollama (model qwen2.5-coder)" } });
    expect(mock.requests[0]?.stream).toBe(false);
  });

  it("an unknown model is a 404 that says to pull it", async () => {
    const { res, text } = await chat({ model: "llama9", messages });
    expect(res.status).toBe(404);
    expect(JSON.parse(text)).toEqual({ error: 'model "llama9" not found, try pulling it first' });
  });

  it("think: a 400 for a model that cannot think; thinking lines first for one that can", async () => {
    const refused = await chat({ model: "qwen2.5-coder", messages, think: true });
    expect(refused.res.status).toBe(400);
    expect(JSON.parse(refused.text)).toEqual({ error: '"qwen2.5-coder" does not support thinking' });
    expect((await chat({ model: "qwen2.5-coder", messages, think: false })).res.status).toBe(200);
    const { text } = await chat({ model: "qwen3:8b", messages, think: true });
    expect(lines(text)[0].message.thinking).toMatch(/thinking/);
  });

  it("a scripted tool call: tool_calls with object arguments, then the text quoting the tool's result", async () => {
    mock.setToolUse({ name: "Read", input: { file_path: "/w/notes.txt" } });
    const tools = [{ type: "function", function: { name: "Read", parameters: { type: "object", properties: {} } } }];
    const first = lines((await chat({ model: "qwen2.5-coder", messages, tools })).text);
    expect(first[0].message.tool_calls).toEqual([{ function: { name: "Read", arguments: { file_path: "/w/notes.txt" } } }]);
    expect(first.at(-1)).toMatchObject({ done: true, done_reason: "stop" });
    const again = [...messages, first[0].message, { role: "tool", content: "PAPAYA-42", tool_name: "Read" }];
    const second = lines((await chat({ model: "qwen2.5-coder", messages: again, tools })).text);
    expect(second.map((l) => l.message.content).join("")).toContain("Tool result: PAPAYA-42");
  });
});

describe("model endpoints", () => {
  it("/api/tags lists the models with tags, /api/show gives context length and capabilities, /api/version", async () => {
    const tags = await (await fetch(`${mock.url}/api/tags`)).json();
    expect(tags.models.map((m: { name: string }) => m.name)).toEqual(["qwen2.5-coder:latest", "qwen3:8b"]);
    const show = await (await fetch(`${mock.url}/api/show`, { method: "POST", body: JSON.stringify({ model: "qwen3:8b" }) })).json();
    expect(show.capabilities).toEqual(["completion", "tools", "thinking"]);
    expect(show.model_info["qwen2.context_length"]).toBe(32768);
    expect(await (await fetch(`${mock.url}/api/version`)).json()).toEqual({ version: "0.13.0" });
  });
});
