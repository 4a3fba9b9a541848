// Asks the live hook server for decisions over HTTP, as the Python hook does (routing/two-step.ts drives the rounds).
import { randomBytes, timingSafeEqual } from "node:crypto";
import { Agent, request } from "undici";
import { proofFor, SECRET_HEADER } from "../hook-server/auth.js";
import type { Probe } from "../process/ready.js";
import type { NeedText, RouteDecision, RouteSummary } from "../routing/types.js";

/** Why: as the Python hook does, the server proves it holds the hook secret before the secret is sent to it. */
async function verifyServer(dispatcher: Agent, probe: Probe, secret: string, timeoutMs: number): Promise<void> {
  const nonce = randomBytes(16).toString("hex");
  const response = await request(probe.url.replace(/\/health$/, `/v1/hello?nonce=${nonce}`), { dispatcher, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
  const proof = response.statusCode === 200 ? ((await response.body.json()) as { proof?: unknown }).proof : void (await response.body.dump());
  const expected = Buffer.from(proofFor(secret, nonce));
  if (typeof proof !== "string" || proof.length !== expected.length || !timingSafeEqual(Buffer.from(proof), expected)) {
    throw new Error(`the server at ${probe.socketPath ?? probe.url} did not prove it holds the hook secret (HTTP ${response.statusCode})`);
  }
}

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
