// Builds the hook-protocol summary (docs/hook-protocol.md) from a request body. The Python hook
// builds the same summary; test/fixtures/summary-vectors.json keeps the two byte-compatible.
import { mayHoldMedia, stripMedia } from "./media.js";
import type { CallType, RouteSummary, SectionSizes, SectionTexts, ToolRef } from "./types.js";

type Layout = { system: string | null; messages: string; tools: string | null };

// Which body key feeds each summary section, per call type (the protocol's "Sections" table).
const ANTHROPIC: Layout = { system: "system", messages: "messages", tools: "tools" };
const LAYOUTS: Record<CallType, Layout> = {
  messages: ANTHROPIC,
  count_tokens: ANTHROPIC,
  other: ANTHROPIC,
  chat: { system: null, messages: "messages", tools: "tools" },
  completion: { system: null, messages: "prompt", tools: null },
  embedding: { system: null, messages: "input", tools: null },
  responses: { system: "instructions", messages: "input", tools: "tools" },
};

/** Why: `text` is only sent on the second round trip, after the server answered {need: "text"}. */
export interface SummarizeOptions {
  text?: boolean;
}

/** Why: the server decides from a few fields and section sizes, never from the body itself. */
export function summarize(body: unknown, callType: CallType, options: SummarizeOptions = {}): RouteSummary {
  const b = isObject(body) ? body : {};
  const layout = LAYOUTS[callType];
  const summary = { v: 1, call_type: callType, model: typeof b.model === "string" ? b.model : "" } as RouteSummary;
  if (typeof b.stream === "boolean") summary.stream = b.stream;
  const maxTokens = pickMaxTokens(b, callType);
  if (Number.isInteger(maxTokens)) summary.max_tokens = maxTokens as number;
  if (isObject(b.thinking) && typeof b.thinking.type === "string") {
    summary.thinking = { type: b.thinking.type };
    if (Number.isInteger(b.thinking.budget_tokens)) summary.thinking.budget_tokens = b.thinking.budget_tokens as number;
  }
  const effort = pickEffort(b, callType);
  if (typeof effort === "string") summary.effort = effort;
  if (layout.tools && Array.isArray(b[layout.tools])) summary.tools = (b[layout.tools] as unknown[]).map(toolRef);
  const texts: SectionTexts = {
    system: compact(layout.system ? b[layout.system] : undefined),
    messages: compact(b[layout.messages]),
    tools: compact(layout.tools ? b[layout.tools] : undefined),
  };
  // Images and documents count as Anthropic bills them (media.ts), and their payloads as "" in bytes and text.
  const found = mayHoldMedia(texts.messages, callType) ? stripMedia(b[layout.messages], callType) : undefined;
  if (found) texts.messages = compact(found.section);
  summary.bytes = sizes(texts);
  if (found) summary.media = found.media;
  if (options.text) summary.text = texts;
  return summary;
}

// The protocol's size unit, shared with the Python twin: UTF-8 bytes of compact JSON.
function sizes(texts: SectionTexts): SectionSizes {
  return {
    system: Buffer.byteLength(texts.system),
    messages: Buffer.byteLength(texts.messages),
    tools: Buffer.byteLength(texts.tools),
  };
}

function compact(value: unknown): string {
  return value === undefined || value === null ? "" : JSON.stringify(value);
}

// Integers only (floats and booleans are dropped), like the Python twin.
function pickMaxTokens(b: Record<string, unknown>, callType: CallType): unknown {
  if (callType === "responses") return b.max_output_tokens;
  if (callType === "chat") return b.max_completion_tokens ?? b.max_tokens;
  return b.max_tokens;
}

function pickEffort(b: Record<string, unknown>, callType: CallType): unknown {
  if (callType === "chat") return b.reasoning_effort;
  if (callType === "responses") return isObject(b.reasoning) ? b.reasoning.effort : undefined;
  if (callType === "messages" || callType === "count_tokens" || callType === "other") {
    return isObject(b.output_config) ? b.output_config.effort : undefined;
  }
  return undefined;
}

function toolRef(tool: unknown): ToolRef {
  const ref: ToolRef = {};
  if (!isObject(tool)) return ref;
  const fn = isObject(tool.function) ? tool.function : undefined;
  const name = typeof tool.name === "string" ? tool.name : fn?.name;
  if (typeof name === "string") ref.name = name;
  if (typeof tool.type === "string") ref.type = tool.type;
  return ref;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
