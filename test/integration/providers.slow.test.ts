// Claude Code on other providers, with the real CLI (the pinned 2.1.332, isolated HOME, offline env): one stack, one
// mock per provider speaking that provider's wire format as the README's recipes configure it, a plain answer and a
// Read tool round trip (tool call → Claude Code reads the file → tool result → final text, streaming) for each; the
// official Anthropic SDK against an OpenAI-compatible server; a 404 for the URL that reaches Claude Code as a 502 that
// names the fix; and no provider traffic beyond the requests the tests make (no GET /v1/models at start).
//
// What LiteLLM 1.108.7 sent for Claude Code's /v1/messages, as observed here:
// - openai/ (api: responses):  POST {api_base}/responses, Bearer key; fields model, input, include, instructions,
//   max_output_tokens, reasoning, stream, tools, user, prompt_cache_key.
// - openai/ at a server (chat): hosted_vllm/ → POST {api_base}/chat/completions; model, messages, stream,
//   stream_options, max_tokens, reasoning_effort, prompt_cache_key, tools — all OpenAI chat parameters.
// - gemini/: POST {api_base}/models/{model}:streamGenerateContent?alt=sse, x-goog-api-key; contents,
//   system_instruction, tools (function_declarations, schemas cleaned to Gemini's subset), generationConfig
//   (max_output_tokens, thinkingConfig {thinkingBudget, includeThoughts}). With cache_control left in, LiteLLM first
//   called the context-caching API, which with a custom api_base is GET {api_base}/models/{model}:cachedContents (404).
// - ollama_chat/: POST {api_base}/api/chat (NDJSON); model, messages, options {num_predict}, stream, tools; `think`
//   only without our additional_drop_params (Ollama then refuses models that cannot think).
// - deepseek/: POST {api_base}/anthropic/v1/messages, x-api-key: Anthropic Messages, untranslated (context_management
//   included).
// - openrouter/: POST {api_base}/chat/completions, Bearer key, plus OpenRouter's `usage` and its http-referer/x-title.
import Anthropic from "@anthropic-ai/sdk";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { createMockProvider, type MockProvider, type RecordedRequest } from "../../src/mock-provider/server.js";
import { parse } from "yaml";
import { wireRoute } from "../../src/providers/wire-api.js";
import { claudeAuth, runClaude, type ClaudeRunResult } from "../support/claude-cli.js";
import { bootProxy, MOCK_KEY, type ProxyUnderTest } from "../support/proxy-stack.js";
import { readmeYamlBlocks } from "../support/readme.js";
import { tempDir } from "../support/temp-dir.js";

const KEY = "os.environ/MOCK_KEY";
const SECRET = "PAPAYA-42";
let proxy: ProxyUnderTest;
let work: string;
const mocks: Record<string, MockProvider> = {};
/** Every request any mock saw, over the whole file (mocks are reset between tests). */
const everything: { mock: string; request: RecordedRequest }[] = [];

/** The README's "Other providers" recipes as written (model string, prefix, key variable), each recipe's target pointed
 * at its mock: api_base replaced, api_key the mocks' key. A recipe without api_base (OpenAI's own endpoint) keeps the
 * API it gets there by saying so, since the mock's URL is not OpenAI's. */
function readmeRecipes(): Record<string, Record<string, unknown>> {
  const recipes: Record<string, Record<string, unknown>> = {};
  for (const block of readmeYamlBlocks().filter((b) => b.ccproxy && b.headings[0] === "Other providers")) {
    const doc = parse(block.text) as { targets: Record<string, { model: string; api_key?: string }>; default?: { label?: string } };
    const label = doc.default?.label ?? "default";
    if (label === "default") continue; // the mixing example
    const target = doc.targets[label]!;
    const route = wireRoute(target);
    recipes[label] = { ...target, ...(target.api_key ? { api_key: KEY } : {}), ...(target.model.startsWith("openai/") ? { api: route.api } : {}) };
  }
  return recipes;
}

/** Where each recipe's mock listens, as the provider's api_base would be written. */
function mockBase(label: string, openaiBase: string): string {
  const bases: Record<string, () => string> = {
    gpt: () => openaiBase,
    local: () => `${mocks.local!.url}/v1`,
    ollama: () => mocks.ollama!.url,
    gemini: () => `${mocks.gemini!.url}/v1beta`,
    deepseek: () => mocks.deepseek!.url,
    openrouter: () => `${mocks.openrouter!.url}/api/v1`,
  };
  return bases[label]!();
}

