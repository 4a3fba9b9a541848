// The Unix socket file's life cycle: refuse a live one, clear a stale one, create the new one private.
import { connect } from "node:net";
import { lstat, rm } from "node:fs/promises";
import { CliError } from "../errors.js";

/** Why: sun_path holds 104 bytes on macOS (108 on Linux) including the NUL; a longer path fails obscurely. */
export const MAX_SOCKET_PATH_BYTES = 103;

function answers(path: string, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = connect({ path });
    const done = (live: boolean) => {
      probe.destroy();
      resolve(live);
    };
    probe.setTimeout(timeoutMs, () => done(true)); // accepted but silent still means someone owns it
    probe.once("connect", () => done(true)).once("error", () => done(false));
  });
}

/** Why: a crashed server leaves its socket file behind; only a file nobody answers on may be removed. */
export async function prepareSocketPath(path: string): Promise<void> {
  const length = Buffer.byteLength(path);
  if (length > MAX_SOCKET_PATH_BYTES) {
    throw new CliError(`socket path ${path} is ${length} bytes; Unix sockets allow at most ${MAX_SOCKET_PATH_BYTES}`, {
      hint: "choose a shorter path with --socket, or use --port",
    });
  }
  const stat = await lstat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw error;
  });
  if (!stat) return;
  if (!stat.isSocket()) {
    throw new CliError(`${path} exists and is not a socket; refusing to replace it`, {
      hint: "move the file away or choose another path with --socket",
    });
  }
  if (await answers(path)) {
    throw new CliError(`a server is already listening on ${path}`, {
      hint: "stop the running hook server first (ccproxy stop), or choose another path with --socket",
    });
  }
  await rm(path, { force: true });
}

/** Why: only the owner may connect (mode 0600). A chmod after listen leaves a window in which the socket exists with the
 * default umask's mode; binding under umask 0177 creates it 0600 from the start. Node binds a Unix socket synchronously
 * inside listen() (net.Server → _listen2 → bind), so the umask is restored before anything else runs. */
export function listenPrivately(listen: () => void): void {
  const previous = process.umask(0o177);
  try {
    listen();
  } finally {
    process.umask(previous);
  }
}

/** Why: close() must leave no socket file behind, even if the OS did not unlink it. */
export async function removeSocket(path: string): Promise<void> {
  await rm(path, { force: true });
}
