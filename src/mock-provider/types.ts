// Shared shapes of the mock provider: its options, the faults it can inject, what it records.
import type { ServerResponse } from "node:http";
import type { Conversation, Reply, ToolScript } from "./script.js";

/** Why: tests assert which wire format (and so which upstream) a request used. */
export type Api = "anthropic" | "openai" | "gemini" | "ollama";

/** Why: one knob set for tests, `ccproxy bench` and the standalone process. */
export interface MockProviderOptions {
  /** Port to bind on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** Added before the first byte of every answer. */
  latencyMs?: number;
  /** Pause between SSE events. */
  chunkDelayMs?: number;
  /** The reply text; default names the mock and the model, e.g. "Hello from mock-openai (model gpt-x)". */
  text?: string;
  /** How many text deltas a streamed reply is cut into (default 4). */
  chunks?: number;
  /** Model ids listed by GET /v1/models (and Ollama's /api/tags; when set, Ollama answers 404 for any other model). */
  models?: string[];
  /** Call this tool first, then answer with the text and the tool's result (settable later with setToolUse). */
  toolUse?: ToolScript;
  /** Routes this server does not have (e.g. ["/responses"] for a chat-only llama.cpp server): 404 as llama.cpp says it. */
  missing?: string[];
  /** Chat completions reject top-level parameters OpenAI does not define, as api.openai.com does (400). */
  strictParams?: boolean;
  /** Ollama models that can think (default: qwen3 but not qwen3-coder, deepseek-r1, gpt-oss); `think` for others → 400. */
  ollamaThinking?: RegExp;
}

/** Why: fault-injection tests pick a failure and, optionally, which models and how many requests it hits. */
export type Fault = FaultScope &
  (
    | { kind: "hang" }
    | { kind: "status"; status: number; body?: unknown; retryAfterSeconds?: number }
    | { kind: "cut-stream"; afterEvents: number }
    | { kind: "slow-first-byte"; ms: number }
  );

/** Why: a fault may target one model (exact string or RegExp) and only the next `times` matching requests. */
export interface FaultScope {
  model?: string | RegExp;
  times?: number;
}

/** Why: tests assert which mock got which model, with which key and body. Kept in memory only. */
export interface RecordedRequest {
  api: Api;
  method: string;
  path: string;
  query: Record<string, string>;
  model: string | undefined;
  stream: boolean;
  headers: Record<string, string>;
  body: unknown;
  receivedAt: number;
}

/** Why: what a route handler needs to answer one request, whatever its API. */
export interface Exchange {
  body: Record<string, unknown>;
  model: string;
  text: string;
  parts: string[];
  inputTokens: number;
  /** How many of `inputTokens` the provider's prompt cache read or wrote (see prompt-cache.ts). */
  cached: { read: number; write: number };
  outputTokens: number;
  res: ServerResponse;
  /** Options the server was created with (some APIs read their own knobs). */
  options: MockProviderOptions;
  /** The model named in the URL (Gemini) rather than the body. */
  pathModel?: string;
  /** The method after the model in Gemini's path, e.g. "streamGenerateContent". */
  pathMethod?: string;
  /** Text or a tool call, given what the request offers and returns (see script.ts). */
  plan(conversation: Conversation): Reply;
  openSse(framing?: Framing): SseStream;
}

/** Why: how one event is written on the wire; Gemini ends SSE events with CRLF pairs, Ollama writes JSON lines. */
export type Framing = "sse" | "sse-crlf" | "ndjson";

/** Why: handlers write events; the stream applies pacing and the cut-stream fault. */
export interface SseStream {
  /** Sends one event; `name` adds an `event:` line (Anthropic, Responses); a string is sent raw. */
  send(name: string | undefined, data: unknown): Promise<void>;
  end(): void;
}
