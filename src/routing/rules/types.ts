// The contract between the rule engine (decide/explain) and each rule kind's module.
import type { z } from "zod";
import type { TokenCount } from "../tokens.js";
import type { CallType, RouteSummary } from "../types.js";

/** Why: what every rule sees: the summary, a lazy token count, the labels it may return. */
export interface RuleInput {
  summary: RouteSummary;
  /** Estimated or exact input tokens; `exact` is true when counted from `text` (or by the hook server's counter). */
  tokens(): TokenCount;
  labels: ReadonlySet<string>;
}

/** Why: a rule answers match / no match with a human reason, or asks for the text to count. */
export type Verdict =
  | { matched: true; reason: string; label?: string }
  | { matched: false; reason: string }
  | { need: "text"; reason: string };

/** Why: compiled once at config load; `test` runs on every request and must be pure and fast. */
export interface CompiledRule {
  name: string;
  kind: string;
  /** The label a match routes to; null for custom rules, whose function returns the label. */
  to: string | null;
  /** Call types this rule makes no sense for: skipped, and explain says so. */
  skipFor: ReadonlySet<CallType>;
  test(input: RuleInput): Verdict;
  /** Files the rule was compiled from (custom modules), so hot reload can watch them. */
  files?: string[];
}

/** Why: thrown by a kind's compile step for a bad parameter, so the loader can name `rules[i].<param>`. */
export class RuleParamError extends Error {
  constructor(readonly param: string, message: string) {
    super(message);
  }
}

/** Why: what a kind's compile step yields: the test, and the files it came from (custom modules). */
export interface Matcher {
  test(input: RuleInput): Verdict;
  files?: string[];
}

/** Why: one module per kind owns its parameter schema and its matcher. */
export interface RuleKind<P = unknown> {
  kind: string;
  /** Parameters other than name/kind/to, as a strict object schema. */
  params: z.ZodType<P>;
  /** Whether the rule needs `to` (false: it must not have one). */
  needsTo: boolean;
  skipFor: readonly CallType[];
  compile(params: P, env: { dir: string }): Matcher | Promise<Matcher>;
}

/** Why: thinking, web_search and tool rules make no sense without a conversation. */
export const NO_CONVERSATION: readonly CallType[] = ["embedding", "completion"];
