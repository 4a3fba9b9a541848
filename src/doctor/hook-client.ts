// Asks the live hook server for decisions over HTTP, as the Python hook does (routing/two-step.ts drives the rounds).
import { Agent, request } from "undici";
import { SECRET_HEADER } from "../hook-server/auth.js";
import { verifyServer } from "../hook-server/client.js";
import type { Probe } from "../process/ready.js";
import type { NeedText, RouteDecision, RouteSummary } from "../routing/types.js";

/** Why: one pooled connection (Unix socket or loopback port) for a run's worth of POST /v1/route calls. */
export function hookRouter(probe: Probe, secret?: string, timeoutMs = 2_000): { route(summary: RouteSummary): Promise<RouteDecision | NeedText>; close(): Promise<void> } {
  const dispatcher = new Agent({ connections: 1, ...(probe.socketPath ? { connect: { socketPath: probe.socketPath } } : {}) });
  const url = probe.url.replace(/\/health$/, "/v1/route");
  let verified: Promise<void> | undefined;
  return {
    async route(summary) {
      if (secret) await (verified ??= verifyServer(dispatcher, probe, secret, timeoutMs));
      const response = await request(url, {
        method: "POST",
        dispatcher,
        headers: { "content-type": "application/json", ...(secret ? { [SECRET_HEADER]: secret } : {}) },
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
