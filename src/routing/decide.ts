// The routing decision: first matching rule wins, else the default. Pure; no I/O.
import { ruleInput, type CountSource } from "./context.js";
import type { CompiledRule } from "./rules/types.js";
import { countStopAbove, type TokenCount } from "./tokens.js";
import type { NeedText, RouteDecision, RouteSummary } from "./types.js";

/** Why: what the engine reads from a loaded config (config/load.ts's LoadedConfig is one), so routing imports no config code. */
export interface RoutingTable {
  rules: readonly CompiledRule[];
  labels: ReadonlySet<string>;
  config: {
    targets: Record<string, { model: string }>;
    default: { label: string; passthrough: boolean };
    /** The rules as written: the largest `tokens` threshold bounds an exact count. */
    rules: readonly { kind: string; above?: unknown }[];
  };
  aliasFor(label: string): string;
}

/** Why: one rule's verdict, for `ccproxy route --explain` and debugging. */
export interface RuleVerdict {
  rule: string;
  kind: string;
  to: string | null;
  verdict: "matched" | "not matched" | "skipped" | "needs text" | "not reached";
  reason: string;
}

/** Why: the one function the hook server calls per request; {need: "text"} when a token threshold is too close to call.
 * `counted`: the exact count the hook server made off its event loop; without it a summary's `text` is counted here. */
export function decide(summary: RouteSummary, table: RoutingTable, counted?: TokenCount): RouteDecision | NeedText {
  const source: CountSource = counted ? { counted } : summary.text ? { stopAbove: countStopAbove(table.config.rules) } : {};
  return walk(summary, table, source);
}

/** Why: shows every rule's verdict, not just the winner, so users see why a rule did not fire; counts `text` in full. */
export function explain(summary: RouteSummary, table: RoutingTable, counted?: TokenCount): { decision: RouteDecision | NeedText; verdicts: RuleVerdict[] } {
  // Explaining shows the whole count: no stop at the largest threshold (linear time all the same).
  const verdicts: RuleVerdict[] = [];
  return { decision: walk(summary, table, counted ? { counted } : {}, verdicts), verdicts };
}

// The one loop: without `verdicts` it stops at the first match (the hot path); with them it tests every rule and
// records what each said, the ones after the winner as "not reached".
function walk(summary: RouteSummary, table: RoutingTable, source: CountSource, verdicts?: RuleVerdict[]): RouteDecision | NeedText {
  const input = ruleInput(summary, table.labels, source);
  let decision: RouteDecision | NeedText | undefined;
  for (const rule of table.rules) {
    if (rule.skipFor.has(summary.call_type)) {
      verdicts?.push(row(rule, "skipped", `${rule.kind} rules do not apply to ${summary.call_type} requests`));
      continue;
    }
    const v = rule.test(input);
    if (verdicts) {
      const state = "need" in v ? "needs text" : v.matched ? "matched" : "not matched";
      verdicts.push(decision ? row(rule, "not reached", `(${state}) ${v.reason}`) : row(rule, state, v.reason));
    }
    if (decision) continue;
    if ("need" in v) decision = { need: "text" };
    else if (v.matched) decision = routeTo(table, v.label ?? rule.to!, rule.name, v.reason);
    if (decision && !verdicts) return decision;
  }
  return decision ?? fallback(summary, table);
}

function row(rule: CompiledRule, verdict: RuleVerdict["verdict"], reason: string): RuleVerdict {
  return { rule: rule.name, kind: rule.kind, to: rule.to, verdict, reason };
}

function routeTo(table: RoutingTable, label: string, rule: string, reason: string): RouteDecision {
  const model = table.config.targets[label]!.model;
  return { label, model, alias: table.aliasFor(label), rule, reason: `rule ${rule}: ${reason}` };
}

function fallback(summary: RouteSummary, table: RoutingTable): RouteDecision {
  const { label, passthrough } = table.config.default;
  const model = table.config.targets[label]!.model;
  const kept = passthrough ? keptClaudeModel(summary.model, model) : undefined;
  if (kept) {
    return { label, model: `anthropic/${kept}`, alias: kept, rule: null, reason: `no rule matched; the client's model ${kept} is kept (default.passthrough), served through ${label}'s provider and key` };
  }
  return { label, model, alias: table.aliasFor(label), rule: null, reason: "no rule matched; default label" };
}

/** Why: an Anthropic model id as Claude Code and the SDKs send it (alias or dated); capped so no string is unbounded. */
export const CLAUDE_MODEL_ID = /^claude-[a-z0-9][a-z0-9.-]{0,79}$/;

/** Why: only a Claude id can be kept, and only when the default target speaks Anthropic (its `claude-*` deployment). */
function keptClaudeModel(requested: string, defaultModel: string): string | undefined {
  return defaultModel.startsWith("anthropic/") && CLAUDE_MODEL_ID.test(requested) ? requested : undefined;
}
