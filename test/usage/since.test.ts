import { describe, expect, it } from "vitest";
import { parseSince } from "../../src/usage/since.js";

const NOW = new Date("2026-11-30T12:00:00.000Z");

describe("parseSince", () => {
  it.each([
    ["30m", "2026-11-30T11:30:00.000Z"],
    ["24h", "2026-11-29T12:00:00.000Z"],
    ["7d", "2026-11-23T12:00:00.000Z"],
    ["2w", "2026-11-16T12:00:00.000Z"],
    ["2026-11-01T08:00:00Z", "2026-11-01T08:00:00.000Z"],
  ])("%s", (value, iso) => {
    expect(parseSince(value, NOW).toISOString()).toBe(iso);
  });

  it("reads a date as local midnight", () => {
    const date = parseSince("2026-11-01", NOW);
    expect([date.getFullYear(), date.getMonth(), date.getDate(), date.getHours(), date.getMinutes()]).toEqual([2026, 10, 1, 0, 0]);
  });

  it.each(["yesterday", "7", "2026-02-30", "-1d"])("rejects %s, naming the forms", (value) => {
    expect(() => parseSince(value, NOW)).toThrow(`expected a duration (30m, 24h, 7d, 2w), a date (2026-11-01) or an ISO time, got "${value}"`);
  });
});
