// GET from the running hook server with the hook secret, after the server proved it holds it (as the Python hook does).
import { randomBytes, timingSafeEqual } from "node:crypto";
import { Agent, request } from "undici";
import { proofFor, SECRET_HEADER } from "../hook-server/auth.js";
import type { Probe } from "../process/ready.js";

/** Why: what came back: a status and the parsed JSON body, or why nothing usable did. */
export type HookAnswer = { status: number; body: unknown } | { failed: string };

/**
 * Why: endpoints behind the secret (GET /v1/sessions/<id>) for ccproxy's own tools. Over one connection: GET
 * /v1/hello?nonce=… first, and the secret goes out only when the answer's HMAC matches, so a process that took the
 * hook's port never sees it. Without a secret (an install from before hook.secret), the GET goes out bare.
 */
export async function hookGet(probe: Probe, path: string, secret: string | undefined, timeoutMs: number): Promise<HookAnswer> {
  const dispatcher = new Agent({ connections: 1, ...(probe.socketPath ? { connect: { socketPath: probe.socketPath } } : {}) });
  const url = (to: string) => new URL(to, probe.url).toString();
  const timeouts = { headersTimeout: timeoutMs, bodyTimeout: timeoutMs };
  try {
    if (secret) {
      const nonce = randomBytes(16).toString("hex");
      const hello = await request(url(`/v1/hello?nonce=${nonce}`), { dispatcher, ...timeouts });
      const proof = hello.statusCode === 200 ? ((await hello.body.json()) as { proof?: unknown }).proof : void (await hello.body.dump());
      const expected = Buffer.from(proofFor(secret, nonce));
      if (typeof proof !== "string" || proof.length !== expected.length || !timingSafeEqual(Buffer.from(proof), expected)) {
        return { failed: `the server did not prove it holds the hook secret (HTTP ${hello.statusCode})` };
      }
    }
    const response = await request(url(path), { dispatcher, headers: secret ? { [SECRET_HEADER]: secret } : {}, ...timeouts });
    const text = await response.body.text();
    try {
      return { status: response.statusCode, body: JSON.parse(text) };
    } catch {
      return { failed: `HTTP ${response.statusCode}, not JSON` };
    }
  } catch (error) {
    return { failed: (error as Error).message };
  } finally {
    await dispatcher.close();
  }
}
