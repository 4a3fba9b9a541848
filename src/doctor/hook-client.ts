// Asks the live hook server for a decision, exactly as the Python hook does (POST /v1/route, then the text if asked).
import { Agent, request } from "undici";
import type { Probe } from "../process/ready.js";
import { summarize } from "../routing/summary.js";
import type { CallType, NeedText, RouteDecision, RouteSummary } from "../routing/types.js";

/** Why: the two-step protocol (sizes first, texts only on {need: "text"}) shared by the live and the local side. */
export async function decideInTwoSteps(body: unknown, callType: CallType, ask: (summary: RouteSummary) => Promise<RouteDecision | NeedText>): Promise<RouteDecision | NeedText> {
  const first = await ask(summarize(body, callType));
  return "need" in first ? ask(summarize(body, callType, { text: true })) : first;
}

/** Why: one pooled connection (Unix socket or loopback port) for a run's worth of POST /v1/route calls. */
export function hookRouter(probe: Probe, timeoutMs = 2_000): { route(summary: RouteSummary): Promise<RouteDecision | NeedText>; close(): Promise<void> } {
  const dispatcher = probe.socketPath ? new Agent({ connect: { socketPath: probe.socketPath } }) : new Agent();
  const url = probe.url.replace(/\/health$/, "/v1/route");
  return {
    async route(summary) {
      const response = await request(url, {
        method: "POST",
        dispatcher,
        headers: { "content-type": "application/json" },
        body: JSON.stringify(summary),
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      const answer = (await response.body.json()) as (RouteDecision | NeedText) & { error?: { message: string } };
      if (response.statusCode !== 200) throw new Error(`hook server answered ${response.statusCode}: ${answer.error?.message ?? "no message"}`);
      return answer;
    },
    close: () => dispatcher.close(),
  };
}
