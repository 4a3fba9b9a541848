// Input-token estimation: cheap from section byte sizes; exact (BPE) only near a threshold, and bounded.
import { createRequire } from "node:module";
import type { SectionSizes, SectionTexts } from "./types.js";

/** The parts of gpt-tokenizer's BPE core the bounded counter drives (tokens.test.ts pins that they exist). */
interface BpeCore {
  tokenSplitRegex: RegExp;
  getBpeRankFromString(piece: string): number | undefined;
  bytePairEncode(piece: string): number[];
}
let core: BpeCore | undefined;

/** Why: merged pieces repeat (a long run's slices, common identifiers). gpt-tokenizer's own LRU cache evicts with
 * `map.keys().next()`, which slows to a crawl once a Map has had many deletions (measured: a 3.9 MB count went from
 * 86 ms to over 1 s after a few big unique texts); this one is cleared whole when full: O(1) per piece. */
const MERGE_CACHE_ENTRIES = 50_000;
const merged = new Map<string, number>();

/** Why: the o200k tables take ~100 ms to load; only the rare near-threshold request needs them. */
function bpe(): BpeCore {
  if (core) return core;
  const api = (createRequire(import.meta.url)("gpt-tokenizer/encoding/o200k_base") as {
    default: { bytePairEncodingCoreProcessor?: BpeCore; setMergeCacheSize(size: number): void };
  }).default;
  const found = api.bytePairEncodingCoreProcessor;
  if (!found || !(found.tokenSplitRegex instanceof RegExp) || typeof found.bytePairEncode !== "function" || typeof found.getBpeRankFromString !== "function") {
    throw new Error("gpt-tokenizer's BPE core has changed shape (bytePairEncodingCoreProcessor); see src/routing/tokens.ts");
  }
  api.setMergeCacheSize(0);
  return (core = found);
}

/** Why: the hook server's worker loads the tables at start, so the first near-threshold request does not pay it. */
export function loadTokenizer(): void {
  bpe();
}

function countPiece(c: BpeCore, piece: string): number {
  if (c.getBpeRankFromString(piece) !== undefined) return 1;
  let n = merged.get(piece);
  if (n === undefined) {
    n = c.bytePairEncode(piece).length;
    if (merged.size >= MERGE_CACHE_ENTRIES) merged.clear();
    merged.set(piece, n);
  }
  return n;
}

/**
 * Why: bytes per o200k_base token, per section, calibrated on src/samples (see tokens.test.ts and
 * bench/README.md). System prompts are prose (~5.2), tool schemas JSON with prose descriptions
 * (~4.95), messages in coding sessions are dominated by tool results: code and logs (~3.5).
 * Measured: every sample ≥ 20 KB within ±5%; short prose-only requests are overestimated (≤ +45%).
 */
export const BYTES_PER_TOKEN: Readonly<SectionSizes> = { system: 5.2, messages: 3.5, tools: 4.95 };

/** Why: an estimate within this relative distance of a threshold is too close to call from bytes. */
export const UNCERTAINTY = 0.15;

/** Why: the text round carries the sections as JSON strings (escaping adds up to ~25%) and the hook server takes
 * 4 MiB at most; beyond this many section bytes the estimate decides, and the hook is never asked for the text. */
export const EXACT_COUNT_MAX_BYTES = 3_000_000;

/** Why: BPE merging is quadratic in the length of one pre-tokenizer piece (a 420,000-character run without spaces
 * took 45 s). Longer pieces are counted in slices of this many characters: linear time, at most one token more per
 * slice than the whole piece (a long run of spaces: 1 token per 32 instead of per ~128). Ordinary text has no such
 * pieces; its count is unchanged. */
export const MAX_PIECE_CHARS = 32;

/** Why: how often (in pieces or slices, each ≤ MAX_PIECE_CHARS) the counter checks its stop conditions. */
const CHECK_EVERY = 256;

/** Why: what token rules see: a number, and how far it can be trusted. */
export interface TokenCount {
  tokens: number;
  /** true: counted with the BPE tokenizer; false: estimated from section sizes. */
  exact: boolean;
  /** The count stopped once it passed every `tokens` threshold: the request has more than `tokens`. */
  atLeast?: boolean;
  /** Why the estimate stands although the text was asked for (deadline, size, busy); never ask for the text again. */
  note?: string;
}

