// Server-sent events as both providers write them, with pacing and a mid-stream cut for fault tests.
import type { ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import type { SseStream } from "./types.js";

/** Why: pacing between events and where (if anywhere) to drop the connection. */
export interface SseOptions {
  chunkDelayMs: number;
  /** Destroy the socket after this many events (the cut-stream fault). */
  cutAfterEvents: number | undefined;
}

/** Why: one place that frames `event:`/`data:` lines, so every route streams the same way. */
export function openSse(res: ServerResponse, options: SseOptions): SseStream {
  res.writeHead(200, {
    "content-type": "text/event-stream; charset=utf-8",
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
      const payload = typeof data === "string" ? data : JSON.stringify(data);
      const frame = `${name === undefined ? "" : `event: ${name}\n`}data: ${payload}\n\n`;
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

/** Why: a cut must look like a dropped connection (no terminating chunk), not a clean end. */
export function cut(res: ServerResponse): void {
  res.socket?.destroy();
  res.destroy();
}
