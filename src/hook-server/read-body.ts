// Reads a request body with a hard size limit: summaries are small, so anything big is refused early.
import type { IncomingMessage } from "node:http";
import { HttpError } from "./http-error.js";

/** Why: only JSON is spoken; a wrong Content-Type is a client bug worth naming. */
export function checkContentType(req: IncomingMessage): void {
  const header = req.headers["content-type"];
  const mediaType = header?.split(";", 1)[0]?.trim().toLowerCase();
  if (mediaType !== "application/json") {
    const got = header === undefined ? "no Content-Type header" : JSON.stringify(header);
    throw new HttpError(400, `content-type: expected application/json, got ${got}`);
  }
}

// The rest of the body is never read after this error: the handler closes the connection.
function tooLarge(limit: number, what: string): HttpError {
  return new HttpError(400, `body: ${what} exceeds the limit of ${limit} bytes; send a summary, not the request body`);
}

/** Why: a declared body at least this big is read into one buffer of its own: no concat, and the hook server can hand
 * it to its worker thread without a copy (every copy of a 4 MB text round costs main-thread time and GC pressure). */
const PREALLOCATE_BYTES = 64 * 1024;

/** Why: resolves with the whole body, or rejects as soon as the limit is passed or the client gives up. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = req.headers["content-length"];
  if (declared !== undefined && Number(declared) > limit) {
    return Promise.reject(tooLarge(limit, `Content-Length ${declared}`));
  }
  const length = declared === undefined ? NaN : Number(declared);
  // allocUnsafeSlow: never from the shared pool, so byteOffset is 0 and the ArrayBuffer is exactly this body.
  const whole = length >= PREALLOCATE_BYTES ? Buffer.allocUnsafeSlow(length) : undefined;
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      req.off("data", onData).off("end", onEnd).off("error", onAbort).off("close", onAbort);
    };
    const onData = (chunk: Buffer) => {
      if (whole && size + chunk.length <= whole.length) chunk.copy(whole, size); // node:http never sends more
      else chunks.push(chunk);
      size += chunk.length;
      if (size > limit) {
        cleanup();
        req.pause();
        reject(tooLarge(limit, "the chunked body"));
      }
    };
    const onEnd = () => {
      cleanup();
      if (whole) resolve(size === whole.length ? whole : whole.subarray(0, size));
      else resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    };
    const onAbort = () => {
      cleanup();
      const expected = declared === undefined ? "" : ` of ${declared}`;
      reject(new HttpError(400, `body: truncated; the client closed after ${size}${expected} bytes`));
    };
    req.on("data", onData).on("end", onEnd).on("error", onAbort).on("close", onAbort);
  });
}
