// The hook channel's per-install secret: the server proves it holds it before a client sends anything (GET /v1/hello),
// and every client request carries it (X-CCProxy-Secret), compared in constant time.
import { createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { HttpError } from "./http-error.js";

/** Why: the header the Python hook (and ccproxy's own tools) send on every request. */
export const SECRET_HEADER = "x-ccproxy-secret";

/** Why: a fixed label inside the MAC, so a proof can never be mistaken for anything else the secret signs. */
const PROOF_LABEL = "ccproxy-hook-server/";

/** Why: paths a client may reach without the secret: liveness (start-up probes) and the proof itself, plus counters. */
export const OPEN_PATHS: ReadonlySet<string> = new Set(["/health", "/v1/hello", "/v1/stats", "/v1/cluster"]);

/** Why: HMAC-SHA256(secret, label + nonce) in hex; the Python hook computes the same and compares. */
export function proofFor(secret: string, nonce: string): string {
  return createHmac("sha256", secret).update(PROOF_LABEL + nonce).digest("hex");
}

/** Why: constant time over the secret's bytes; only the length can differ observably, and every secret is 64 hex
 * characters. (Hashing both sides first cost ~12 µs per request; this costs well under one.) */
export function secretMatches(sent: string | string[] | undefined, secret: Buffer): boolean {
  if (typeof sent !== "string" || Buffer.byteLength(sent) !== secret.length) return false;
  return timingSafeEqual(Buffer.from(sent), secret);
}

/** Why: throws 401 unless the request names the secret; the message never echoes what was sent. */
export function requireSecret(req: IncomingMessage, secret: Buffer): void {
  if (!secretMatches(req.headers[SECRET_HEADER], secret)) {
    throw new HttpError(401, `missing or wrong ${SECRET_HEADER} header (the hook secret in the config dir's hook.secret)`);
  }
}

/** Why: a nonce must be fresh randomness from the client; anything else is refused rather than signed. */
export function nonceOf(query: string): string | undefined {
  const nonce = new URLSearchParams(query).get("nonce");
  return nonce !== null && /^[0-9a-f]{32,128}$/.test(nonce) ? nonce : undefined;
}
