// `doctor --live` sends one tiny request per label. The hook rewrites the model, so a request reaches a label
// only by its shape: each probe is shaped to match that label's rule, and checked against decide() first.
import type { LoadedConfig } from "../config/load.js";
import { decide } from "../routing/decide.js";
import { summarize } from "../routing/summary.js";
import { decideInTwoSteps } from "../routing/two-step.js";

/** Why: the cheapest body that lands on each label, or the reason no cheap body does. */
export interface LivePlan {
  probes: Map<string, Record<string, unknown>>;
  unreachable: Map<string, string>;
}

const PLAIN_MODEL = "claude-sonnet-5-5";

/** Why: max_tokens 8 and a one-line prompt keep each probe at a fraction of a cent. */
export function tinyRequest(model = PLAIN_MODEL, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { model, max_tokens: 8, messages: [{ role: "user", content: "Reply with the word OK." }], ...extra };
}

/** Why: candidates come from the rules themselves; a label keeps the first candidate decide() routes to it. */
export async function planLiveProbes(loaded: LoadedConfig): Promise<LivePlan> {
  const probes = new Map<string, Record<string, unknown>>();
  for (const body of candidates(loaded)) {
    const { decision } = await decideInTwoSteps((text) => summarize(body, "messages", { text }), (summary) => decide(summary, loaded));
    if (!("need" in decision) && !probes.has(decision.label)) probes.set(decision.label, body);
  }
  const unreachable = new Map<string, string>();
  for (const label of loaded.labels) if (!probes.has(label)) unreachable.set(label, whyUnreachable(loaded, label));
  return { probes, unreachable };
}

function candidates(loaded: LoadedConfig): Record<string, unknown>[] {
  const bodies = [tinyRequest()];
  for (const rule of loaded.config.rules) {
    const p = rule as Record<string, unknown>;
    if (rule.kind === "model" && typeof p.contains === "string") bodies.push(tinyRequest(p.contains));
    if (rule.kind === "model" && typeof p.glob === "string") bodies.push(tinyRequest(p.glob.replace(/[*?]/g, "x")));
    if (rule.kind === "web_search") bodies.push(tinyRequest(PLAIN_MODEL, { tools: [{ type: "web_search_20250305", name: "web_search", max_uses: 1 }] }));
    if (rule.kind === "tool" && typeof p.tool === "string") {
      bodies.push(tinyRequest(PLAIN_MODEL, { tools: [{ name: p.tool, description: "doctor probe; do not call", input_schema: { type: "object", properties: {} } }] }));
    }
    if (rule.kind === "thinking" && Array.isArray(p.effort_in) && typeof p.effort_in[0] === "string") {
      bodies.push(tinyRequest(PLAIN_MODEL, { output_config: { effort: p.effort_in[0] } }));
    }
    if (rule.kind === "thinking" && p.effort_in === undefined && p.budget_at_least === undefined) {
      bodies.push(tinyRequest(PLAIN_MODEL, { thinking: { type: "adaptive" } }));
    }
  }
  return bodies;
}

function whyUnreachable(loaded: LoadedConfig, label: string): string {
  const rules = loaded.config.rules.filter((r) => r.to === label);
  const tokens = rules.find((r) => r.kind === "tokens") as { name: string; above?: number } | undefined;
  if (tokens) return `only requests above ${tokens.above} tokens reach it (rule ${tokens.name}); not sent, to keep --live cheap`;
  if (!rules.length) return "no rule routes to it and it is not the default label";
  return `no tiny request matches its rule${rules.length > 1 ? "s" : ""} (${rules.map((r) => `${r.name}: ${r.kind}`).join(", ")}) before an earlier rule does`;
}
