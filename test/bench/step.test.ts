import { describe, expect, it } from "vitest";
import type { LoadSamples } from "../../src/bench/driver.js";
import { bestRate, findMaxRate, nextRate, REST_AFTER_FAILURE_MS, sustains, type Step } from "../../src/bench/step.js";

const run = (completed: number, elapsedS: number, errors = 0): LoadSamples => ({
  total: [1], ttfb: [1], litellmOverhead: [], completed, non2xx: errors, socketErrors: 0, statusCodes: {}, elapsedS,
});

describe("sustains", () => {
  it("holds with no errors and ≥ 95 % of the rate achieved", () => {
    expect(sustains(100, run(960, 10))).toBe(true);
    expect(sustains(100, run(949, 10))).toBe(false);
    expect(sustains(100, run(1000, 10, 1))).toBe(false);
    expect(sustains(100, run(0, 0))).toBe(false);
  });
});

describe("nextRate", () => {
  const s = (rate: number, sustained: boolean): Step => ({ rate, sustained });

  it("grows by ×1.5 while every step held", () => {
    expect(nextRate([s(100, true)])).toBe(150);
    expect(nextRate([s(100, true), s(150, true)])).toBe(225);
    expect(nextRate([s(1, true)])).toBe(2); // always moves by at least one
  });

  it("bisects between the best held and the lowest failed rate", () => {
    expect(nextRate([s(100, true), s(150, true), s(225, false)])).toBe(188);
    expect(nextRate([s(100, true), s(150, true), s(225, false), s(188, false)])).toBe(169);
  });

  it("stops when the gap is within 10 % of the best rate", () => {
    expect(nextRate([s(150, true), s(165, false)])).toBeUndefined();
    expect(nextRate([s(150, true), s(166, false)])).toBe(158);
  });

  it("halves towards zero when even the first rate failed, and gives up at 1 rps", () => {
    expect(nextRate([s(100, false)])).toBe(50);
    expect(nextRate([s(1, false)])).toBeUndefined();
  });

  it("bestRate is the highest rate that held", () => {
    expect(bestRate([s(100, true), s(150, false), s(125, true)])).toBe(125);
    expect(bestRate([s(100, false)])).toBeUndefined();
  });
});

describe("findMaxRate", () => {
  it("converges on a simulated server that holds up to 200 rps", async () => {
    const lines: string[] = [];
    const tried: number[] = [];
    const simulate = async (rate: number) => {
      tried.push(rate);
      return rate <= 200 ? run(rate * 10, 10) : run(1800, 10);
    };
    const rests: number[] = [];
    const rest = async (ms: number) => {
      rests.push(ms);
      tried.push(-1);
    };
    const { best, steps } = await findMaxRate(100, simulate, (l) => lines.push(l), { rest });
    expect(tried).toEqual([100, 150, 225, -1, 188, 207, -1, 198]); // a rest right after each failed step, only then
    expect(rests).toEqual([REST_AFTER_FAILURE_MS, REST_AFTER_FAILURE_MS]);
    expect(best).toBe(198);
    expect(steps.filter((x) => !x.sustained).map((x) => x.rate)).toEqual([225, 207]);
    expect(lines).toHaveLength(steps.length);
    expect(lines[2]).toMatch(/225 rps.*NOT sustained/);
  });

  it("stops after maxSteps even if it has not converged", async () => {
    const { steps } = await findMaxRate(10, async (rate) => run(rate * 10, 10), () => {}, { maxSteps: 4 });
    expect(steps.map((x) => x.rate)).toEqual([10, 15, 23, 35]);
  });
});
