import { EventEmitter } from "node:events";
import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { readBody } from "../../src/hook-server/read-body.js";

// A request that emits the given chunks; enough of IncomingMessage for readBody.
function fakeRequest(chunks: Buffer[], headers: Record<string, string>): IncomingMessage {
  const req = Object.assign(new EventEmitter(), { headers, pause() {} });
  setImmediate(() => {
    for (const chunk of chunks) req.emit("data", chunk);
    req.emit("end");
  });
  return req as unknown as IncomingMessage;
}

describe("readBody", () => {
  it("reads a big declared body into one buffer that owns its memory (movable to the worker without a copy)", async () => {
    const chunks = Array.from({ length: 5 }, (_, i) => Buffer.alloc(40_000, 97 + i));
    const body = await readBody(fakeRequest(chunks, { "content-length": "200000" }), 1_000_000);
    expect(body.equals(Buffer.concat(chunks))).toBe(true);
    expect([body.byteOffset, body.buffer.byteLength]).toEqual([0, 200_000]);
  });

  it("concatenates small and chunked bodies", async () => {
    expect((await readBody(fakeRequest([Buffer.from("{"), Buffer.from("}")], { "content-length": "2" }), 100)).toString()).toBe("{}");
    expect((await readBody(fakeRequest([Buffer.from("[1"), Buffer.from("]")], {}), 100)).toString()).toBe("[1]");
  });

  it("refuses a body over the limit", async () => {
    await expect(readBody(fakeRequest([], { "content-length": "101" }), 100)).rejects.toThrow("body: Content-Length 101 exceeds the limit of 100 bytes");
    await expect(readBody(fakeRequest([Buffer.alloc(60), Buffer.alloc(60)], {}), 100)).rejects.toThrow("the chunked body exceeds");
  });
});
