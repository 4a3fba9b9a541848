// Parses a whole SSE body into events, so tests can check order and content of a stream.

/** Why: one parsed `event:`/`data:` frame; `data` is JSON-decoded when it parses. */
export interface SseEvent {
  event: string | undefined;
  data: unknown;
  raw: string;
}

/** Why: splits on blank lines exactly as the SSE spec does; a half frame at the end is kept raw. */
export function parseSse(body: string): SseEvent[] {
  return body
    .split(/\r?\n\r?\n/)
    .filter((frame) => frame.trim() !== "")
    .map((frame) => {
      let event: string | undefined;
      const data: string[] = [];
      for (const line of frame.split(/\r?\n/)) {
        if (line.startsWith("event:")) event = line.slice(6).trim();
        else if (line.startsWith("data:")) data.push(line.slice(5).trimStart());
      }
      const joined = data.join("\n");
      let parsed: unknown = joined;
      try {
        parsed = JSON.parse(joined);
      } catch {
        // keep the raw string ([DONE], or a broken frame the test will flag)
      }
      return { event, data: parsed, raw: frame };
    });
}
