// OpenAI /v1/responses: what LiteLLM calls for /v1/messages sent to an openai/ target (JSON and SSE).
import { sendJson } from "./http.js";
import { newId, splitText, unixSeconds } from "./reply.js";
import { listOf, textOf, type Conversation } from "./script.js";
import type { Exchange } from "./types.js";

type Send = (type: string, fields: object) => Promise<void>;

/** Why: LiteLLM translates Anthropic /v1/messages to this API for openai/ targets by default. */
export async function openaiResponses(ex: Exchange): Promise<void> {
  const item = outputItem(ex);
  const done = response(ex, [item]);
  if (ex.body.stream !== true) {
    sendJson(ex.res, 200, done);
    return;
  }
  const sse = ex.openSse();
  let sequence = 0;
  const send: Send = (type, fields) => sse.send(type, { type, sequence_number: sequence++, ...fields });
  const pending = { ...done, status: "in_progress", output: [], usage: null };
  await send("response.created", { response: pending });
  await send("response.in_progress", { response: pending });
  const text = item.type === "message" ? item.content[0].text : "";
  const deltas = text === ex.parts.join("") ? ex.parts : splitText(text, ex.parts.length);
  await (item.type === "message" ? streamMessage(send, item, deltas) : streamFunction(send, item));
  await send("response.output_item.done", { output_index: 0, item });
  await send("response.completed", { response: done });
  sse.end();
}

async function streamMessage(send: Send, item: MessageItem, deltas: string[]): Promise<void> {
  const at = { item_id: item.id, output_index: 0, content_index: 0 };
  const [part] = item.content;
  await send("response.output_item.added", { output_index: 0, item: { ...item, status: "in_progress", content: [] } });
  await send("response.content_part.added", { ...at, part: { ...part, text: "" } });
  for (const delta of deltas) await send("response.output_text.delta", { ...at, delta, logprobs: [] });
  await send("response.output_text.done", { ...at, text: part.text, logprobs: [] });
  await send("response.content_part.done", { ...at, part });
}

async function streamFunction(send: Send, item: FunctionItem): Promise<void> {
  const at = { item_id: item.id, output_index: 0 };
  await send("response.output_item.added", { output_index: 0, item: { ...item, status: "in_progress", arguments: "" } });
  await send("response.function_call_arguments.delta", { ...at, delta: item.arguments });
  await send("response.function_call_arguments.done", { ...at, arguments: item.arguments });
}

type MessageItem = ReturnType<typeof messageItem>;
type FunctionItem = ReturnType<typeof functionItem>;

function messageItem(text: string) {
  const part = { type: "output_text", text, annotations: [], logprobs: [] };
  return { id: newId("msg_"), type: "message" as const, status: "completed", role: "assistant", content: [part] as [typeof part] };
}

function functionItem(name: string, input: Record<string, unknown> = {}, callId = newId("call_")) {
  return { id: newId("fc_"), type: "function_call" as const, status: "completed", call_id: callId, name, arguments: JSON.stringify(input) };
}

/** A forced function is obeyed; otherwise the test's script decides between a function call and the text. */
function outputItem(ex: Exchange): MessageItem | FunctionItem {
  const forced = forcedFunction(ex.body);
  if (forced !== undefined) return functionItem(forced);
  const reply = ex.plan(conversation(ex.body));
  return reply.kind === "tool" ? functionItem(reply.name, reply.input, reply.id) : messageItem(reply.text);
}

/** The function tools offered, and the `function_call_output` items sent back. */
function conversation(body: Record<string, unknown>): Conversation {
  const tools = listOf(body.tools).filter((t) => t.type === "function").map((t) => String(t.name));
  const toolResults = listOf(body.input).filter((i) => i.type === "function_call_output").map((i) => textOf(i.output));
  return { tools, toolResults };
}

/** A forced `tool_choice: {type: "function", name}` (what LiteLLM sends for a forced Anthropic tool). */
function forcedFunction(body: Record<string, unknown>): string | undefined {
  const choice = body.tool_choice as { type?: unknown; name?: unknown } | undefined;
  return choice?.type === "function" && typeof choice.name === "string" ? choice.name : undefined;
}

/** The Response object; LiteLLM requires `created_at` and validates `usage` as ResponseAPIUsage. */
function response(ex: Exchange, output: object[]): Record<string, unknown> {
  const { body } = ex;
  return {
    id: newId("resp_"),
    object: "response",
    created_at: unixSeconds(),
    status: "completed",
    error: null,
    incomplete_details: null,
    instructions: body.instructions ?? null,
    max_output_tokens: body.max_output_tokens ?? null,
    model: ex.model,
    output,
    parallel_tool_calls: true,
    previous_response_id: null,
    reasoning: { effort: null, summary: null },
    store: body.store ?? false,
    temperature: body.temperature ?? 1,
    text: body.text ?? { format: { type: "text" } },
    tool_choice: body.tool_choice ?? "auto",
    tools: body.tools ?? [],
    top_p: body.top_p ?? 1,
    truncation: "disabled",
    usage: {
      input_tokens: ex.inputTokens,
      input_tokens_details: { cached_tokens: ex.cached.read },
      output_tokens: ex.outputTokens,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: ex.inputTokens + ex.outputTokens,
    },
    user: null,
    metadata: {},
  };
}
