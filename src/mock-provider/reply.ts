// What the mock says and how it counts: deterministic text, deltas, token estimates and ids.
import { randomBytes } from "node:crypto";
import type { Api } from "./types.js";

/** Why: a reply that names the mock and the model lets tests assert where a request went. */
export function defaultText(api: Api, model: string): string {
  return `Hello from mock-${api} (model ${model})`;
}

/** Why: streamed replies arrive as several deltas whose concatenation is exactly the text. */
export function splitText(text: string, chunks: number): string[] {
  const n = Math.max(1, Math.min(Math.floor(chunks), text.length || 1));
  const size = Math.ceil(text.length / n);
  const parts: string[] = [];
  for (let i = 0; i < text.length; i += size) parts.push(text.slice(i, i + size));
  return parts.length > 0 ? parts : [""];
}

/** Why: a deterministic token estimate (UTF-8 bytes / 4, at least 1) for usage and count_tokens. */
export function estimateTokens(value: unknown): number {
  const text = typeof value === "string" ? value : JSON.stringify(value ?? "");
  return Math.max(1, Math.ceil(Buffer.byteLength(text, "utf8") / 4));
}

/** Why: ids shaped like the provider's (`msg_…`, `chatcmpl-…`, `resp_…`). */
export function newId(prefix: string): string {
  return `${prefix}${randomBytes(12).toString("hex")}`;
}

/** Why: OpenAI objects carry Unix seconds. */
export function unixSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
