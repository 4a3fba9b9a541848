// The estimator's accuracy on the sample corpus, against o200k_base BPE counts of the same sections.
// Measured (2025-11, this corpus): bodies ≥ 20 KB: -3.2% … +3.0%; smaller bodies: -12% … +45%
// (short prose-only requests are overestimated because messages are calibrated for code-heavy sessions).
import { describe, expect, it } from "vitest";
import { claudeCodeRequest, samples, sampleCallTypes, type SampleName } from "../samples/index.js";
import { summarize } from "./summary.js";
import { countTokensExact, estimateTokens, UNCERTAINTY, withinBand } from "./tokens.js";

function corpus() {
  const named = (Object.keys(samples) as SampleName[]).map((n) => ({ name: n, s: summarize(samples[n](), sampleCallTypes[n], { text: true }) }));
  // Extra sessions from 10 KB to 1.2 MB, so the fit is not only checked on the data it came from.
  const extra = Array.from({ length: 8 }, (_, i) => ({
    name: `session-${i}`,
    s: summarize(claudeCodeRequest({ seed: 500 + i, totalBytes: 10_000 * 2 ** (i * 0.9), thinking: { type: "adaptive" } }), "messages", { text: true }),
  }));
  return [...named, ...extra].map(({ name, s }) => {
    const exact = countTokensExact(s.text!);
    const bytes = s.bytes.system + s.bytes.messages + s.bytes.tools;
    return { name, bytes, exact, error: (estimateTokens(s.bytes) - exact) / exact };
  });
}

describe("token estimate from section bytes", () => {
  const rows = corpus();

  it("is within ±5% of the BPE count for every request of 20 KB or more", () => {
    const big = rows.filter((r) => r.bytes >= 20_000);
    expect(big.length).toBeGreaterThanOrEqual(12);
    for (const r of big) expect(Math.abs(r.error), r.name).toBeLessThanOrEqual(0.05);
  });

  it("stays within -15% … +50% on small requests, where no useful threshold lives", () => {
    for (const r of rows.filter((r) => r.bytes < 20_000)) {
      expect(r.error, r.name).toBeGreaterThanOrEqual(-0.15);
      expect(r.error, r.name).toBeLessThanOrEqual(0.5);
    }
  });

  it("has an uncertainty band wider than the measured error on large requests", () => {
    const worst = Math.max(...rows.filter((r) => r.bytes >= 20_000).map((r) => Math.abs(r.error)));
    expect(UNCERTAINTY).toBeGreaterThan(worst * 2);
    expect(withinBand(114_000, 100_000)).toBe(true);
    expect(withinBand(116_000, 100_000)).toBe(false);
  });

  it("counts the 150k-token sample at about 150k", () => {
    expect(rows.find((r) => r.name === "longContext")!.exact).toBeGreaterThan(140_000);
    expect(rows.find((r) => r.name === "longContext")!.exact).toBeLessThan(160_000);
  });

  it("counts text that contains special-token markers", () => {
    expect(countTokensExact({ system: "<|endoftext|>", messages: "", tools: "" })).toBeGreaterThan(1);
  });
});
