// Raw HTTP/1.1 over a socket, for requests fetch cannot send: bodies shorter than their
// content-length, bodies trickled byte by byte, arbitrary bytes.
import { connect } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";

/** Why: what a test asserts about a raw exchange; `status` is 0 when the server closed without answering. */
export interface RawResponse {
  status: number;
  body: string;
}

/** Why: the parts of a hand-written request; `parts` are written with `gapMs` between them. */
export interface RawRequest {
  url: string;
  path: string;
  headers: Record<string, string>;
  parts: (string | Buffer)[];
  gapMs?: number;
  /** Give up (and report what arrived) after this long. */
  timeoutMs?: number;
}

/** Why: sends the head and body parts as given, then reads until the server answers and closes or the timeout. */
export async function rawRequest(request: RawRequest): Promise<RawResponse> {
  const { hostname, port } = new URL(request.url);
  const socket = connect(Number(port), hostname);
  socket.setNoDelay(true);
  const chunks: Buffer[] = [];
  const done = new Promise<void>((resolve) => {
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("close", () => resolve());
    socket.on("error", () => resolve());
  });
  const head = [`POST ${request.path} HTTP/1.1`, `host: ${hostname}:${port}`, "connection: close"];
  for (const [name, value] of Object.entries(request.headers)) head.push(`${name}: ${value}`);
  socket.write(`${head.join("\r\n")}\r\n\r\n`);
  const writing = (async () => {
    for (const part of request.parts) {
      if (socket.destroyed || chunks.length > 0) return;
      socket.write(part);
      if (request.gapMs) await sleep(request.gapMs);
    }
  })();
  const timeout = sleep(request.timeoutMs ?? 15_000).then(() => socket.destroy());
  await Promise.race([done, timeout]);
  socket.destroy();
  await writing;
  return parseResponse(Buffer.concat(chunks).toString("utf8"));
}

function parseResponse(text: string): RawResponse {
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
  const [head = "", ...rest] = text.split("\r\n\r\n");
  const body = rest.join("\r\n\r\n");
  return { status, body: /transfer-encoding: chunked/i.test(head) ? dechunk(body) : body };
}

function dechunk(body: string): string {
  let out = "";
  let rest = body;
  for (;;) {
    const line = rest.indexOf("\r\n");
    const size = parseInt(rest.slice(0, line), 16);
    if (!(size > 0)) return out;
    out += rest.slice(line + 2, line + 2 + size);
    rest = rest.slice(line + 2 + size + 2);
  }
}
