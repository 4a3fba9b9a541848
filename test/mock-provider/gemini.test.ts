// The Gemini mock speaks Google's generateContent wire format and is as strict as the real API about the payload.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createMockProvider, type MockProvider } from "../../src/mock-provider/server.js";
import { parseSse } from "../support/sse.js";

let mock: MockProvider;
const KEY = { "x-goog-api-key": "AIza-fake", "content-type": "application/json" };
const hello = { contents: [{ role: "user", parts: [{ text: "hi" }] }] };

beforeAll(async () => {
  mock = await createMockProvider({ chunks: 3 });
});
beforeEach(() => mock.reset());
afterAll(() => mock.close());

async function call(model: string, method: string, body: unknown, query = "", headers: Record<string, string> = KEY) {
  const res = await fetch(`${mock.url}/v1beta/models/${model}:${method}${query}`, { method: "POST", headers, body: JSON.stringify(body) });
  return { res, text: await res.text() };
}

describe("generateContent", () => {
  it("answers with one candidate, finishReason STOP and usageMetadata; records the model from the path", async () => {
    const { res, text } = await call("gemini-2.5-pro", "generateContent", { ...hello, generationConfig: { maxOutputTokens: 64 } });
    expect(res.status).toBe(200);
    const json = JSON.parse(text);
    expect(json.candidates).toEqual([{ content: { parts: [{ text: "Hello from mock-gemini (model gemini-2.5-pro)" }], role: "model" }, finishReason: "STOP", index: 0 }]);
    expect(json.usageMetadata.totalTokenCount).toBe(json.usageMetadata.promptTokenCount + json.usageMetadata.candidatesTokenCount);
    expect(json.modelVersion).toBe("gemini-2.5-pro");
    expect(mock.requests[0]).toMatchObject({ api: "gemini", model: "gemini-2.5-pro", stream: false, path: "/v1beta/models/gemini-2.5-pro:generateContent" });
  });

  it("streamGenerateContent?alt=sse: CRLF-separated data events, the last with finishReason and full usage", async () => {
    const { res, text } = await call("gemini-2.5-pro", "streamGenerateContent", hello, "?alt=sse");
    expect(res.headers.get("content-type")).toBe("text/event-stream");
    expect(text).toMatch(/^data: \{.*\}\r\n\r\ndata: /);
    const events = parseSse(text).map((e) => e.data as any);
    expect(events).toHaveLength(3);
    expect(events.map((e) => e.candidates[0].content.parts[0].text).join("")).toBe("Hello from mock-gemini (model gemini-2.5-pro)");
    expect(events.slice(0, -1).every((e) => e.candidates[0].finishReason === undefined)).toBe(true);
    expect(events.at(-1).candidates[0].finishReason).toBe("STOP");
    expect(events.at(-1).usageMetadata.candidatesTokenCount).toBeGreaterThan(0);
    expect(mock.requests[0]).toMatchObject({ stream: true, query: { alt: "sse" } });
  });

  it("streamGenerateContent without alt=sse answers one JSON array", async () => {
    const { text } = await call("gemini-2.5-pro", "streamGenerateContent", hello);
    expect(JSON.parse(text)).toHaveLength(3);
  });

  it("thought summaries when thinkingConfig.includeThoughts, marked thought: true", async () => {
    const { text } = await call("gemini-2.5-pro", "generateContent", { ...hello, generationConfig: { thinkingConfig: { includeThoughts: true, thinkingBudget: 1024 } } });
    const json = JSON.parse(text);
    expect(json.candidates[0].content.parts[0]).toMatchObject({ thought: true });
    expect(json.usageMetadata.thoughtsTokenCount).toBeGreaterThan(0);
  });

  it("accepts snake_case field names as protobuf JSON does", async () => {
    const { res } = await call("gemini-2.5-pro", "generateContent", { ...hello, system_instruction: { parts: [{ text: "be brief" }] }, generation_config: { max_output_tokens: 9 } });
    expect(res.status).toBe(200);
  });

  it("countTokens and the models list", async () => {
    expect(JSON.parse((await call("gemini-2.5-pro", "countTokens", hello)).text).totalTokens).toBeGreaterThan(0);
    const list = await (await fetch(`${mock.url}/v1beta/models`, { headers: KEY })).json();
    expect(list.models[0]).toMatchObject({ name: "models/claude-mock", supportedGenerationMethods: expect.arrayContaining(["generateContent"]) });
  });
});

