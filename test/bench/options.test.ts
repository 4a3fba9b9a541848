import { describe, expect, it } from "vitest";
import { parseDuration } from "../../src/bench/duration.js";
import { DEFAULT_CONNECTIONS, parseBenchOptions } from "../../src/bench/options.js";
import { CliError } from "../../src/errors.js";

describe("parseDuration", () => {
  it.each([
    ["30s", 30_000],
    ["1m", 60_000],
    ["1m30s", 90_000],
    ["500ms", 500],
    ["1.5s", 1_500],
    ["10", 10_000],
    [" 2m ", 120_000],
    ["1h", 3_600_000],
  ])("%s → %i ms", (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each(["", "abc", "10x", "-5s", "0s", "s", "5 s"])("rejects %j as a usage error (exit 2)", (text) => {
    expect(() => parseDuration(text)).toThrow(CliError);
    try {
      parseDuration(text);
    } catch (error) {
      expect((error as CliError).exitCode).toBe(2);
    }
  });
});

describe("parseBenchOptions", () => {
  it("fills the documented defaults", () => {
    expect(parseBenchOptions({})).toEqual({
      rps: 100,
      durationMs: 30_000,
      connections: DEFAULT_CONNECTIONS,
      body: "claude-code",
      stream: false,
      upstreamLatencyMs: 0,
      upstreamChunkDelayMs: 0,
      maxP99OverheadMs: 2,
      workers: 1,
      rounds: 3,
      findMaxRate: false,
      stock: true,
    });
  });

  it("converts every flag (the CI smoke command included)", () => {
    const o = parseBenchOptions({ rps: "50", duration: "10s", maxP99OverheadMs: "10", stream: true, upstreamLatency: "2.5", upstreamChunkDelay: "20", url: "http://127.0.0.1:4000", json: true, out: "out.json" });
    expect(o).toMatchObject({ rps: 50, durationMs: 10_000, maxP99OverheadMs: 10, stream: true, upstreamLatencyMs: 2.5, upstreamChunkDelayMs: 20, url: "http://127.0.0.1:4000", json: true, out: "out.json" });
    const smoke = parseBenchOptions({ rps: "20", stock: false, maxHookP99Ms: "25", workers: "auto" });
    expect(smoke).toMatchObject({ rps: 20, stock: false, maxHookP99Ms: 25 });
    expect(smoke.workers).toBeGreaterThanOrEqual(1);
  });

  it.each([
    [{ rps: "0" }, /--rps "0"/],
    [{ rps: "12.5" }, /--rps .*integer/],
    [{ connections: "many" }, /--connections/],
    [{ workers: "" }, /--workers/],
    [{ workers: "2.5" }, /--workers: expected "auto" or a whole number/],
    [{ maxHookP99Ms: "x" }, /--max-hook-p99-ms/],
    [{ maxP99OverheadMs: "-1" }, /--max-p99-overhead-ms/],
    [{ url: "localhost:4000" }, /--url/],
    [{ url: "http://127.0.0.1:4000", findMaxRate: true }, /--find-max-rate/],
  ])("rejects %j naming the flag", (raw, message) => {
    expect(() => parseBenchOptions(raw)).toThrow(message);
  });
});
