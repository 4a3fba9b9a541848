// OpenAI /v1/chat/completions and the legacy /v1/completions, JSON and SSE (`data: [DONE]`), tool calls included.
import { sendJson } from "./http.js";
import { newId, splitText, unixSeconds } from "./reply.js";
import { listOf, textOf, type Conversation, type Reply } from "./script.js";
import type { Exchange } from "./types.js";

/** The request parameters api.openai.com's chat completions define; it answers 400 for any other top-level key. */
const CHAT_PARAMS = new Set([
  "messages", "model", "audio", "frequency_penalty", "function_call", "functions", "logit_bias", "logprobs",
  "max_completion_tokens", "max_tokens", "metadata", "modalities", "n", "parallel_tool_calls", "prediction",
  "presence_penalty", "prompt_cache_key", "prompt_cache_retention", "reasoning_effort", "response_format",
  "safety_identifier", "seed", "service_tier", "stop", "store", "stream", "stream_options", "temperature",
  "tool_choice", "tools", "top_logprobs", "top_p", "user", "verbosity", "web_search_options",
]);

/** Why: LiteLLM's chat-completions providers (OpenAI-compatible servers, OpenRouter, …) and OpenAI clients speak this. */
export async function openaiChat(ex: Exchange): Promise<void> {
  const unknown = ex.options.strictParams ? Object.keys(ex.body).filter((key) => !CHAT_PARAMS.has(key)) : [];
  if (unknown.length > 0) {
    const error = { message: `Unrecognized request argument supplied: ${unknown.join(", ")}`, type: "invalid_request_error", param: null, code: null };
    return sendJson(ex.res, 400, { error });
  }
  const reply = chooseReply(ex);
  const head = { id: newId("chatcmpl-"), created: unixSeconds(), model: ex.model, system_fingerprint: null };
  const finish = reply.kind === "tool" ? "tool_calls" : "stop";
  if (ex.body.stream !== true) {
    const message = reply.kind === "tool"
      ? { role: "assistant", content: null, refusal: null, tool_calls: [toolCall(reply, JSON.stringify(reply.input))] }
      : { role: "assistant", content: reply.text, refusal: null };
    const choice = { index: 0, message, logprobs: null, finish_reason: finish };
    sendJson(ex.res, 200, { ...head, object: "chat.completion", choices: [choice], usage: usage(ex) });
    return;
  }
  const chunk = { ...head, object: "chat.completion.chunk" };
  const deltas = reply.kind === "tool" ? toolDeltas(reply) : textDeltas(reply.text, ex.parts);
  await streamChoices(ex, chunk, [
    ...deltas.map((delta) => ({ index: 0, delta, logprobs: null, finish_reason: null })),
    { index: 0, delta: {}, logprobs: null, finish_reason: finish },
  ]);
}

/** Why: the legacy text-completion route still exists behind LiteLLM's /completions. */
export async function openaiCompletions(ex: Exchange): Promise<void> {
  const head = { id: newId("cmpl-"), object: "text_completion", created: unixSeconds(), model: ex.model };
  if (ex.body.stream !== true) {
    const choice = { text: ex.text, index: 0, logprobs: null, finish_reason: "stop" };
    sendJson(ex.res, 200, { ...head, choices: [choice], usage: usage(ex) });
    return;
  }
  await streamChoices(ex, head, [
    ...ex.parts.map((text) => ({ text, index: 0, logprobs: null, finish_reason: null })),
    { text: "", index: 0, logprobs: null, finish_reason: "stop" },
  ]);
}

/** A forced `tool_choice: {type: "function", function: {name}}` is obeyed; otherwise the test's script decides. */
function chooseReply(ex: Exchange): Reply {
  const choice = ex.body.tool_choice as { type?: unknown; function?: { name?: unknown } } | undefined;
  if (choice?.type === "function" && typeof choice.function?.name === "string") {
    return { kind: "tool", name: choice.function.name, input: {}, id: newId("call_") };
  }
  return ex.plan(conversation(ex.body));
}

/** The function tools offered, and the `role: "tool"` messages sent back. */
export function conversation(body: Record<string, unknown>): Conversation {
  const tools = listOf(body.tools).map((t) => String((t.function as { name?: unknown } | undefined)?.name ?? t.name));
  const toolResults = listOf(body.messages).filter((m) => m.role === "tool").map((m) => textOf(m.content));
  return { tools, toolResults };
}

function toolCall(reply: Extract<Reply, { kind: "tool" }>, args: string) {
  return { id: reply.id, type: "function", function: { name: reply.name, arguments: args } };
}

function textDeltas(text: string, parts: string[]): object[] {
  const pieces = text === parts.join("") ? parts : splitText(text, parts.length);
  return [{ role: "assistant", content: "", refusal: null }, ...pieces.map((content) => ({ content }))];
}

/** As OpenAI streams a call: id, name and empty arguments first, then the arguments in pieces. */
function toolDeltas(reply: Extract<Reply, { kind: "tool" }>): object[] {
  const first = { role: "assistant", content: null, refusal: null, tool_calls: [{ index: 0, ...toolCall(reply, "") }] };
  const args = splitText(JSON.stringify(reply.input), 3).map((piece) => ({ tool_calls: [{ index: 0, function: { arguments: piece } }] }));
  return [first, ...args];
}

/** One chunk per choice, a usage chunk when `stream_options.include_usage`, then `[DONE]`. */
async function streamChoices(ex: Exchange, head: object, choices: object[]): Promise<void> {
  const options = ex.body.stream_options as { include_usage?: unknown } | undefined;
  const withUsage = options?.include_usage === true;
  const sse = ex.openSse();
  for (const choice of choices) {
    await sse.send(undefined, { ...head, choices: [choice], ...(withUsage ? { usage: null } : {}) });
  }
  if (withUsage) await sse.send(undefined, { ...head, choices: [], usage: usage(ex) });
  await sse.send(undefined, "[DONE]");
  sse.end();
}

/** As api.openai.com reports it: prompt_tokens includes the cached ones, which the details break out. */
function usage(ex: Exchange): object {
  const total = ex.inputTokens + ex.outputTokens;
  return {
    prompt_tokens: ex.inputTokens,
    completion_tokens: ex.outputTokens,
    total_tokens: total,
    prompt_tokens_details: { cached_tokens: ex.cached.read, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  };
}
