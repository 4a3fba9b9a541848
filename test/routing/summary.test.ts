import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildVectors, VECTORS_FILE } from "../fixtures/make-vectors.js";
import { samples } from "../../src/samples/index.js";
import { normalizeCallType } from "../../src/routing/call-type.js";
import { summarize } from "../../src/routing/summary.js";

describe("summarize", () => {
  it("summarizes a Claude Code 2.1.x main request per the protocol", () => {
    const body = samples.claudeCodeMain();
    const s = summarize(body, "messages");
    expect(s).toMatchObject({ v: 1, call_type: "messages", model: "claude-sonnet-4-5-20250929", stream: true, max_tokens: 32000, thinking: { type: "adaptive" }, effort: "high" });
    expect(s.tools).toHaveLength(24);
    expect(s.tools).toContainEqual({ name: "WebSearch" });
    expect(s.bytes).toEqual({
      system: Buffer.byteLength(JSON.stringify(body.system)),
      messages: Buffer.byteLength(JSON.stringify(body.messages)),
      tools: Buffer.byteLength(JSON.stringify(body.tools)),
    });
    expect(s.text).toBeUndefined();
  });

  it("adds the section texts only when asked", () => {
    const body = samples.webSearch();
    const s = summarize(body, "messages", { text: true });
    expect(s.text).toEqual({ system: JSON.stringify(body.system), messages: JSON.stringify(body.messages), tools: JSON.stringify(body.tools) });
    expect(s.tools).toEqual([{ name: "web_search", type: "web_search_20250305" }]);
  });

  it("counts UTF-8 bytes, not UTF-16 units", () => {
    const s = summarize({ model: "m", messages: ["é🚀"] }, "messages");
    expect(s.bytes.messages).toBe(Buffer.byteLength('["é🚀"]'));
    expect(s.bytes.messages).toBe(10);
  });

  it("maps sections per call type", () => {
    expect(summarize(samples.openaiChat(), "chat")).toMatchObject({ max_tokens: 4096, effort: "low", tools: [{ name: "get_weather", type: "function" }], bytes: { system: 0 } });
    const r = samples.openaiResponses();
    expect(summarize(r, "responses")).toMatchObject({ max_tokens: 2048, effort: "medium", bytes: { system: Buffer.byteLength(JSON.stringify(r.instructions)), messages: Buffer.byteLength(JSON.stringify(r.input)) } });
    const e = samples.embeddings();
    expect(summarize(e, "embedding")).toEqual({ v: 1, call_type: "embedding", model: "text-embedding-3-small", bytes: { system: 0, messages: Buffer.byteLength(JSON.stringify(e.input)), tools: 0 } });
    expect(summarize({ model: "x", prompt: "hi", tools: [{ name: "t" }] }, "completion")).toEqual({ v: 1, call_type: "completion", model: "x", bytes: { system: 0, messages: 4, tools: 0 } });
  });

  it("never throws on garbage", () => {
    expect(summarize(null, "messages")).toEqual({ v: 1, call_type: "messages", model: "", bytes: { system: 0, messages: 0, tools: 0 } });
    expect(summarize([1, 2], "chat").model).toBe("");
  });
});

describe("summary-vectors.json (shared with the Python hook)", () => {
  it("is up to date with summarize(); regenerate with `npx tsx test/fixtures/make-vectors.ts`", () => {
    const onDisk = JSON.parse(readFileSync(VECTORS_FILE, "utf8"));
    expect(onDisk).toEqual(JSON.parse(JSON.stringify(buildVectors())));
    expect(onDisk.length).toBeGreaterThanOrEqual(15);
  });
});

describe("normalizeCallType", () => {
  it.each([
    ["anthropic_messages", "messages"], ["acompletion", "chat"], ["completion", "chat"],
    ["atext_completion", "completion"], ["text_completion", "completion"], ["aembedding", "embedding"],
    ["embeddings", "embedding"], ["aresponses", "responses"], ["responses", "responses"], ["count_tokens", "count_tokens"],
    ["pass_through_endpoint", "other"], ["/v1/messages", "messages"], ["/v1/messages?beta=true", "messages"],
    ["/v1/messages/count_tokens", "count_tokens"], ["/v1/chat/completions", "chat"], ["/chat/completions/", "chat"],
    ["/v1/completions", "completion"], ["/v1/embeddings", "embedding"], ["/v1/responses", "responses"], ["/v1/models", "other"],
  ] as const)("%s → %s", (input, expected) => {
    expect(normalizeCallType(input)).toBe(expected);
  });
});
