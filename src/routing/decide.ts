// The routing decision: first matching rule wins, else the default. Pure; no I/O.
import type { LoadedConfig } from "../config/load.js";
import { ruleInput, type CountSource } from "./context.js";
import type { Verdict } from "./rules/types.js";
import { countStopAbove, type TokenCount } from "./tokens.js";
import type { NeedText, RouteDecision, RouteSummary } from "./types.js";

/** Why: the one function the hook server calls per request; {need: "text"} when a token threshold is too close to call.
 * `counted`: the exact count the hook server made off its event loop; without it a summary's `text` is counted here. */
export function decide(summary: RouteSummary, loaded: LoadedConfig, counted?: TokenCount): RouteDecision | NeedText {
  const input = ruleInput(summary, loaded.labels, countSource(summary, loaded, counted));
  for (const rule of loaded.rules) {
    if (rule.skipFor.has(summary.call_type)) continue;
    const verdict = rule.test(input);
    if ("need" in verdict) return { need: "text" };
    if (verdict.matched) return routeTo(loaded, verdict.label ?? rule.to!, rule.name, verdict.reason);
  }
  return fallback(summary, loaded);
}

/** Why: one rule's verdict, for `ccproxy route --explain` and debugging. */
export interface RuleVerdict {
  rule: string;
  kind: string;
  to: string | null;
  verdict: "matched" | "not matched" | "skipped" | "needs text" | "not reached";
  reason: string;
}

/** Why: shows every rule's verdict, not just the winner, so users see why a rule did not fire; counts `text` in full. */
export function explain(summary: RouteSummary, loaded: LoadedConfig, counted?: TokenCount): { decision: RouteDecision | NeedText; verdicts: RuleVerdict[] } {
  // Explaining shows the whole count: no stop at the largest threshold (linear time all the same).
  const input = ruleInput(summary, loaded.labels, counted ? { counted } : {});
  const verdicts: RuleVerdict[] = [];
  let decision: RouteDecision | NeedText | undefined;
  for (const rule of loaded.rules) {
    const row = (verdict: RuleVerdict["verdict"], reason: string) => verdicts.push({ rule: rule.name, kind: rule.kind, to: rule.to, verdict, reason });
    if (rule.skipFor.has(summary.call_type)) {
      row("skipped", `${rule.kind} rules do not apply to ${summary.call_type} requests`);
      continue;
    }
    const v: Verdict = rule.test(input);
    const state = "need" in v ? "needs text" : v.matched ? "matched" : "not matched";
    row(decision ? "not reached" : state, decision ? `(${state}) ${v.reason}` : v.reason);
    if (decision) continue;
    if ("need" in v) decision = { need: "text" };
    else if (v.matched) decision = routeTo(loaded, v.label ?? rule.to!, rule.name, v.reason);
  }
  return { decision: decision ?? fallback(summary, loaded), verdicts };
}

function countSource(summary: RouteSummary, loaded: LoadedConfig, counted: TokenCount | undefined): CountSource {
  if (counted) return { counted };
  return summary.text ? { stopAbove: countStopAbove(loaded.config.rules) } : {};
}

function routeTo(loaded: LoadedConfig, label: string, rule: string, reason: string): RouteDecision {
  const model = loaded.config.targets[label]!.model;
  return { label, model, alias: loaded.aliasFor(label), rule, reason: `rule ${rule}: ${reason}` };
}

function fallback(summary: RouteSummary, loaded: LoadedConfig): RouteDecision {
  const { label, passthrough } = loaded.config.default;
  const model = loaded.config.targets[label]!.model;
  const kept = passthrough ? keptClaudeModel(summary.model, model) : undefined;
  if (kept) {
    return { label, model: `anthropic/${kept}`, alias: kept, rule: null, reason: `no rule matched; the client's model ${kept} is kept (default.passthrough), served through ${label}'s provider and key` };
  }
  return { label, model, alias: loaded.aliasFor(label), rule: null, reason: "no rule matched; default label" };
}

/** Why: an Anthropic model id as Claude Code and the SDKs send it (alias or dated); capped so no string is unbounded. */
export const CLAUDE_MODEL_ID = /^claude-[a-z0-9][a-z0-9.-]{0,79}$/;

/** Why: only a Claude id can be kept, and only when the default target speaks Anthropic (its `claude-*` deployment). */
function keptClaudeModel(requested: string, defaultModel: string): string | undefined {
  return defaultModel.startsWith("anthropic/") && CLAUDE_MODEL_ID.test(requested) ? requested : undefined;
}
