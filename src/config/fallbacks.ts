// Fallback chains: which labels serve a request, in order, when its target fails. LiteLLM walks them
// (router fallbacks); this module spells out the order it walks, so `route --explain`, the generated
// config and the Python hook's per-request chain agree.
import type { Segment } from "./issues.js";

/** Why: the part of a target that fallbacks read. */
export interface ChainTarget {
  fallbacks?: string[];
  context_window_fallbacks?: string[];
}

/** Why: a generic failure (429, 5xx, 529, timeout, refused connection) and a context-window error walk different lists. */
export type ChainKind = "fallbacks" | "context_window_fallbacks";

/** Why: one label's chains, as `route --explain`, the hook settings and `status` show them. */
export interface Chains {
  fallbacks: string[];
  context_window_fallbacks: string[];
  /** `fallbacks` for a Claude subscription (OAuth) request: forward_oauth targets only. */
  oauth_fallbacks: string[];
  oauth_context_window_fallbacks: string[];
}

/** Why: the next hops from one label; a context-window error uses `context_window_fallbacks`, else `fallbacks`. */
function edges(targets: Readonly<Record<string, ChainTarget>>, label: string, kind: ChainKind): readonly string[] {
  const target = targets[label];
  if (!target) return [];
  return (kind === "context_window_fallbacks" ? target.context_window_fallbacks : undefined) ?? target.fallbacks ?? [];
}

/**
 * Why: LiteLLM's router tries a label's list in order; when a fallback fails too, that fallback's own list
 * is tried before the rest of the first (each label at most once per request). That is a depth-first walk,
 * flattened here into the one ordered list the request may visit.
 */
export function fallbackChain(targets: Readonly<Record<string, ChainTarget>>, label: string, kind: ChainKind = "fallbacks"): string[] {
  const seen = new Set([label]);
  const chain: string[] = [];
  const visit = (from: string) => {
    for (const next of edges(targets, from, kind)) {
      if (seen.has(next) || !targets[next]) continue;
      seen.add(next);
      chain.push(next);
      visit(next);
    }
  };
  visit(label);
  return chain;
}

/**
 * Why: every chain of one label, the OAuth ones filtered: a subscription token only goes to targets that take it
 * (`takesOAuth`: oauth/forward.ts forwardsOAuth, passed in by the caller).
 */
export function chainsFor<T extends ChainTarget>(targets: Readonly<Record<string, T>>, label: string, takesOAuth: (target: NoInfer<T>) => boolean): Chains {
  const oauth = (labels: string[]) => labels.filter((l) => takesOAuth(targets[l]!));
  const fallbacks = fallbackChain(targets, label);
  const context = fallbackChain(targets, label, "context_window_fallbacks");
  return { fallbacks, context_window_fallbacks: context, oauth_fallbacks: oauth(fallbacks), oauth_context_window_fallbacks: oauth(context) };
}

/** Why: true when any target names a fallback: cooldowns and the generated router fallbacks depend on it. */
export function hasFallbacks(targets: Readonly<Record<string, { fallbacks?: unknown; context_window_fallbacks?: unknown }>>): boolean {
  const named = (list: unknown) => Array.isArray(list) && list.length > 0;
  return Object.values(targets).some((t) => typeof t === "object" && t !== null && (named(t.fallbacks) || named(t.context_window_fallbacks)));
}

/** Why: the longest chain any request may walk; LiteLLM stops after router_settings.max_fallbacks hops. */
export function longestChain(targets: Readonly<Record<string, ChainTarget>>): number {
  let longest = 0;
  for (const label of Object.keys(targets)) {
    for (const kind of ["fallbacks", "context_window_fallbacks"] as const) longest = Math.max(longest, fallbackChain(targets, label, kind).length);
  }
  return longest;
}

/** Why: a fallback must name another defined target, once; caught at load time with the key's line. */
export function fallbackProblems(targets: Readonly<Record<string, unknown>>): { path: Segment[]; message: string }[] {
  const problems: { path: Segment[]; message: string }[] = [];
  const labels = Object.keys(targets);
  for (const label of labels) {
    const target = targets[label];
    if (typeof target !== "object" || target === null) continue;
    for (const kind of ["fallbacks", "context_window_fallbacks"] as const) {
      const list = (target as Record<string, unknown>)[kind];
      if (!Array.isArray(list)) continue;
      const seen = new Set<unknown>();
      list.forEach((entry, i) => {
        if (typeof entry !== "string") return; // reported by the schema
        if (entry === label) problems.push({ path: ["targets", label, kind, i], message: `"${entry}" is this target itself; name other targets` });
        else if (!labels.includes(entry)) problems.push({ path: ["targets", label, kind, i], message: `"${entry}" is not a target; defined targets: ${labels.join(", ")}` });
        else if (seen.has(entry)) problems.push({ path: ["targets", label, kind, i], message: `"${entry}" is listed twice` });
        seen.add(entry);
      });
    }
  }
  return problems;
}
