// The Anthropic Messages API: /v1/messages (JSON and SSE), /v1/messages/count_tokens, /v1/models.
import type { ServerResponse } from "node:http";
import { sendJson } from "./http.js";
import { estimateTokens, newId, splitText } from "./reply.js";
import { listOf, textOf, type Conversation } from "./script.js";
import type { Exchange } from "./types.js";

type Block =
  | { type: "thinking"; thinking: string; signature: string }
  | { type: "text"; text: string }
  | { type: "tool_use"; id: string; name: string; input: Record<string, unknown> };

const THINKING = "The mock is thinking about the answer.";

/** Why: Claude Code and LiteLLM speak this route; answer as api.anthropic.com does, streaming or not. */
export async function anthropicMessages(ex: Exchange): Promise<void> {
  const blocks = plan(ex);
  const stopReason = blocks.some((b) => b.type === "tool_use") ? "tool_use" : "end_turn";
  // As api.anthropic.com reports it: input_tokens excludes what the cache read or wrote.
  const usage = {
    input_tokens: ex.inputTokens - ex.cached.read - ex.cached.write,
    cache_creation_input_tokens: ex.cached.write,
    cache_read_input_tokens: ex.cached.read,
    cache_creation: { ephemeral_5m_input_tokens: ex.cached.write, ephemeral_1h_input_tokens: 0 },
    output_tokens: ex.outputTokens,
    service_tier: "standard",
  };
  const message = { id: newId("msg_"), type: "message", role: "assistant", model: ex.model };
  if (ex.body.stream !== true) {
    sendJson(ex.res, 200, { ...message, content: blocks, stop_reason: stopReason, stop_sequence: null, usage });
    return;
  }
  const sse = ex.openSse();
  const start = { ...message, content: [], stop_reason: null, stop_sequence: null, usage: { ...usage, output_tokens: 1 } };
  await sse.send("message_start", { type: "message_start", message: start });
  for (const [index, block] of blocks.entries()) {
    await sse.send("content_block_start", { type: "content_block_start", index, content_block: emptied(block) });
    if (index === 0) await sse.send("ping", { type: "ping" });
    for (const delta of deltas(block, ex.parts)) {
      await sse.send("content_block_delta", { type: "content_block_delta", index, delta });
    }
    await sse.send("content_block_stop", { type: "content_block_stop", index });
  }
  const end = { stop_reason: stopReason, stop_sequence: null };
  // message_delta carries the cumulative counts (input and cache included), as the API has sent since 2025.
  const { input_tokens, cache_creation_input_tokens, cache_read_input_tokens, output_tokens } = usage;
  const cumulative = { input_tokens, cache_creation_input_tokens, cache_read_input_tokens, output_tokens };
  await sse.send("message_delta", { type: "message_delta", delta: end, usage: cumulative });
  await sse.send("message_stop", { type: "message_stop" });
  sse.end();
}

/** Why: count_tokens must answer deterministically (Claude Code calls it) without a model behind it. */
export function anthropicCountTokens(body: Record<string, unknown>, res: ServerResponse): void {
  const { messages, system, tools } = body;
  sendJson(res, 200, { input_tokens: estimateTokens({ messages, system, tools }) });
}

/** Why: GET /v1/models with `anthropic-version` gets Anthropic's list shape. */
export function anthropicModels(models: string[], res: ServerResponse): void {
  const data = models.map((id) => ({ type: "model", id, display_name: id, created_at: "2025-01-01T00:00:00Z" }));
  sendJson(res, 200, { data, has_more: false, first_id: models[0] ?? null, last_id: models.at(-1) ?? null });
}

function plan(ex: Exchange): Block[] {
  const blocks: Block[] = [];
  const thinking = ex.body.thinking as { type?: unknown } | undefined;
  if (thinking?.type === "enabled" || thinking?.type === "adaptive") {
    blocks.push({ type: "thinking", thinking: THINKING, signature: newId("sig_") });
  }
  const tool = forcedTool(ex.body);
  if (tool !== undefined) return [...blocks, { type: "tool_use", id: newId("toolu_"), name: tool, input: {} }];
  const reply = ex.plan(conversation(ex.body));
  if (reply.kind === "tool") return [...blocks, { type: "tool_use", id: reply.id, name: reply.name, input: reply.input }];
  return [...blocks, { type: "text", text: reply.text }];
}

/** The tools offered and the tool_result blocks sent back. */
function conversation(body: Record<string, unknown>): Conversation {
  const tools = listOf(body.tools).map((t) => String(t.name));
  const results = listOf(body.messages).flatMap((m) => listOf(m.content)).filter((b) => b.type === "tool_result");
  return { tools, toolResults: results.map((b) => textOf(b.content)) };
}

/** A forced tool_choice ("tool" by name, or "any") gets a tool_use block instead of text. */
function forcedTool(body: Record<string, unknown>): string | undefined {
  const tools = Array.isArray(body.tools) ? (body.tools as { name?: unknown }[]) : [];
  const choice = body.tool_choice as { type?: unknown; name?: unknown } | undefined;
  if (tools.length === 0 || choice === undefined) return undefined;
  if (choice.type === "tool" && typeof choice.name === "string") return choice.name;
  const first = tools[0]?.name;
  return choice.type === "any" && typeof first === "string" ? first : undefined;
}

function emptied(block: Block): Block {
  if (block.type === "thinking") return { ...block, thinking: "", signature: "" };
  return block.type === "text" ? { ...block, text: "" } : { ...block, input: {} };
}

function deltas(block: Block, parts: string[]): Record<string, string>[] {
  if (block.type === "thinking") {
    return [
      ...splitText(block.thinking, 2).map((thinking) => ({ type: "thinking_delta", thinking })),
      { type: "signature_delta", signature: block.signature },
    ];
  }
  if (block.type === "tool_use") return [{ type: "input_json_delta", partial_json: JSON.stringify(block.input) }];
  return (block.text === parts.join("") ? parts : splitText(block.text, parts.length)).map((text) => ({ type: "text_delta", text }));
}
