// Types shared by the rule engine, the hook server and the CLI: the hook protocol (v1) and decisions.
// The protocol is documented in docs/hook-protocol.md; templates/ccproxy_hook_pkg/summary.py builds the same summary.

/** Why: the protocol's call types, spelled once: the server validates against them, `route --call-type` lists them. */
export const CALL_TYPES = [
  "messages", // /v1/messages (anthropic_messages)
  "chat", // /v1/chat/completions (acompletion, completion)
  "completion", // /v1/completions (atext_completion, text_completion)
  "embedding", // /v1/embeddings (aembedding, embeddings)
  "responses", // /v1/responses (aresponses, responses)
  "count_tokens", // /v1/messages/count_tokens (never reaches the LiteLLM hook)
  "other",
] as const;

/** Why: LiteLLM spells call types differently across releases; rules see one normalized name (routing/call-type.ts). */
export type CallType = (typeof CALL_TYPES)[number];

/** Why: client strings (model, effort, thinking type, tool names and types) are cut to this many characters before any
 * rule sees them, so matching and the answer's `reason` stay small whatever a client sends. No real id comes close. */
export const MAX_CLIENT_STRING = 256;

/** Why: rules see at most this many tools (the first ones); real clients send tens, and the decision stays bounded. */
export const MAX_TOOLS = 512;

/** Why: the hook sends a compact summary, never the body, so a decision costs microseconds. */
export interface RouteSummary {
  /** Protocol version; the server rejects versions it does not speak. */
  v: 1;
  call_type: CallType;
  /** The model the client asked for, as sent. */
  model: string;
  stream?: boolean;
  max_tokens?: number | null;
  /** Anthropic `thinking` as sent: {type: "enabled"|"adaptive"|"disabled", budget_tokens?}. */
  thinking?: { type: string; budget_tokens?: number } | null;
  /** Reasoning effort: output_config.effort (Anthropic), reasoning_effort (chat), reasoning.effort (responses). */
  effort?: string | null;
  /** Tools by name and type only; schemas are counted in `bytes.tools`, never sent. */
  tools?: ToolRef[];
  /** UTF-8 byte length of the compact JSON of each section (image/document payloads as ""): the cheap input to
   * token estimation. */
  bytes: SectionSizes;
  /** Image and document blocks, counted as Anthropic bills them (src/routing/media.ts); absent when there are none. */
  media?: { images: number; documents: number; tokens: number };
  /** The compact JSON of each section, sent only when the server answered {need: "text"}. */
  text?: SectionTexts;
}

/** Why: tool rules match on `name` (client tools) or `type` (server tools such as web_search_20250305). */
export interface ToolRef {
  name?: string;
  type?: string;
}

/** Why: token estimates weigh prose and JSON schemas differently, so sizes are kept per section. */
export interface SectionSizes {
  system: number;
  messages: number;
  tools: number;
}

/** Why: exact token counting near a threshold needs the text itself. */
export interface SectionTexts {
  system: string;
  messages: string;
  tools: string;
}

/** Why: one shape for every consumer (hook, `ccproxy route`, stats, doctor's self-test). */
export interface RouteDecision {
  /** The label chosen (a key of `targets`). */
  label: string;
  /** The provider model of that label's target, e.g. anthropic/claude-sonnet-4-5. */
  model: string;
  /** The LiteLLM model_list alias the hook writes into data["model"]; the client's model on passthrough. */
  alias: string;
  /** Name of the rule that matched, or null when the default applied. */
  rule: string | null;
  /** One human sentence: why this label. */
  reason: string;
}

/** Why: the byte estimate sits too close to a `tokens` threshold; the hook must resend with `text`. */
export interface NeedText {
  need: "text";
}
