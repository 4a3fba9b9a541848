// Where the hook server listens and how everything else reaches it, derived from ccproxy.yaml's hook section here only.
import type { Probe } from "../process/ready.js";
import type { Config } from "./schema.js";

/** Why: a Unix socket (mode 0600), or loopback only, where it needs the hook secret (src/hook-server/auth.ts). */
export type ListenTarget = { socket: string } | { host: "127.0.0.1"; port: number };

/** Why: where the hook server listens when ccproxy.yaml names neither hook.socket nor hook.port (inside the config dir). */
export const DEFAULT_HOOK_SOCKET = "hook.sock";

/** Why: hook.port beats the socket; the loader already resolved hook.socket (default hook.sock) against the config's folder. */
export function hookAddress(hook: Config["hook"]): ListenTarget {
  return hook.port !== undefined ? { host: "127.0.0.1", port: hook.port } : { socket: hook.socket };
}

/** Why: the readiness line, logs and warnings print addresses one way. */
export function describeTarget(target: ListenTarget): string {
  return "socket" in target ? target.socket : `http://${target.host}:${target.port}`;
}

/** Why: `start`, `status`, `doctor` and the bench poll the hook server's /health at its address. */
export function hookProbe(target: ListenTarget): Probe {
  return "socket" in target ? { url: "http://hook/health", socketPath: target.socket } : { url: `${describeTarget(target)}/health` };
}