function targets(openaiBase: string): Record<string, Record<string, unknown>> {
  const fromReadme = Object.fromEntries(Object.entries(readmeRecipes()).map(([label, t]) => [label, { ...t, api_base: mockBase(label, openaiBase) }]));
  return {
    ...fromReadme,
    // the older Gemini rules (no call ids, v1beta) beside the recipe's Gemini 3 class model
    gemini25: { model: "gemini/gemini-2.5-pro", api_key: KEY, api_base: `${mocks.gemini!.url}/v1beta` },
    // the mistake: a chat-only server (llama.cpp) asked for the Responses API
    wrong_api: { model: "openai/qwen3-coder", api_base: `${mocks.local!.url}/v1`, api: "responses" },
  };
}

beforeAll(async () => {
  mocks.local = await createMockProvider({ missing: ["/responses"], strictParams: true }); // llama.cpp, but as picky as OpenAI
  mocks.ollama = await createMockProvider({ models: ["qwen3-coder"] });
  mocks.gemini = await createMockProvider();
  mocks.deepseek = await createMockProvider();
  mocks.openrouter = await createMockProvider();
  work = tempDir("ccp-work-");
  writeFileSync(join(work, "notes.txt"), `The magic word is ${SECRET}.\n`);
  proxy = await bootProxy((doc) => {
    const added = targets(doc.targets.think.api_base); // bootProxy's OpenAI mock, /v1
    doc.targets = { ...doc.targets, ...added };
    const rules = Object.keys(added).map((label) => ({ name: `to-${label}`, kind: "model", glob: `ccp-${label}`, to: label }));
    // what a user moving Opus to Gemini writes: Claude Code keeps asking for its own model
    doc.rules = [...rules, { name: "opus-to-gemini", kind: "model", contains: "opus", to: "gemini" }, ...doc.rules];
  });
  mocks.openai = proxy.openai;
  mocks.anthropic = proxy.anthropic;
  record();
}, 150_000);
afterEach(() => {
  record();
  for (const mock of Object.values(mocks)) mock.reset();
});
afterAll(async () => {
  await proxy?.close();
  await Promise.all(["local", "ollama", "gemini", "deepseek", "openrouter"].map((name) => mocks[name]?.close()));
});

function record(): void {
  for (const [mock, m] of Object.entries(mocks)) for (const request of m.requests) everything.push({ mock, request });
}

const READ = () => ({ name: "Read", input: { file_path: join(work, "notes.txt") } });

/** One real CLI run; `tool` scripts every mock to call Read first (and lets Claude Code run it). */
async function claude(model: string | undefined, tool: boolean): Promise<ClaudeRunResult> {
  for (const mock of Object.values(mocks)) mock.setToolUse(tool ? READ() : undefined);
  const args = [...(model ? ["--model", model] : []), ...(tool ? ["--max-turns", "3", "--allowedTools", "Read"] : [])];
  const prompt = tool ? "Read notes.txt and tell me the magic word." : "Say hello.";
  return runClaude({ prompt, baseUrl: proxy.stack.url, env: claudeAuth.authToken(proxy.stack.masterKey!), args, cwd: work });
}

function explain(run: ClaudeRunResult, mock: MockProvider): string {
  const upstream = mock.requests.map((r) => `${r.method} ${r.path} ${r.model}`);
  return JSON.stringify({ exit: run.exitCode, timedOut: run.timedOut, result: run.json?.result, upstream, stderr: run.stderr.slice(-1500) }, null, 1);
}

const body = (r: RecordedRequest) => r.body as Record<string, any>;

