// A recording pass-through in front of a server under test: a client pointed at the tap reaches the server unchanged
// (bodies and streamed answers piped through), and the test reads exactly what the client sent — including requests
// the server answers itself and never forwards (HEAD probes, count_tokens, /v1/models).
import { createServer, request, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

/** Why: what a test asserts about one client request as it arrived, before the proxy touched it. */
export interface TappedRequest {
  method: string;
  /** Path with its query string, as sent (e.g. "/v1/messages?beta=true"). */
  url: string;
  headers: Record<string, string>;
  bodyBytes: number;
  /** The body parsed as JSON; undefined when empty or not JSON. */
  body: unknown;
  /** The server's status; 0 until the answer's head arrived, 502 when the server could not be reached. */
  status: number;
}

/** Why: the handle a test holds: where to point the client, and what it sent. */
export interface HttpTap {
  url: string;
  requests: TappedRequest[];
  reset(): void;
  close(): Promise<void>;
}

/** Why: one loopback tap per suite, forwarding to `target` (an http:// origin). */
export async function createHttpTap(target: string): Promise<HttpTap> {
  const upstream = new URL(target);
  const requests: TappedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const raw = Buffer.concat(chunks);
      const seen: TappedRequest = { method: req.method ?? "GET", url: req.url ?? "/", headers: flat(req.headers), bodyBytes: raw.length, body: parseJson(raw), status: 0 };
      requests.push(seen);
      const forward = request(
        { host: upstream.hostname, port: upstream.port, method: seen.method, path: seen.url, headers: { ...req.headers, host: upstream.host } },
        (answer) => {
          seen.status = answer.statusCode ?? 0;
          res.writeHead(seen.status, answer.headers);
          answer.pipe(res);
        },
      );
      forward.on("error", () => {
        seen.status = 502;
        if (!res.headersSent) res.writeHead(502, { "content-type": "text/plain" }).end("tap: upstream unreachable");
        else res.destroy();
      });
      forward.end(raw);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    reset: () => void (requests.length = 0),
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

function flat(headers: IncomingHttpHeaders): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(", ") : (v ?? "")]));
}

function parseJson(raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  try {
    return JSON.parse(raw.toString("utf8"));
  } catch {
    return undefined;
  }
}