describe("as strict as the real API", () => {
  it("an unknown field anywhere is a 400 INVALID_ARGUMENT naming it and where", async () => {
    const body = {
      ...hello,
      tools: [{ functionDeclarations: [{ name: "Read", parameters: { type: "object", additionalProperties: false, properties: { p: { type: "string", $schema: "x" } } } }] }],
      generationConfig: { thinking: { type: "enabled" } },
    };
    const { res, text } = await call("gemini-2.5-pro", "generateContent", body);
    expect(res.status).toBe(400);
    const { error } = JSON.parse(text);
    expect(error).toMatchObject({ code: 400, status: "INVALID_ARGUMENT" });
    expect(error.message.split("\n")).toEqual([
      `Invalid JSON payload received. Unknown name "additionalProperties" at 'tools[0].function_declarations[0].parameters': Cannot find field.`,
      `Invalid JSON payload received. Unknown name "$schema" at 'tools[0].function_declarations[0].parameters.properties["p"].value': Cannot find field.`,
      `Invalid JSON payload received. Unknown name "thinking" at 'generation_config': Cannot find field.`,
    ]);
    expect(error.details[0].fieldViolations[0].field).toBe("tools[0].function_declarations[0].parameters");
  });

  it("empty parts and roles other than user/model are rejected", async () => {
    expect((await call("gemini-2.5-pro", "generateContent", { contents: [{ role: "user", parts: [] }] })).res.status).toBe(400);
    const { res, text } = await call("gemini-2.5-pro", "generateContent", { contents: [{ role: "system", parts: [{ text: "x" }] }] });
    expect(res.status).toBe(400);
    expect(JSON.parse(text).error.message).toBe("Please use a valid role: user, model.");
  });

  it("functionCall.id only from Gemini 3 on", async () => {
    const history = (id: boolean) => ({
      contents: [
        { role: "user", parts: [{ text: "read it" }] },
        { role: "model", parts: [{ functionCall: { name: "Read", args: {}, ...(id ? { id: "c1" } : {}) }, thoughtSignature: "sig" }] },
        { role: "user", parts: [{ functionResponse: { name: "Read", response: { content: "x" }, ...(id ? { id: "c1" } : {}) } }] },
      ],
    });
    expect((await call("gemini-2.5-pro", "generateContent", history(true))).res.status).toBe(400);
    expect((await call("gemini-2.5-pro", "generateContent", history(false))).res.status).toBe(200);
    expect((await call("gemini-3.1-pro-preview", "generateContent", history(true))).res.status).toBe(200);
  });

  it("Gemini 3: a function call of the current turn without its thoughtSignature is a 400", async () => {
    const body = {
      contents: [
        { role: "user", parts: [{ text: "read it" }] },
        { role: "model", parts: [{ functionCall: { name: "Read", args: {} } }] },
        { role: "user", parts: [{ functionResponse: { name: "Read", response: { content: "x" } } }] },
      ],
    };
    const { res, text } = await call("gemini-pro-latest", "generateContent", body);
    expect(res.status).toBe(400);
    expect(JSON.parse(text).error.message).toMatch(/^Function call is missing a thought_signature in functionCall parts\..*`default_api:Read` , position 2\./);
    expect((await call("gemini-2.5-pro", "generateContent", body)).res.status).toBe(200);
  });

  it("no key: 403 PERMISSION_DENIED; ?key= works like the header", async () => {
    const { res, text } = await call("gemini-2.5-pro", "generateContent", hello, "", { "content-type": "application/json" });
    expect(res.status).toBe(403);
    expect(JSON.parse(text).error.status).toBe("PERMISSION_DENIED");
    expect((await call("gemini-2.5-pro", "generateContent", hello, "?key=AIza-fake", {})).res.status).toBe(200);
  });

  it("status faults answer in Google's envelope", async () => {
    mock.setFault({ kind: "status", status: 429 });
    const { res, text } = await call("gemini-2.5-pro", "generateContent", hello);
    expect(res.status).toBe(429);
    expect(JSON.parse(text).error).toMatchObject({ code: 429, status: "RESOURCE_EXHAUSTED" });
  });
});

describe("a scripted tool call", () => {
  const read = { name: "Read", input: { file_path: "/tmp/x/notes.txt" } };
  const tools = [{ functionDeclarations: [{ name: "Read", description: "reads", parameters: { type: "OBJECT", properties: { file_path: { type: "STRING" } }, required: ["file_path"] } }] }];

  it("calls the tool with a thoughtSignature (and, Gemini 3, an id), then quotes its result", async () => {
    mock.setToolUse(read);
    const first = JSON.parse((await call("gemini-3.1-pro-preview", "generateContent", { ...hello, tools })).text);
    const part = first.candidates[0].content.parts[0];
    expect(part.functionCall).toMatchObject({ name: "Read", args: read.input, id: expect.stringMatching(/^call_/) });
    expect(typeof part.thoughtSignature).toBe("string");
    const second = {
      tools,
      contents: [...hello.contents, { role: "model", parts: [part] }, { role: "user", parts: [{ functionResponse: { id: part.functionCall.id, name: "Read", response: { content: "PAPAYA-42" } } }] }],
    };
    const { res, text } = await call("gemini-3.1-pro-preview", "streamGenerateContent", second, "?alt=sse");
    expect(res.status).toBe(200);
    const streamed = parseSse(text).map((e) => (e.data as any).candidates[0].content.parts[0].text).join("");
    expect(streamed).toContain("Tool result: ");
    expect(streamed).toContain("PAPAYA-42");
  });

  it("older models get no id on the call", async () => {
    mock.setToolUse(read);
    const first = JSON.parse((await call("gemini-2.5-flash", "generateContent", { ...hello, tools })).text);
    expect(first.candidates[0].content.parts[0].functionCall.id).toBeUndefined();
  });
});