/** Per recipe: the mock, the path LiteLLM posts to, the model it names, how the key travels. */
const PROVIDERS = [
  { label: "gpt", mock: "openai", api: "openai", path: "/v1/responses", model: "gpt-5.5", auth: (h: Record<string, string>) => h.authorization === `Bearer ${MOCK_KEY}` },
  { label: "local", mock: "local", api: "openai", path: "/v1/chat/completions", model: "qwen3-coder", auth: (h: Record<string, string>) => !JSON.stringify(h).includes(MOCK_KEY) },
  { label: "ollama", mock: "ollama", api: "ollama", path: "/api/chat", model: "qwen3-coder", auth: () => true },
  { label: "gemini", mock: "gemini", api: "gemini", path: "/v1beta/models/gemini-pro-latest:streamGenerateContent", model: "gemini-pro-latest", auth: (h: Record<string, string>) => h["x-goog-api-key"] === MOCK_KEY },
  { label: "gemini25", mock: "gemini", api: "gemini", path: "/v1beta/models/gemini-2.5-pro:streamGenerateContent", model: "gemini-2.5-pro", auth: (h: Record<string, string>) => h["x-goog-api-key"] === MOCK_KEY },
  { label: "deepseek", mock: "deepseek", api: "anthropic", path: "/anthropic/v1/messages", model: "deepseek-chat", auth: (h: Record<string, string>) => h["x-api-key"] === MOCK_KEY },
  { label: "openrouter", mock: "openrouter", api: "openai", path: "/api/v1/chat/completions", model: "qwen/qwen3-coder", auth: (h: Record<string, string>) => h.authorization === `Bearer ${MOCK_KEY}` },
] as const;

test("every README recipe is exercised here", () => {
  expect(Object.keys(readmeRecipes()).sort()).toEqual(PROVIDERS.map((p) => p.label).filter((l) => l !== "gemini25").sort());
});

describe("the real Claude Code CLI on each provider's wire format", () => {
  test.each(PROVIDERS)("$label: a plain answer, streamed over $path", async ({ label, mock: name, api, path, model, auth }) => {
    const mock = mocks[name]!;
    const run = await claude(`ccp-${label}`, false);
    const why = explain(run, mock);
    expect(run.exitCode, why).toBe(0);
    expect(run.json, why).toMatchObject({ type: "result", is_error: false, result: `Hello from mock-${api} (model ${model})` });
    expect(run.egress).toEqual([]);
    expect(mock.requests, why).toHaveLength(1);
    const [upstream] = mock.requests;
    expect(upstream).toMatchObject({ method: "POST", path, model, stream: true });
    expect(auth(upstream!.headers), JSON.stringify(upstream!.headers)).toBe(true);
    expect(JSON.stringify(upstream!.headers)).not.toContain(proxy.stack.masterKey!);
    expect(mocks.anthropic!.requests.filter((r) => r.path !== "/anthropic/v1/messages")).toEqual([]);
  });

  test.each(PROVIDERS)("$label: a Read tool round trip — tool call, Claude Code reads the file, the result comes back", async ({ label, mock: name }) => {
    const mock = mocks[name]!;
    const run = await claude(`ccp-${label}`, true);
    const why = explain(run, mock);
    expect(run.exitCode, why).toBe(0);
    expect(run.json?.is_error, why).toBe(false);
    expect(run.json?.num_turns, why).toBe(2);
    // the mock quotes the tool result it got back: Claude Code really read the file through the translated call
    expect(run.json?.result, why).toContain(`Tool result: `);
    expect(run.json?.result, why).toContain(SECRET);
    expect(mock.requests.map((r) => r.stream), why).toEqual([true, true]);
  });
});

describe("what does not carry over, handled", () => {
  test("Claude Code's own Opus request sent to Gemini: no cache_control (no context-caching calls), max tokens within Gemini's limit", async () => {
    const run = await claude(undefined, false);
    const why = explain(run, mocks.gemini!);
    expect(run.exitCode, why).toBe(0);
    expect(run.json?.result).toBe("Hello from mock-gemini (model gemini-pro-latest)");
    expect(mocks.gemini!.requests.map((r) => `${r.method} ${r.path}`)).toEqual(["POST /v1beta/models/gemini-pro-latest:streamGenerateContent"]);
    const sent = body(mocks.gemini!.requests[0]!);
    expect(JSON.stringify(sent)).not.toContain("cache_control");
    // Claude Code asks 128000 for Opus; LiteLLM's model map gives gemini-pro-latest 65536
    expect(sent.generationConfig.max_output_tokens ?? sent.generationConfig.maxOutputTokens).toBeLessThanOrEqual(65_536);
    expect(sent.generationConfig.thinkingConfig).toMatchObject({ includeThoughts: true });
  });

  test("Ollama gets no `think` (it refuses models that cannot think) and DeepSeek's output limit is kept", async () => {
    await claude("ccp-ollama", false);
    expect(body(mocks.ollama!.requests[0]!)).not.toHaveProperty("think");
    await claude("ccp-deepseek", false);
    expect(body(mocks.deepseek!.requests[0]!).max_tokens).toBeLessThanOrEqual(8192);
  });
});

