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
  let memo: TokenCount | undefined = source.counted;
  return {
    summary,
    labels,
    tokens() {
      memo ??= summary.text
        ? toTokenCount(countTokensBounded(summary.text, { stopAbove: source.stopAbove }), summary.bytes, 0)
        : { tokens: estimateTokens(summary.bytes), exact: false };
      return memo;
    },
  };
}
