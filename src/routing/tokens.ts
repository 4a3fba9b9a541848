// Input-token estimation: cheap from section byte sizes, exact (BPE) only near a threshold.
import { createRequire } from "node:module";
import type { SectionSizes, SectionTexts } from "./types.js";

type CountTokens = (text: string, options: { disallowedSpecial: Set<string> }) => number;
let bpe: CountTokens | undefined;

/** Why: the o200k tables take ~100 ms to load; only the rare near-threshold request needs them. */
function countTokens(text: string, options: { disallowedSpecial: Set<string> }): number {
  bpe ??= (createRequire(import.meta.url)("gpt-tokenizer/encoding/o200k_base") as { countTokens: CountTokens }).countTokens;
  return bpe(text, options);
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

/** Why: the cheap path, run on every request; counts system, tools and tool results alike. */
export function estimateTokens(bytes: SectionSizes): number {
  return Math.round(
    bytes.system / BYTES_PER_TOKEN.system + bytes.messages / BYTES_PER_TOKEN.messages + bytes.tools / BYTES_PER_TOKEN.tools,
  );
}

const ANY_TEXT = { disallowedSpecial: new Set<string>() };

/** Why: the exact path near a threshold (tens of ms on 500 KB); text containing special tokens is fine. */
export function countTokensExact(text: SectionTexts): number {
  return countTokens(text.system, ANY_TEXT) + countTokens(text.messages, ANY_TEXT) + countTokens(text.tools, ANY_TEXT);
}

/** Why: whether an estimate cannot be trusted against `threshold` and the text must be counted. */
export function withinBand(estimate: number, threshold: number): boolean {
  return Math.abs(estimate - threshold) <= UNCERTAINTY * threshold;
}