describe("errors that point at the fix", () => {
  test("a chat-only server asked for the Responses API: Claude Code gets a 502 naming the target, the URL and `api: chat`, not a 404", async () => {
    const run = await claude("ccp-wrong_api", false);
    expect(run.exitCode).not.toBe(0);
    expect(mocks.local!.requests.every((r) => r.path === "/v1/responses")).toBe(true);
    expect(run.json?.api_error_status).toBe(502);
    const result = String(run.json?.result);
    expect(result).not.toMatch(/issue with the selected model/);
    expect(result).toContain(`target wrong_api (openai/qwen3-coder, OpenAI Responses API): POST ${mocks.local!.url}/v1/responses answered HTTP 404`);
    expect(result).toContain("set `api: chat` on targets.wrong_api in ccproxy.yaml");
  });
});

describe("the official Anthropic SDK against an OpenAI-compatible server", () => {
  const client = () => new Anthropic({ baseURL: proxy.stack.url, apiKey: proxy.stack.masterKey, maxRetries: 0 });
  const tools: Anthropic.Tool[] = [{ name: "Read", description: "Read a file", input_schema: { type: "object", properties: { file_path: { type: "string" } } } }];

  test("messages.create: translated to chat completions and back", async () => {
    const message = await client().messages.create({ model: "ccp-local", max_tokens: 256, messages: [{ role: "user", content: "hi" }] });
    expect(message).toMatchObject({ type: "message", role: "assistant", stop_reason: "end_turn", content: [{ type: "text", text: "Hello from mock-openai (model qwen3-coder)" }] });
    expect(mocks.local!.requests).toMatchObject([{ path: "/v1/chat/completions", stream: false }]);
  });

  test("messages.stream with a tool round trip: tool_use streamed, tool_result sent back, final text", async () => {
    mocks.local!.setToolUse(READ());
    const messages: Anthropic.MessageParam[] = [{ role: "user", content: "read notes.txt" }];
    const first = await client().messages.stream({ model: "ccp-local", max_tokens: 256, tools, messages }).finalMessage();
    expect(first.stop_reason).toBe("tool_use");
    const use = first.content.find((b): b is Anthropic.ToolUseBlock => b.type === "tool_use")!;
    expect(use).toMatchObject({ name: "Read", input: READ().input });
    messages.push({ role: "assistant", content: first.content }, { role: "user", content: [{ type: "tool_result", tool_use_id: use.id, content: SECRET }] });
    const events: string[] = [];
    const stream = client().messages.stream({ model: "ccp-local", max_tokens: 256, tools, messages });
    stream.on("streamEvent", (event) => events.push(event.type));
    const second = await stream.finalMessage();
    expect(events[0]).toBe("message_start");
    expect(events.at(-1)).toBe("message_stop");
    expect(second.content).toEqual([{ type: "text", text: `Hello from mock-openai (model qwen3-coder). Tool result: ${SECRET}` }]);
    expect(mocks.local!.requests.map((r) => [r.path, r.stream])).toEqual([["/v1/chat/completions", true], ["/v1/chat/completions", true]]);
  });
});

describe("start-up and background traffic", () => {
  // Runs last: by now the stack has been up for the whole file.
  test("no provider saw a request the tests did not make: no GET /v1/models, no cache or model-info calls", () => {
    const other = everything.filter(({ request }) => request.method !== "POST");
    expect(other.map(({ mock, request }) => `${mock}: ${request.method} ${request.path}`)).toEqual([]);
    const paths = new Set(everything.map(({ request }) => request.path.replace(/\/models\/[^/:]+:/, "/models/*:")));
    expect([...paths].sort()).toEqual([
      "/anthropic/v1/messages", "/api/chat", "/api/v1/chat/completions", "/v1/chat/completions", "/v1/responses",
      "/v1beta/models/*:streamGenerateContent",
    ]);
  });
});
