// Free loopback ports for tests and the bench, which run several servers side by side.
import { createServer } from "node:net";

/** Why: asks the kernel for an unused 127.0.0.1 port (there is a small race; callers bind soon after). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}
