// Request shapes that once made routing slow: long runs without spaces, base64, minified code, huge tool
// lists and model strings. Each is a hook-server request (a summary, with `text` when the 120k `tokens` rule would ask
// for it), used by the hook server's garbage corpus and by bench/worst-case.bench.mts.
import { summarize } from "../routing/summary.js";
import { Rng } from "./rng.js";

/** Why: the hook server's body limit is 4 MiB; these stay just under it where they aim at size. */
const NEAR_LIMIT = 3_900_000;

/** Why: ~420,000 bytes of messages JSON estimate to ~120,000 tokens, inside the ±15% band of the template's rule. */
const IN_BAND_BYTES = 420_000;

function randomText(rng: Rng, length: number, alphabet: string): string {
  const out: string[] = [];
  for (let i = 0; i < length; i++) out.push(alphabet[Math.floor(rng.next() * alphabet.length)]!);
  return out.join("");
}

function base64Blob(rng: Rng, length: number): string {
  const bytes = Buffer.alloc(Math.ceil((length * 3) / 4));
  for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(rng.next() * 256);
  return bytes.toString("base64").slice(0, length);
}

/** A text round as the hook sends it after {need: "text"}: the summary of a body whose user turn is `content`. */
function textRound(content: unknown): Record<string, unknown> {
  const body = { model: "claude-sonnet-5-5", max_tokens: 32_000, stream: true, messages: [{ role: "user", content }] };
  return summarize(body, "messages", { text: true }) as unknown as Record<string, unknown>;
}

function toolResult(text: string): unknown {
  return [{ type: "tool_result", tool_use_id: "toolu_01", content: [{ type: "text", text }] }];
}

/** Why: one named shape: what it is, and the hook-server request body that carries it. */
export interface HostileShape {
  name: string;
  what: string;
  /** `seed` varies the random shapes (the tokenizer caches what it has merged once). */
  summary(seed?: number): Record<string, unknown>;
}

/** Why: a corpus callers can run through the real hook server; every shape must get a decision, quickly. */
export const HOSTILE_SHAPES: readonly HostileShape[] = [
  { name: "no-space-run", what: '"a" × 420,000 in a text block (once 45 s of CPU)', summary: () => textRound("a".repeat(IN_BAND_BYTES)) },
  { name: "uppercase-run", what: '"A" × 420,000 (base64 of zeros)', summary: () => textRound([{ type: "text", text: "A".repeat(IN_BAND_BYTES) }]) },
  { name: "base64-blob", what: "420 KB of random base64 pasted as text", summary: (seed = 1) => textRound([{ type: "text", text: base64Blob(new Rng(seed), IN_BAND_BYTES) }]) },
  {
    name: "minified-code", what: "420 KB of minified JavaScript in a tool result, no newline",
    summary: (seed = 2) => textRound(toolResult(randomText(new Rng(seed), IN_BAND_BYTES, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123456789_$(){}[];,.=+-*/<>!&|?:"))),
  },
  {
    name: "random-letters", what: "420 KB of random lowercase letters (the most BPE work per byte)",
    summary: (seed = 3) => textRound(toolResult(randomText(new Rng(seed), IN_BAND_BYTES, "abcdefghijklmnopqrstuvwxyz"))),
  },
  { name: "cjk-run", what: "140,000 CJK characters without spaces (420 KB of UTF-8)", summary: (seed = 4) => textRound(randomText(new Rng(seed), IN_BAND_BYTES / 3, "日本語のテキスト漢字中文한국어")) },
  { name: "whitespace-run", what: "420,000 spaces", summary: () => textRound(" ".repeat(IN_BAND_BYTES)) },
  {
    name: "text-near-limit", what: "a text round of 3.9 MB without spaces, sent unasked",
    summary: () => ({ ...textRound("x"), text: { system: "", messages: "a".repeat(NEAR_LIMIT), tools: "" } }),
  },
  {
    name: "many-tools", what: "a first-round summary with ~156,000 tool names (3.9 MB)",
    summary: () => ({
      v: 1, call_type: "messages", model: "claude-sonnet-5-5", bytes: { system: 0, messages: 100, tools: 0 },
      tools: Array.from({ length: Math.floor(NEAR_LIMIT / 25) }, (_, i) => ({ name: `mcp__t_${i}` })),
    }),
  },
  {
    name: "huge-model", what: 'a 3.9 MB model string of "a"s against many-star globs',
    summary: () => ({ v: 1, call_type: "messages", model: "a".repeat(NEAR_LIMIT), bytes: { system: 0, messages: 100, tools: 0 } }),
  },
];

/** Why: rules that make the shapes above bite: the template's tokens threshold and a glob with many stars. */
export const HOSTILE_RULES_YAML = `version: 1
hook: { count_timeout_ms: 2000 }
targets:
  default: { model: anthropic/claude-sonnet-5-5 }
  long_context: { model: anthropic/claude-sonnet-5-5 }
  background: { model: anthropic/claude-haiku-5-5 }
rules:
  - { name: long-context, kind: tokens, above: 120000, to: long_context }
  - { name: many-stars, kind: model, glob: "*a*a*a*a*a*a*a*a*haiku", to: background }
  - { name: haiku, kind: model, contains: haiku, to: background }
`;
