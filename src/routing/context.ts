// Per-request rule input: the summary, the labels, and a token count computed at most once.
import type { RuleInput } from "./rules/types.js";
import { countTokensBounded, estimateTokens, toTokenCount, type TokenCount } from "./tokens.js";
import type { RouteSummary } from "./types.js";

/** Why: a count made elsewhere (the hook server's worker thread) or the limits for counting here (CLI, doctor). */
export interface CountSource {
  /** Already counted: rules use it as is. */
  counted?: TokenCount;
  /** Counting here stops once the count passes this (the largest `tokens` threshold). */
  stopAbove?: number;
}

/** Why: several rules may ask for the token count; estimate once, count exactly (costly) at most once. */
export function ruleInput(summary: RouteSummary, labels: ReadonlySet<string>, source: CountSource = {}): RuleInput {
  let memo: TokenCount | undefined;
  // Images and documents are never in the text (their payloads are ""); their tokens come with the summary.
  const media = summary.media?.tokens ?? 0;
  return {
    summary,
    labels,
    tokens() {
      if (memo) return memo;
      let text = source.counted;
      if (!text && summary.text) {
        const stopAbove = source.stopAbove === undefined ? undefined : Math.max(0, source.stopAbove - media);
        text = toTokenCount(countTokensBounded(summary.text, { stopAbove }), summary.bytes, 0);
      }
      text ??= { tokens: estimateTokens(summary.bytes), exact: false };
      return (memo = media ? { ...text, tokens: text.tokens + media } : text);
    },
  };
}
