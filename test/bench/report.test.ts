import { describe, expect, it } from "vitest";
import type { LoadSamples } from "../../src/bench/driver.js";
import { renderCpu, renderOverheads, renderStockRatio, renderTable, renderVerdict } from "../../src/bench/render.js";
import { BENCH_EXIT, cpuPerRequest, minSamples, overheads, TARGET, targetResult, verdict } from "../../src/bench/results.js";
import { pool, roundPlan } from "../../src/bench/rounds.js";

const samples = (total: number[], extra: Partial<LoadSamples> = {}): LoadSamples => ({
  total, ttfb: total.map((t) => t / 2), litellmOverhead: [], completed: total.length, non2xx: 0, socketErrors: 0, statusCodes: { 200: total.length }, elapsedS: 1, ...extra,
});
const ramp = (from: number, n = 100) => Array.from({ length: n }, (_, i) => from + i / n); // p50 from+0.49, p99 from+0.98 (n = 100)

const direct = targetResult(TARGET.direct, samples(ramp(1)));
const plain = targetResult(TARGET.plain, samples(ramp(4), { litellmOverhead: [2, 3, 4] }));
const hook = targetResult(TARGET.hook, samples(ramp(5.5), { litellmOverhead: [3, 4, 5] }));

describe("results", () => {
  it("per target: rps, errors (non-2xx + socket), LiteLLM header median", () => {
    const r = targetResult("x", samples([1, 2], { completed: 10, non2xx: 2, socketErrors: 1, elapsedS: 2 }));
    expect(r).toMatchObject({ rps: 5, errors: 3 });
    expect(r.litellmOverheadMs).toBeUndefined();
    expect(plain.litellmOverheadMs).toBe(3);
  });

  it("hook = with − without, LiteLLM = without − direct", () => {
    const over = overheads([direct, plain, hook]);
    expect(over.hook!.total.p50).toBeCloseTo(1.5, 9);
    expect(over.hook!.total.p99).toBeCloseTo(1.5, 9);
    expect(over.hook!.ttfb.p99).toBeCloseTo(0.75, 9);
    expect(over.litellm!.total.p50).toBeCloseTo(3, 9);
    expect(overheads([direct])).toEqual({});
  });

  it("verdict fails on overhead over budget, on errors and on empty targets", () => {
    const [d, p, h] = [direct, plain, hook].map((r) => ({ ...r, total: { ...r.total, count: 300 } }));
    const over = overheads([d!, p!, h!]);
    const at = (budgetMs: number, stream = false) => verdict([d!, p!, h!], over, { rate: 100, budgetMs, stream });
    expect(at(2)).toEqual({ status: "pass", reasons: [], inconclusive: [] });
    expect(at(1).reasons).toEqual(["hook p99 total overhead 1.50 ms > 1 ms"]);
    expect(at(1, true).reasons).toHaveLength(1); // TTFB overhead 0.75 is within 1 ms
    const broken = targetResult("url", samples([], { non2xx: 3 }));
    expect(verdict([broken], {}, { rate: 100, budgetMs: 2, stream: false })).toMatchObject({ status: "fail", reasons: ["url: 3 errors", "url: no successful response"] });
  });

  it("is inconclusive, never a pass, when a target falls below 95 % of the rate or a p99 rests on too few samples", () => {
    const many = (name: string, from: number, extra: Partial<LoadSamples> = {}) => targetResult(name, samples(ramp(from, 300), { elapsedS: 3, ...extra }));
    const [p, h] = [many(TARGET.plain, 4), many(TARGET.hook, 5)];
    const inputs = { rate: 100, budgetMs: 2, stream: false };
    expect(verdict([p, h], overheads([p, h]), inputs).status).toBe("pass");
    const saturated = many(TARGET.hook, 5, { elapsedS: 3.5 }); // 300 in 3.5 s = 85.7 rps of 100
    const v = verdict([p, saturated], overheads([p, saturated]), inputs);
    expect(v).toEqual({ status: "inconclusive", reasons: [], inconclusive: ["litellm+hook saturated at 85.7 rps (asked 100)"] });
    expect(BENCH_EXIT[v.status]).toBe(3);
    expect(verdict([plain, hook], overheads([plain, hook]), inputs).inconclusive).toEqual(["100 samples per target cannot resolve a p99 overhead (needs 200)"]);
    const failing = many(TARGET.hook, 5, { elapsedS: 3.5, non2xx: 1 });
    expect(verdict([p, failing], overheads([p, failing]), inputs).status).toBe("fail"); // an error wins over inconclusive
    expect([minSamples(0.5), minSamples(0.9), minSamples(0.99)]).toEqual([4, 20, 200]);
  });

  it("gates the in-hook p99 from the hook's histograms when asked", () => {
    const inputs = { rate: 1, budgetMs: 2, stream: false, maxHookP99Ms: 5 };
    const hookTime = (p99: number, count = 500) => ({ count, p50: 0.8, p90: 0.9, p99, max: p99 + 1 });
    expect(verdict([], {}, { ...inputs, hookTime: hookTime(1.2) }).status).toBe("pass");
    expect(verdict([], {}, { ...inputs, hookTime: hookTime(7.5) }).reasons).toEqual(["in-hook p99 7.50 ms > 5 ms"]);
    expect(verdict([], {}, { ...inputs, hookTime: hookTime(1.2, 50) }).inconclusive).toEqual(["50 in-hook samples cannot resolve its p99 (needs 200)"]);
    expect(verdict([], {}, inputs).reasons).toEqual(["the hook reported no in-hook times"]);
    expect(verdict([], {}, { ...inputs, maxHookP99Ms: undefined }).status).toBe("pass");
  });
});

