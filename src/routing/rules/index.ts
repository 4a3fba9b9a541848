// The registry of rule kinds: the config loader validates and compiles rules through it.
import { customRule } from "./custom.js";
import { modelRule } from "./model.js";
import { thinkingRule } from "./thinking.js";
import { tokensRule } from "./tokens.js";
import { toolRule } from "./tool.js";
import type { RuleKind } from "./types.js";
import { webSearchRule } from "./web-search.js";

/** Why: one lookup from a rule's `kind` to its schema and compiler. */
export const RULE_KINDS: Readonly<Record<string, RuleKind<any>>> = Object.fromEntries(
  [thinkingRule, modelRule, tokensRule, webSearchRule, toolRule, customRule].map((k) => [k.kind, k]),
);

export type { CompiledRule, RuleInput, Verdict } from "./types.js";
export type { CustomContext, CustomRoute } from "./custom.js";
