// Waiting for a child to answer its readiness URL, against a deadline.
import { Agent, request } from "undici";

/** Why: a readiness probe is an HTTP GET that must answer 2xx; a socket path selects a Unix socket. */
export interface Probe {
  url: string;
  socketPath?: string;
}

/** Why: one GET with a short timeout; true on 2xx, false on anything else (never throws). */
export async function probeOnce(probe: Probe, timeoutMs = 1_000): Promise<boolean> {
  const dispatcher = probe.socketPath ? new Agent({ connect: { socketPath: probe.socketPath } }) : undefined;
  try {
    const response = await request(probe.url, { dispatcher, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
    await response.body.dump();
    return response.statusCode >= 200 && response.statusCode < 300;
  } catch {
    return false;
  } finally {
    await dispatcher?.close();
  }
}

/** Why: start-up waits until ready, fails fast when the child dies, and gives up at the deadline. */
export async function waitReady(
  probe: Probe,
  options: { deadlineMs: number; isAlive?: () => boolean; intervalMs?: number },
): Promise<"ready" | "died" | "timeout"> {
  const until = Date.now() + options.deadlineMs;
  while (Date.now() < until) {
    if (options.isAlive && !options.isAlive()) return "died";
    if (await probeOnce(probe)) return "ready";
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 150));
  }
  return "timeout";
}
