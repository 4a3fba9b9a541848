// Per-request rule input: the summary, the labels, and a token count computed at most once.
import type { RuleInput } from "./rules/types.js";
import { countTokensExact, estimateTokens } from "./tokens.js";
import type { RouteSummary } from "./types.js";

/** Why: several rules may ask for the token count; estimate once, count exactly (costly) at most once. */
export function ruleInput(summary: RouteSummary, labels: ReadonlySet<string>): RuleInput {
  let memo: { tokens: number; exact: boolean } | undefined;
  return {
    summary,
    labels,
    tokens() {
      memo ??= summary.text
        ? { tokens: countTokensExact(summary.text), exact: true }
        : { tokens: estimateTokens(summary.bytes), exact: false };
      return memo;
    },
  };
}
