// Streamed answers as the providers write them (SSE, and Ollama's NDJSON), with pacing and a mid-stream cut for fault
// tests.
import type { ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import type { Framing, SseStream } from "./types.js";

/** Why: pacing between events and where (if anywhere) to drop the connection. */
export interface SseOptions {
  chunkDelayMs: number;
  /** Destroy the socket after this many events (the cut-stream fault). */
  cutAfterEvents: number | undefined;
}

const CONTENT_TYPES: Record<Framing, string> = {
  sse: "text/event-stream; charset=utf-8",
  "sse-crlf": "text/event-stream",
  ndjson: "application/x-ndjson",
};

/** Why: one place that frames events, so every route streams the same way. */
export function openSse(res: ServerResponse, options: SseOptions, framing: Framing = "sse"): SseStream {
  res.writeHead(200, {
    "content-type": CONTENT_TYPES[framing],
    "cache-control": "no-cache",
    connection: "keep-alive",
  });
  let sent = 0;
  if (options.cutAfterEvents === 0) {
    res.flushHeaders();
    setImmediate(() => cut(res));
  }
  const alive = (): boolean => !res.destroyed && !res.writableEnded;
  return {
    async send(name, data) {
      if (!alive()) return;
      if (sent > 0 && options.chunkDelayMs > 0) {
        await sleep(options.chunkDelayMs);
        if (!alive()) return;
      }
      const frame = frameOf(framing, name, typeof data === "string" ? data : JSON.stringify(data));
      sent += 1;
      if (options.cutAfterEvents === undefined || sent < options.cutAfterEvents) {
        res.write(frame);
        return;
      }
      await new Promise<void>((resolve) => res.write(frame, () => resolve()));
      cut(res);
    },
    end() {
      if (alive()) res.end();
    },
  };
}

function frameOf(framing: Framing, name: string | undefined, payload: string): string {
  if (framing === "ndjson") return `${payload}\n`;
  if (framing === "sse-crlf") return `data: ${payload}\r\n\r\n`;
  return `${name === undefined ? "" : `event: ${name}\n`}data: ${payload}\n\n`;
}

/** Why: a cut must look like a dropped connection (no terminating chunk), not a clean end. */
export function cut(res: ServerResponse): void {
  res.socket?.destroy();
  res.destroy();
}
