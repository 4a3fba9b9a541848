// Guesses a body's call type from its shape, for `ccproxy route <file>` (the hook knows it from LiteLLM).
import type { CallType } from "./types.js";

/** Why: users save a request body to a file; asking them for its endpoint too would be one more way to get it wrong. */
export function inferCallType(body: unknown): CallType {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return "other";
  const b = body as Record<string, unknown>;
  if (Array.isArray(b.messages)) return isAnthropic(b) ? "messages" : "chat";
  if (b.prompt !== undefined) return "completion";
  if (b.input !== undefined) {
    if (typeof b.model === "string" && /embed/i.test(b.model)) return "embedding";
    if (b.instructions !== undefined || b.reasoning !== undefined || b.tools !== undefined || b.max_output_tokens !== undefined) return "responses";
    const flat = (v: unknown) => typeof v === "string" || typeof v === "number";
    return flat(b.input) || (Array.isArray(b.input) && b.input.every((v) => flat(v) || (Array.isArray(v) && v.every(flat)))) ? "embedding" : "responses";
  }
  return "other";
}

function isAnthropic(b: Record<string, unknown>): boolean {
  const tools = Array.isArray(b.tools) ? (b.tools as Record<string, unknown>[]) : [];
  const messages = b.messages as Record<string, unknown>[];
  // OpenAI-only shapes first: function tools, tool-role messages, tool_calls.
  if (tools.some((t) => t?.function !== undefined)) return false;
  if (messages.some((m) => m?.role === "tool" || m?.tool_calls !== undefined)) return false;
  if (b.system !== undefined || b.thinking !== undefined || b.output_config !== undefined || b.anthropic_version !== undefined) return true;
  if (tools.some((t) => t?.input_schema !== undefined)) return true;
  return typeof b.model === "string" && /claude/i.test(b.model);
}
