import { describe, expect, it } from "vitest";
import { AUTO_WORKERS_CAP, autoWorkers, parseWorkers } from "../../src/process/workers.js";

describe("--workers", () => {
  it("auto is one worker per core, at least one and at most the cap", () => {
    expect([1, 2, 3, 16].map((cores) => autoWorkers(cores))).toEqual([1, 2, 3, AUTO_WORKERS_CAP]);
    expect(autoWorkers(0)).toBe(1);
    expect(parseWorkers("auto", 2)).toBe(2);
  });

  it("takes a whole number and refuses anything else", () => {
    expect(parseWorkers("3")).toBe(3);
    for (const bad of ["", "0", "-1", "1.5", "four", "65"]) expect(() => parseWorkers(bad)).toThrow(/expected "auto" or a whole number 1-64/);
  });
});
