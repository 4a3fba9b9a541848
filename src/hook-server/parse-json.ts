// Turns body bytes into a JSON value, refusing invalid UTF-8 and pathological nesting first.
import { isUtf8 } from "node:buffer";
import { HttpError } from "./http-error.js";

/** Why: a summary nests 3 levels; 100k levels parse in ~15 ms of blocked event loop, so refuse them up front. */
export const MAX_JSON_DEPTH = 32;

const QUOTE = 0x22, BACKSLASH = 0x5c, OPEN_ARRAY = 0x5b, OPEN_OBJECT = 0x7b, CLOSE_ARRAY = 0x5d, CLOSE_OBJECT = 0x7d;

/** Why: one linear pass (skipping strings) is far cheaper than letting JSON.parse build a deep tree. */
export function jsonDepthExceeds(bytes: Uint8Array, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (inString) {
      if (b === BACKSLASH) i++;
      else if (b === QUOTE) inString = false;
    } else if (b === QUOTE) inString = true;
    else if (b === OPEN_ARRAY || b === OPEN_OBJECT) {
      if (++depth > max) return true;
    } else if (b === CLOSE_ARRAY || b === CLOSE_OBJECT) depth--;
  }
  return false;
}

/** Why: every way a body can fail to be JSON becomes one 400 that says which way. */
export function parseJsonBody(bytes: Buffer): unknown {
  if (bytes.length === 0) throw new HttpError(400, "body: empty; expected a JSON object");
  if (!isUtf8(bytes)) throw new HttpError(400, "body: not valid UTF-8");
  if (jsonDepthExceeds(bytes, MAX_JSON_DEPTH)) {
    throw new HttpError(400, `body: JSON nested deeper than ${MAX_JSON_DEPTH} levels`);
  }
  try {
    return JSON.parse(bytes.toString("utf8"));
  } catch (error) {
    throw new HttpError(400, `body: invalid JSON (${(error as Error).message})`);
  }
}