/** Why: the cheap path, run on every request; counts system, tools and tool results alike. */
export function estimateTokens(bytes: SectionSizes): number {
  return Math.round(
    bytes.system / BYTES_PER_TOKEN.system + bytes.messages / BYTES_PER_TOKEN.messages + bytes.tools / BYTES_PER_TOKEN.tools,
  );
}

/** Why: the bounded counter's answer: the tokens seen, and whether it read all of the text. */
export interface BoundedCount {
  tokens: number;
  /** Set when counting stopped before the end of the text (tokens is then a partial count): "above" passed
   * `stopAbove`, "deadline" ran out of time. */
  stopped?: "above" | "deadline";
}

/** Why: the limits one count runs under; `deadline` is a performance.now() value of the thread that counts. */
export interface CountLimits {
  stopAbove?: number;
  deadline?: number;
}

/**
 * Why: the exact path near a threshold, bounded whatever the text's shape: pieces longer than MAX_PIECE_CHARS are
 * counted slice by slice (linear time), and counting stops once the total passes `stopAbove` (nothing more changes a
 * decision) or at `deadline`. Text containing special-token markers counts as plain text.
 */
export function countTokensBounded(text: SectionTexts, limits: CountLimits = {}): BoundedCount {
  const c = bpe();
  const stopAbove = limits.stopAbove ?? Infinity;
  const deadline = limits.deadline ?? Infinity;
  let tokens = 0;
  let work = 0;
  // Returns a reason to stop, checked every CHECK_EVERY pieces or slices.
  const tick = (): BoundedCount["stopped"] => {
    if (++work % CHECK_EVERY !== 0) return undefined;
    if (tokens > stopAbove) return "above";
    return performance.now() > deadline ? "deadline" : undefined;
  };
  for (const section of [text.system, text.messages, text.tools]) {
    for (const [piece] of section.matchAll(c.tokenSplitRegex)) {
      if (piece.length <= MAX_PIECE_CHARS) {
        tokens += countPiece(c, piece);
        const stop = tick();
        if (stop) return { tokens, stopped: stop };
        continue;
      }
      for (let start = 0; start < piece.length; ) {
        let end = Math.min(start + MAX_PIECE_CHARS, piece.length);
        const last = piece.charCodeAt(end - 1);
        if (last >= 0xd800 && last <= 0xdbff && end < piece.length) end++; // never split a surrogate pair
        tokens += countPiece(c, piece.slice(start, end));
        start = end;
        const stop = tick();
        if (stop) return { tokens, stopped: stop };
      }
    }
  }
  return { tokens };
}

/** Why: the whole count without limits, for calibration (tokens.test.ts) and tools. */
export function countTokensExact(text: SectionTexts): number {
  return countTokensBounded(text).tokens;
}

/** Why: a bounded count turned into what rules see; a count cut short by its deadline falls back to the estimate. */
export function toTokenCount(count: BoundedCount, bytes: SectionSizes, budgetMs: number): TokenCount {
  if (count.stopped === "above") return { tokens: count.tokens, exact: true, atLeast: true };
  if (count.stopped === "deadline") {
    return { tokens: Math.max(count.tokens, estimateTokens(bytes)), exact: false, note: `exact count stopped at its ${budgetMs} ms deadline` };
  }
  return { tokens: count.tokens, exact: true };
}

/** Why: counting beyond the largest `tokens` threshold changes no decision; undefined when no rule counts. */
export function countStopAbove(rules: readonly { kind: string; above?: unknown }[]): number | undefined {
  let max: number | undefined;
  for (const rule of rules) {
    if (rule.kind === "tokens" && typeof rule.above === "number") max = Math.max(max ?? 0, rule.above);
  }
  return max;
}

/** Why: whether an estimate cannot be trusted against `threshold` and the text must be counted. */
export function withinBand(estimate: number, threshold: number): boolean {
  return Math.abs(estimate - threshold) <= UNCERTAINTY * threshold;
}
