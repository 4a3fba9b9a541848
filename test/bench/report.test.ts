import { describe, expect, it } from "vitest";
import type { LoadSamples } from "../../src/bench/driver.js";
import { renderCpu, renderOverheads, renderSaturation, renderTable, renderVerdict } from "../../src/bench/render.js";
import { cpuPerRequest, overheads, TARGET, targetResult, verdict } from "../../src/bench/results.js";
import { pool, roundPlan } from "../../src/bench/rounds.js";

const samples = (total: number[], extra: Partial<LoadSamples> = {}): LoadSamples => ({
  total, ttfb: total.map((t) => t / 2), litellmOverhead: [], completed: total.length, non2xx: 0, socketErrors: 0, statusCodes: { 200: total.length }, elapsedS: 1, ...extra,
});
const ramp = (from: number) => Array.from({ length: 100 }, (_, i) => from + i / 100); // p50 from+0.49, p99 from+0.98

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
    const over = overheads([direct, plain, hook]);
    expect(verdict([direct, plain, hook], over, 2, false)).toEqual({ pass: true, reasons: [] });
    expect(verdict([direct, plain, hook], over, 1, false).reasons).toEqual(["hook p99 total overhead 1.50 ms > 1 ms"]);
    expect(verdict([direct, plain, hook], over, 1, true).reasons).toHaveLength(1); // TTFB overhead 0.75 is within 1 ms
    const broken = targetResult("url", samples([], { non2xx: 3 }));
    expect(verdict([broken], {}, 2, false).reasons).toEqual(["url: 3 errors", "url: no successful response"]);
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
    expect(renderVerdict({ pass: false, reasons: ["a", "b"] }, 2, true)).toContain("FAIL: a; b");
    expect(renderVerdict({ pass: true, reasons: [] }, 2, true)).toContain("within 2 ms");
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

describe("saturation warning", () => {
  it("names each target that achieved less than 95 % of the asked rate", () => {
    const slow = targetResult("litellm", samples(ramp(1), { completed: 90, elapsedS: 1 }));
    expect(renderSaturation([direct, slow], 100)).toEqual([expect.stringContaining("litellm kept up with only 90.0 of 100 rps")]);
    expect(renderSaturation([direct], 100)).toEqual([]);
  });
});
