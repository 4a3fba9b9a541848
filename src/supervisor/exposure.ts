// Listening off loopback is a decision, never an accident: it needs --allow-remote and a master key, and says what is exposed.
import { CliError } from "../errors.js";

/** Why: 127.0.0.0/8, ::1 (also IPv4-mapped) and the name localhost reach this machine only. */
export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, "$1").toLowerCase();
  return /^(?:::ffff:)?127(?:\.\d{1,3}){3}$/.test(bare) || bare === "::1" || bare === "localhost";
}

/** Why: the routes the error layer lets through by default (decisions.md "Where routes close"); anything else is 404. */
export const DOCUMENTED_ROUTES = [
  "/v1/messages", "/v1/messages/count_tokens", "/v1/chat/completions", "/v1/completions", "/v1/embeddings", "/v1/responses",
  "/v1/models", "/health/liveliness", "/health/readiness",
] as const;

/** Why: what `start` prints before it binds off loopback, so exposure is never silent. */
export function describeExposure(options: { host: string; port: number; exposeLitellmRoutes?: boolean; masterKeyFrom: string }): string[] {
  const lines = [
    `LiteLLM listens on ${options.host}:${options.port}: reachable from the network (--allow-remote)`,
    `  exposed: ${DOCUMENTED_ROUTES.join(", ")} (the same routes without /v1 too)`,
    `  every API request needs the master key (${options.masterKeyFrom}); the health routes answer anyone`,
  ];
  if (options.exposeLitellmRoutes) {
    lines.push("  also exposed: every other LiteLLM route (admin UI, key management, pass-through routes), because proxy.expose_litellm_routes is on");
  }
  lines.push("  not exposed: the hook server (Unix socket or 127.0.0.1 only); provider keys stay in LiteLLM's environment");
  return lines;
}

/** Why: the one rule, shared by `start`, `restart` and `run`: off loopback only with the flag and with a master key. */
export function checkListenHost(host: string, options: { allowRemote: boolean; masterKeyFrom: string | undefined }): void {
  if (isLoopback(host)) return;
  if (!options.allowRemote) {
    throw new CliError(`refusing to listen on ${host}: that is reachable from the network`, {
      hint: "start it with `ccproxy start --allow-remote` to mean it (clients then need the master key), or listen on 127.0.0.1 (--host / proxy.host)",
    });
  }
  if (!options.masterKeyFrom) {
    throw new CliError(`refusing to listen on ${host} without a master key`, {
      hint: "run `ccproxy init` (it writes master.key), or set the variable proxy.master_key names",
    });
  }
}
