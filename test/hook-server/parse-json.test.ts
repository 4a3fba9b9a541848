import { describe, expect, it } from "vitest";
import { jsonDepthExceeds, parseJsonBody, MAX_JSON_DEPTH } from "../../src/hook-server/parse-json.js";

const bytes = (s: string) => Buffer.from(s);

describe("jsonDepthExceeds", () => {
  it("counts nesting of arrays and objects", () => {
    expect(jsonDepthExceeds(bytes("[[[]]]"), 3)).toBe(false);
    expect(jsonDepthExceeds(bytes("[[[[]]]]"), 3)).toBe(true);
    expect(jsonDepthExceeds(bytes('{"a":{"b":[{}]}}'), 3)).toBe(true);
  });

  it("ignores brackets inside strings, including after escaped quotes", () => {
    expect(jsonDepthExceeds(bytes(`{"t":"${"[".repeat(100)}"}`), 2)).toBe(false);
    expect(jsonDepthExceeds(bytes(`{"t":"\\"${"{".repeat(100)}"}`), 2)).toBe(false);
    expect(jsonDepthExceeds(bytes(`{"t":"\\\\",${"[".repeat(5)}`), 2)).toBe(true);
  });
});

describe("parseJsonBody", () => {
  it("parses a UTF-8 JSON body", () => {
    expect(parseJsonBody(bytes('{"model":"é"}'))).toEqual({ model: "é" });
  });

  it("refuses empty, non-UTF-8, too-deep and malformed bodies with distinct messages", () => {
    expect(() => parseJsonBody(Buffer.alloc(0))).toThrow("body: empty");
    expect(() => parseJsonBody(Buffer.from([0x22, 0xc3, 0x28, 0x22]))).toThrow("body: not valid UTF-8");
    expect(() => parseJsonBody(bytes("[".repeat(MAX_JSON_DEPTH + 1)))).toThrow(`nested deeper than ${MAX_JSON_DEPTH}`);
    expect(() => parseJsonBody(bytes("{"))).toThrow("body: invalid JSON (");
  });
});
