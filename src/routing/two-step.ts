// The hook protocol's exchange, written once for TypeScript callers: ask with section sizes; when the answer is
// {need: "text"} (a token threshold too close to call), ask again with the section texts.
import type { NeedText, RouteDecision, RouteSummary } from "./types.js";

/** Why: `ccproxy route`, doctor's self-test (locally and against the live hook server) and its live probes all ask
 * the way the Python hook does; `summarize(withText)` builds each round's summary, `ask` answers it. */
export async function decideInTwoSteps(
  summarize: (withText: boolean) => RouteSummary,
  ask: (summary: RouteSummary) => RouteDecision | NeedText | Promise<RouteDecision | NeedText>,
): Promise<{ decision: RouteDecision | NeedText; summary: RouteSummary }> {
  const first = summarize(false);
  const decision = await ask(first);
  if (!("need" in decision) || first.text) return { decision, summary: first };
  const second = summarize(true);
  return { decision: await ask(second), summary: second };
}
