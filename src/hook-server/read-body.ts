// Reads a request body with a hard size limit: summaries are small, so anything big is refused early.
import type { IncomingMessage } from "node:http";
import { ValidationError } from "../errors.js";

/** Why: after this error the rest of the body is never read, so the connection must be closed. */
export class BodyTooLarge extends ValidationError {
  override get type(): string {
    return "ValidationError";
  }
}

/** Why: only JSON is spoken; a wrong Content-Type is a client bug worth naming. */
export function checkContentType(req: IncomingMessage): void {
  const header = req.headers["content-type"];
  const mediaType = header?.split(";", 1)[0]?.trim().toLowerCase();
  if (mediaType !== "application/json") {
    const got = header === undefined ? "no Content-Type header" : JSON.stringify(header);
    throw new ValidationError(`content-type: expected application/json, got ${got}`);
  }
}

function tooLarge(limit: number, what: string): BodyTooLarge {
  return new BodyTooLarge(`body: ${what} exceeds the limit of ${limit} bytes; send a summary, not the request body`);
}

/** Why: resolves with the whole body, or rejects as soon as the limit is passed or the client gives up. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = req.headers["content-length"];
  if (declared !== undefined && Number(declared) > limit) {
    return Promise.reject(tooLarge(limit, `Content-Length ${declared}`));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      req.off("data", onData).off("end", onEnd).off("error", onAbort).off("close", onAbort);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        req.pause();
        reject(tooLarge(limit, "the chunked body"));
      } else chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    };
    const onAbort = () => {
      cleanup();
      const expected = declared === undefined ? "" : ` of ${declared}`;
      reject(new ValidationError(`body: truncated; the client closed after ${size}${expected} bytes`));
    };
    req.on("data", onData).on("end", onEnd).on("error", onAbort).on("close", onAbort);
  });
}
