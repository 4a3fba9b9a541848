// Prompt caching as the providers report it, so usage tests see realistic cache-read and cache-write tokens.
import { createHash } from "node:crypto";
import { estimateTokens } from "./reply.js";

/** Why: the split of a request's input tokens a provider bills differently. */
export interface InputUsage {
  /** Every input token, cached or not. */
  total: number;
  /** Tokens read from the cache (Anthropic cache_read_input_tokens, OpenAI cached_tokens). */
  cacheRead: number;
  /** Tokens written to the cache (Anthropic cache_creation_input_tokens; OpenAI never reports any). */
  cacheWrite: number;
}

/** Why: both providers cache nothing shorter than this (Anthropic: 1024 for Sonnet/Opus; OpenAI: 1024). */
const MIN_CACHEABLE_TOKENS = 1024;
/** Why: OpenAI reports cache hits in 128-token steps above the minimum. */
const OPENAI_CACHE_STEP = 128;

/**
 * Why: one mock server's cache. Anthropic caches the prefix up to the last `cache_control` breakpoint (tools, then
 * system, then messages): the first request writes it, later ones with the same prefix read it. OpenAI caches on its
 * own: the prefix a prompt shares with the previous prompt to the same model, in 128-token steps from 1024.
 */
export class PromptCache {
  private readonly anthropicPrefixes = new Set<string>();
  private readonly lastOpenAiPrompt = new Map<string, string>();

  /** Usage of an Anthropic Messages request; `total` is the mock's estimate for the whole body. */
  anthropic(body: Record<string, unknown>, model: string, total: number): InputUsage {
    const prefix = cachedPrefix(body);
    if (prefix === undefined || prefix.tokens < MIN_CACHEABLE_TOKENS) return { total, cacheRead: 0, cacheWrite: 0 };
    const tokens = Math.min(prefix.tokens, total);
    const key = `${model}\0${prefix.hash}`;
    if (this.anthropicPrefixes.has(key)) return { total, cacheRead: tokens, cacheWrite: 0 };
    this.anthropicPrefixes.add(key);
    return { total, cacheRead: 0, cacheWrite: tokens };
  }

  /** Usage of an OpenAI chat or Responses request; `prompt` is the conversation as sent (messages or input). */
  openai(prompt: unknown, model: string, total: number): InputUsage {
    const text = JSON.stringify(prompt ?? "");
    const previous = this.lastOpenAiPrompt.get(model);
    this.lastOpenAiPrompt.set(model, text);
    if (previous === undefined) return { total, cacheRead: 0, cacheWrite: 0 };
    const shared = estimateTokens(text.slice(0, commonPrefixLength(previous, text)));
    const cached = shared < MIN_CACHEABLE_TOKENS ? 0 : Math.floor(shared / OPENAI_CACHE_STEP) * OPENAI_CACHE_STEP;
    return { total, cacheRead: Math.min(cached, total), cacheWrite: 0 };
  }
}

/** The blocks before and including the last one marked `cache_control`, in Anthropic's cache order. */
function cachedPrefix(body: Record<string, unknown>): { hash: string; tokens: number } | undefined {
  const blocks: unknown[] = [];
  if (Array.isArray(body.tools)) blocks.push(...body.tools);
  if (Array.isArray(body.system)) blocks.push(...body.system);
  else if (body.system !== undefined) blocks.push(body.system);
  for (const message of Array.isArray(body.messages) ? body.messages : []) {
    const content = (message as { content?: unknown })?.content;
    if (Array.isArray(content)) blocks.push(...content);
    else blocks.push(message);
  }
  let last = -1;
  blocks.forEach((block, index) => {
    if (typeof block === "object" && block !== null && "cache_control" in block) last = index;
  });
  if (last === -1) return undefined;
  const hash = createHash("sha256");
  let bytes = 0;
  for (const block of blocks.slice(0, last + 1)) {
    const json = JSON.stringify(block);
    hash.update(json);
    bytes += Buffer.byteLength(json);
  }
  return { hash: hash.digest("hex"), tokens: Math.ceil(bytes / 4) };
}

function commonPrefixLength(a: string, b: string): number {
  const max = Math.min(a.length, b.length);
  let i = 0;
  while (i < max && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}
