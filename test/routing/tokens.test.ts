// The estimator's accuracy on the sample corpus, against o200k_base BPE counts of the same sections.
// Measured (2025-11, this corpus): bodies ≥ 20 KB: -3.2% … +3.0%; smaller bodies: -12% … +45%
// (short prose-only requests are overestimated because messages are calibrated for code-heavy sessions).
import { describe, expect, it } from "vitest";
import { claudeCodeRequest, samples, sampleCallTypes, type SampleName } from "../../src/samples/index.js";
import { summarize } from "../../src/routing/summary.js";
import { createRequire } from "node:module";
import { countStopAbove, countTokensBounded, countTokensExact, estimateTokens, MAX_PIECE_CHARS, toTokenCount, UNCERTAINTY, withinBand } from "../../src/routing/tokens.js";

const library = createRequire(import.meta.url)("gpt-tokenizer/encoding/o200k_base") as { countTokens(text: string, o: object): number };
const plain = { disallowedSpecial: new Set<string>() };
const one = (messages: string) => ({ system: "", messages, tools: "" });

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

describe("bounded exact count", () => {
  it("equals gpt-tokenizer's own count when no piece is longer than MAX_PIECE_CHARS", () => {
    for (const name of ["claudeCodeMain", "openaiChat", "webSearch"] as const) {
      const text = JSON.stringify(samples[name]());
      expect(countTokensExact(one(text)), name).toBe(library.countTokens(text, plain));
    }
  });

  it("counts pathological single pieces in slices: at most one token more per slice than the whole-piece count", () => {
    // Sizes where the library's quadratic merge is still quick enough to compare with.
    for (const piece of ["a".repeat(4000), "A".repeat(4000), " ".repeat(4000), "=".repeat(4000), "漢字".repeat(2000), "🚀".repeat(1000)]) {
      const whole = library.countTokens(piece, plain);
      const sliced = countTokensExact(one(piece));
      expect(sliced, piece.slice(0, 4)).toBeGreaterThanOrEqual(whole);
      expect(sliced - whole, piece.slice(0, 4)).toBeLessThanOrEqual(Math.ceil(piece.length / MAX_PIECE_CHARS));
    }
  });

  it("never splits a surrogate pair at a slice boundary", () => {
    const emoji = "x" + "🚀".repeat(MAX_PIECE_CHARS * 4); // the odd start puts pairs across every boundary
    expect(countTokensExact(one(emoji))).toBe(countTokensExact(one("x")) + countTokensExact(one("🚀".repeat(MAX_PIECE_CHARS * 4))));
  });

  it("counts the 420,000-character run without spaces from issue 11 (45 s before; slices now)", () => {
    const body = JSON.stringify([{ role: "user", content: "a".repeat(420_000) }]);
    expect(countTokensBounded(one(body)).tokens).toBeGreaterThan(420_000 / 8);
  });

  it("stops once the count passes stopAbove, and at the deadline", () => {
    const text = one(JSON.stringify(samples.size600k()));
    const full = countTokensExact(text);
    const early = countTokensBounded(text, { stopAbove: 10_000 });
    expect(early.stopped).toBe("above");
    expect(early.tokens).toBeGreaterThan(10_000);
    expect(early.tokens).toBeLessThan(full / 2);
    const late = countTokensBounded(text, { deadline: performance.now() - 1 });
    expect(late.stopped).toBe("deadline");
    expect(late.tokens).toBeLessThan(full / 10);
    expect(countTokensBounded(text, { stopAbove: full * 2 })).toEqual({ tokens: full });
  });

  it("turns a stopped count into what rules see", () => {
    const bytes = { system: 0, messages: 35_000, tools: 0 }; // ~10,000 estimated
    expect(toTokenCount({ tokens: 12 }, bytes, 1000)).toEqual({ tokens: 12, exact: true });
    expect(toTokenCount({ tokens: 130_001, stopped: "above" }, bytes, 1000)).toEqual({ tokens: 130_001, exact: true, atLeast: true });
    expect(toTokenCount({ tokens: 42, stopped: "deadline" }, bytes, 1000)).toEqual({ tokens: 10_000, exact: false, note: "exact count stopped at its 1000 ms deadline" });
  });

  it("stops above the largest tokens threshold only", () => {
    expect(countStopAbove([{ kind: "model" }, { kind: "tokens", above: 60_000 }, { kind: "tokens", above: 120_000 }])).toBe(120_000);
    expect(countStopAbove([{ kind: "model" }])).toBeUndefined();
  });
});
