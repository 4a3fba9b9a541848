import { describe, expect, it } from "vitest";
import { renderHookTimes } from "../../src/cli/hook-times.js";

const p = (p50: number, count = 10) => ({ count, p50, p90: p50 * 1.1, p99: p50 * 1.5, max: p50 * 2 });

describe("the hook's step times as status and bench print them", () => {
  it("prints all workers first, in ms, then each worker's whole-hook row when there are several", () => {
    const lines = renderHookTimes({ pooled: { hook: p(820, 20), round_trip: p(600, 20), decide: p(3, 20) }, workers: { "11": { hook: p(800) }, "12": { hook: p(840) } } });
    expect(lines[0]).toBe("  hook time, inside LiteLLM's async_pre_call_hook (all workers, then each):");
    expect(lines[1]).toMatch(/^ {4}step \(ms\)\s+p50\s+p90\s+p99\s+max\s+requests$/);
    expect(lines[2]).toMatch(/^ {4}whole hook\s+0\.820\s+0\.902\s+1\.230\s+1\.640\s+20$/);
    expect(lines.slice(3).map((l) => l.trim().split(/\s{2,}/)[0])).toEqual(["round trip", "decide (server)", "worker 11: whole hook", "worker 12: whole hook"]);
  });

  it("shows every step per worker in detail, and says so when nothing was timed", () => {
    const detail = renderHookTimes({ pooled: { hook: p(1) }, workers: { "11": { hook: p(1), apply: p(1) }, "12": { hook: p(1) } } }, "", true);
    expect(detail.filter((l) => l.includes("worker 11:"))).toHaveLength(2);
    expect(renderHookTimes({ pooled: {}, workers: {} })).toEqual(["  hook time: no routed request timed yet"]);
  });
});
