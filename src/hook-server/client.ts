// ccproxy's own tools as clients of the running hook server: the server proves it holds the hook secret (GET /v1/hello)
// before the secret is sent to it, as the Python hook does.
import { randomBytes, timingSafeEqual } from "node:crypto";
import { Agent, request } from "undici";
import type { Probe } from "../process/ready.js";
import { proofFor, SECRET_HEADER } from "./auth.js";

/** Why: what came back: a status and the parsed JSON body, or why nothing usable did. */
export type HookAnswer = { status: number; body: unknown } | { failed: string };

/** Why: a process that took the hook's socket or port never sees the secret; throws naming the server otherwise. */
export async function verifyServer(dispatcher: Agent, probe: Probe, secret: string, timeoutMs: number): Promise<void> {
  const nonce = randomBytes(16).toString("hex");
  const hello = await request(new URL(`/v1/hello?nonce=${nonce}`, probe.url).toString(), { dispatcher, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
  const proof = hello.statusCode === 200 ? ((await hello.body.json()) as { proof?: unknown }).proof : void (await hello.body.dump());
  const expected = Buffer.from(proofFor(secret, nonce));
  if (typeof proof !== "string" || proof.length !== expected.length || !timingSafeEqual(Buffer.from(proof), expected)) {
    throw new Error(`the server at ${probe.socketPath ?? probe.url} did not prove it holds the hook secret (HTTP ${hello.statusCode})`);
  }
}

/**
 * Why: endpoints behind the secret (GET /v1/sessions/<id>) for ccproxy's own tools, over one connection. Without a
 * secret (an install from before hook.secret), the GET goes out bare.
 */
export async function hookGet(probe: Probe, path: string, secret: string | undefined, timeoutMs: number): Promise<HookAnswer> {
  const dispatcher = new Agent({ connections: 1, ...(probe.socketPath ? { connect: { socketPath: probe.socketPath } } : {}) });
  try {
    if (secret) await verifyServer(dispatcher, probe, secret, timeoutMs);
    const response = await request(new URL(path, probe.url).toString(), {
      dispatcher,
      headers: secret ? { [SECRET_HEADER]: secret } : {},
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
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
