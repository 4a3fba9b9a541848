import { describe, expect, it } from "vitest";
import { HttpError } from "../../src/hook-server/http-error.js";
import { MAX_CLIENT_STRING, MAX_TOOLS } from "../../src/routing/types.js";
import { describeValue, validateSummary } from "../../src/hook-server/validate-summary.js";

const MINIMAL = { v: 1, call_type: "chat", model: "gpt-5", bytes: { system: 0, messages: 10, tools: 0 } };

function messageOf(body: unknown): string {
  try {
    validateSummary(body);
  } catch (error) {
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ status: 400, type: "ValidationError" });
    return (error as Error).message;
  }
  throw new Error("expected a 400 ValidationError");
}

describe("validateSummary", () => {
  it("accepts the minimal summary and returns it unchanged", () => {
    expect(validateSummary(MINIMAL)).toBe(MINIMAL);
  });

  it("accepts every optional field, nulls where the protocol allows them, and unknown extra fields", () => {
    const full = {
      ...MINIMAL,
      call_type: "messages",
      stream: false,
      max_tokens: null,
      thinking: { type: "enabled", budget_tokens: 31999 },
      effort: null,
      tools: [{ name: "Bash" }, { type: "web_search_20250305" }, {}],
      text: { system: "", messages: "[]", tools: "" },
      future_field: { anything: true },
    };
    expect(validateSummary(full)).toBe(full);
    expect(validateSummary({ ...MINIMAL, thinking: null, max_tokens: 0 })).toBeTruthy();
  });

  it("accepts every call type the protocol names", () => {
    for (const call_type of ["messages", "chat", "completion", "embedding", "responses", "count_tokens", "other"]) {
      expect(validateSummary({ ...MINIMAL, call_type }).call_type).toBe(call_type);
    }
  });

  it("names the field, the value and what is allowed", () => {
    expect(messageOf({ ...MINIMAL, bytes: { system: 0, messages: "x", tools: 0 } })).toBe(
      'bytes.messages: expected a non-negative integer, got "x"',
    );
    expect(messageOf({ ...MINIMAL, max_tokens: 2 ** 60 })).toContain("max_tokens: expected a non-negative integer");
    expect(messageOf({ ...MINIMAL, v: 2 })).toBe("v: unsupported protocol version 2; supported versions: 1");
    expect(messageOf({ ...MINIMAL, tools: [{ name: "a" }, 3] })).toBe("tools[1]: expected an object with name and/or type, got 3");
  });

  it("caps client strings and the tool list, so no rule's work depends on what a client sent", () => {
    const long = "x".repeat(1_000_000);
    const tools = Array.from({ length: 100_000 }, (_, i) => ({ name: `${i}${long.slice(0, 300)}`, type: long.slice(0, 1000) }));
    const s = validateSummary({ ...MINIMAL, model: long, effort: long, thinking: { type: long }, tools });
    expect([s.model.length, s.effort!.length, s.thinking!.type.length]).toEqual([MAX_CLIENT_STRING, MAX_CLIENT_STRING, MAX_CLIENT_STRING]);
    expect(s.tools).toHaveLength(MAX_TOOLS);
    expect(s.tools!.every((t) => t.name!.length === MAX_CLIENT_STRING && t.type!.length === MAX_CLIENT_STRING)).toBe(true);
    expect(s.tools![7]!.name!.startsWith("7x")).toBe(true);
    expect(validateSummary({ ...MINIMAL, model: "claude-haiku-5-5" }).model).toBe("claude-haiku-5-5");
  });

  it("accepts media counts and names a bad one", () => {
    expect(validateSummary({ ...MINIMAL, media: { images: 1, documents: 0, tokens: 1600 } }).media).toEqual({ images: 1, documents: 0, tokens: 1600 });
    expect(messageOf({ ...MINIMAL, media: { images: 1, documents: 0 } })).toBe("media.tokens: required; expected a non-negative integer");
    expect(messageOf({ ...MINIMAL, media: [] })).toBe("media: expected an object with images, documents and tokens, got an array");
  });

  it("checks fields in protocol order, so the first problem is reported", () => {
    expect(messageOf({ v: 1 })).toMatch(/^call_type: required/);
  });
});

describe("describeValue", () => {
  it("quotes strings, truncates long ones and never expands objects", () => {
    expect(describeValue("x")).toBe('"x"');
    expect(describeValue("a".repeat(50))).toBe(`"${"a".repeat(40)}…" (50 chars)`);
    expect(describeValue([1, 2])).toBe("an array");
    expect(describeValue({ a: 1 })).toBe("an object");
    expect(describeValue(null)).toBe("null");
    expect(describeValue(false)).toBe("false");
  });
});
