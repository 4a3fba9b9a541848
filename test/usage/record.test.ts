// checkRecord: the one gate for records from workers and from files.
import { describe, expect, it } from "vitest";
import { checkRecord } from "../../src/usage/record.js";
import { record } from "./fixtures.js";

describe("checkRecord", () => {
  it("accepts a record and rebuilds it from known fields only (a stray prompt is never kept)", () => {
    const input = { ...record({ id: "x" }), messages: [{ role: "user", content: "secret prompt" }], api_key: "sk-secret" };
    const checked = checkRecord(input);
    expect(checked).toEqual(record({ id: "x" }));
    expect(JSON.stringify(checked)).not.toMatch(/secret/);
  });

  it("keeps an error's type and code, and normalises missing optional fields to null", () => {
    const { ttft_ms, session, ...rest } = record({ ok: false });
    expect(checkRecord({ ...rest, error: { type: "UpstreamError", code: 529 } })).toMatchObject({
      ok: false,
      ttft_ms: null,
      session: null,
      error: { type: "UpstreamError", code: 529 },
    });
  });

  it.each([
    ["not an object", [], "not a JSON object"],
    ["wrong version", { ...record(), v: 2 }, "v: expected 1, got 2"],
    ["bad time", { ...record(), ts: "yesterday" }, 'ts: expected an ISO UTC time, got "yesterday"'],
    ["negative tokens", { ...record(), in: -1 }, "in: expected a non-negative integer, got -1"],
    ["fractional tokens", { ...record(), out: 1.5 }, "out: expected a non-negative integer, got 1.5"],
    ["cost as a string", { ...record(), cost: "0.1" }, 'cost: expected a non-negative number or null, got "0.1"'],
    ["label not a string", { ...record(), label: 5 }, "label: expected a string or null, got 5"],
    ["stream not a boolean", { ...record(), stream: "yes" }, 'stream: expected a boolean, got "yes"'],
    ["error without a type", { ...record(), error: { code: 500 } }, "error.type: expected a string, got nothing"],
  ])("rejects %s", (_name, value, problem) => {
    expect(checkRecord(value)).toBe(problem);
  });
});
