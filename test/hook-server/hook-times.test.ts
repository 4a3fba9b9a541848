import { describe, expect, it } from "vitest";
import { HookTimes, validateTiming } from "../../src/hook-server/hook-times.js";
import { LatencyHistogram } from "../../src/hook-server/latency-histogram.js";

/** A worker's batch as timing.py builds it: the buckets of a histogram that recorded `values`. */
function batch(worker: string, step: string, values: number[]) {
  const h = new LatencyHistogram();
  for (const v of values) h.record(v);
  return { worker, steps: { [step]: h.buckets() } };
}

describe("the hook's step times", () => {
  it("keeps each worker's and all workers' percentiles", () => {
    const times = new HookTimes();
    times.add(validateTiming(batch("101", "hook", [800, 900, 1000])));
    times.add(validateTiming(batch("202", "hook", [2000])));
    times.add(validateTiming(batch("101", "hook", [850])));
    const view = times.snapshot();
    expect(view.pooled.hook).toMatchObject({ count: 5, max: 2000 });
    expect(view.workers["101"]!.hook).toMatchObject({ count: 4, max: 1000 });
    expect(view.workers["202"]!.hook).toMatchObject({ count: 1, p50: 2000 });
    expect(view).not.toHaveProperty("buckets");
    expect(times.snapshot(true).buckets!.pooled.hook!.max).toBe(2000);
  });

  it("forgets the least recently heard worker past 64", () => {
    const times = new HookTimes();
    for (let pid = 1; pid <= 66; pid++) times.add(validateTiming(batch(String(pid), "summary", [10])));
    const workers = Object.keys(times.snapshot().workers);
    expect(workers).toHaveLength(64);
    expect(workers).not.toContain("1");
    expect(times.snapshot().pooled.summary!.count).toBe(66);
  });

  it.each([
    [null, /expected \{worker, steps\}/],
    [{ worker: "abc", steps: {} }, /worker: expected a process id/],
    [{ worker: "1", steps: [] }, /steps: expected an object/],
    [{ worker: "1", steps: { nap: { buckets: {}, max: 1 } } }, /steps\.nap: unknown step/],
    [{ worker: "1", steps: { hook: { buckets: {}, max: -1 } } }, /max: expected a whole number/],
    [{ worker: "1", steps: { hook: { buckets: { 99999: 1 }, max: 1 } } }, /bad entry 99999/],
    [{ worker: "1", steps: { hook: { buckets: { 3: 0 }, max: 1 } } }, /bad entry 3/],
  ])("refuses %j", (value, message) => {
    expect(() => validateTiming(value)).toThrow(message);
  });
});