describe("rendering", () => {
  it("aligns one row per target and adds a TTFB table when streaming", () => {
    const text = renderTable([direct, plain, hook], false);
    const lines = text.split("\n");
    expect(lines[0]).toBe("total time (ms)");
    expect(lines[1]).toMatch(/^target\s+p50\s+p90\s+p99\s+max\s+rps\s+errors\s+litellm hdr\s+cpu\/req$/);
    expect(lines[4]).toMatch(/^litellm\+hook\s+5\.99\s+6\.39\s+6\.48\s+6\.49\s+100\.0\s+0\s+4\.00\s+-$/);
    expect(new Set(lines.slice(1).map((l) => l.length)).size).toBe(1);
    expect(renderTable([direct], true)).toContain("time to first byte (ms)");
  });

  it("prints signed overheads and a verdict line", () => {
    const text = renderOverheads(overheads([direct, plain, hook]), false);
    expect(text).toContain("hook overhead (litellm+hook − litellm) total: p50 +1.50 ms, p99 +1.50 ms");
    expect(text).toContain("LiteLLM's own overhead (litellm − mock direct) total: p50 +3.00 ms");
    expect(renderVerdict({ status: "fail", reasons: ["a", "b"], inconclusive: [] }, 2, true)).toContain("FAIL: a; b");
    expect(renderVerdict({ status: "pass", reasons: [], inconclusive: [] }, 2, true)).toContain("within 2 ms");
    expect(renderVerdict({ status: "inconclusive", reasons: [], inconclusive: ["litellm saturated at 55.0 rps (asked 100)"] }, 2, true)).toContain("inconclusive: litellm saturated at 55.0 rps");
  });
});

describe("rounds", () => {
  it("rotates the order so every target leads one round", () => {
    const order = roundPlan(["a", "b", "c"], 3).map((p) => `${p.round}${p.target}`);
    expect(order).toEqual(["0a", "0b", "0c", "1b", "1c", "1a", "2c", "2a", "2b"]);
  });

  it("pools samples and counts without aliasing the first run", () => {
    const first = samples([1, 2]);
    const pooled = pool(pool(undefined, first), samples([3], { non2xx: 1, statusCodes: { 200: 1, 500: 1 } }));
    expect(pooled.total).toEqual([1, 2, 3]);
    expect(first.total).toEqual([1, 2]);
    expect(pooled).toMatchObject({ completed: 3, non2xx: 1, elapsedS: 2, statusCodes: { 200: 3, 500: 1 } });
    const cpu = pool(pool(undefined, samples([1], { cpuMs: { litellm: 10 } })), samples([2], { cpuMs: { litellm: 5 } }));
    expect(cpu.cpuMs).toEqual({ litellm: 15 });
    expect(pool(pool(undefined, samples([1], { cpuMs: { litellm: 10 } })), samples([2])).cpuMs).toBeUndefined();
  });
});

describe("CPU per request", () => {
  it("charges each target its metered processes and prints the hook's share", () => {
    const metered = (name: string, cpuMs: Record<string, number>) => targetResult(name, samples(ramp(1), { cpuMs }));
    const p = metered(TARGET.plain, { litellm: 2000 }); // 100 requests
    const h = metered(TARGET.hook, { litellm: 2300, "hook server": 40 });
    expect(h.cpuMsPerRequest).toEqual({ litellm: 23, "hook server": 0.4 });
    expect(cpuPerRequest(h)).toBeCloseTo(23.4, 9);
    expect(renderCpu([direct, p, h])).toBe("hook CPU per request: +3.40 ms (litellm+hook: litellm 23.00 + hook server 0.40; litellm: 20.00)");
    expect(renderCpu([direct, plain, hook])).toBeUndefined();
    expect(renderTable([p], false).split("\n")[2]).toMatch(/20\.00$/);
  });
});

describe("against stock LiteLLM", () => {
  it("divides ccproxy's LiteLLM CPU per request by stock's, alone and with the hook server", () => {
    const metered = (name: string, cpuMs: Record<string, number>) => targetResult(name, samples(ramp(1), { cpuMs }));
    const stock = metered(TARGET.stock, { litellm: 3000 });
    const h = metered(TARGET.hook, { litellm: 2100, "hook server": 40 });
    expect(renderStockRatio([stock, h])).toBe("LiteLLM CPU per request against stock: 21.00 / 30.00 ms = 0.70× (with the hook server 21.40 ms = 0.71×)");
    expect(renderStockRatio([h])).toBeUndefined();
  });
});
