// Maps LiteLLM's call-type spellings (old and new) and URL paths to one CallType.
import type { CallType } from "./types.js";

const NAMES: Record<string, CallType> = {
  anthropic_messages: "messages", aanthropic_messages: "messages", messages: "messages",
  acompletion: "chat", completion: "chat", chat: "chat",
  atext_completion: "completion", text_completion: "completion",
  aembedding: "embedding", embeddings: "embedding", embedding: "embedding",
  aresponses: "responses", responses: "responses",
  count_tokens: "count_tokens",
  other: "other",
};

// Longest paths first: /v1/messages/count_tokens must win over /v1/messages.
const PATHS: [string, CallType][] = [
  ["/messages/count_tokens", "count_tokens"],
  ["/messages", "messages"],
  ["/chat/completions", "chat"],
  ["/completions", "completion"],
  ["/embeddings", "embedding"],
  ["/responses", "responses"],
];

/** Why: LiteLLM renamed call types across releases (completion → acompletion, …); rules see one name. */
export function normalizeCallType(s: string): CallType {
  const known = NAMES[s];
  if (known) return known;
  if (s.startsWith("/")) {
    const path = s.split("?")[0]!.replace(/\/+$/, "");
    for (const [suffix, type] of PATHS) if (path.endsWith(suffix)) return type;
  }
  return "other";
}
