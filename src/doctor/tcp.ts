// A TCP connect with a short deadline: "does anything listen at this URL's host and port?"
import { connect } from "node:net";

/** Why: enough to tell a wrong host or port from a working server, without sending a request (or a key). */
export function tcpReachable(url: string, timeoutMs = 1_500): Promise<string | undefined> {
  let host: string;
  let port: number;
  try {
    const parsed = new URL(url);
    host = parsed.hostname.replace(/^\[|\]$/g, "");
    port = Number(parsed.port || (parsed.protocol === "https:" ? 443 : 80));
  } catch {
    return Promise.resolve("is not a URL");
  }
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (error?: string) => {
      socket.destroy();
      resolve(error);
    };
    socket.setTimeout(timeoutMs, () => done(`did not accept a connection within ${timeoutMs / 1000} s`));
    socket.once("connect", () => done());
    socket.once("error", (error: NodeJS.ErrnoException) => done(error.code === "ECONNREFUSED" ? `refused the connection (nothing listens on ${host}:${port})` : `is unreachable (${error.code ?? error.message})`));
  });
}
