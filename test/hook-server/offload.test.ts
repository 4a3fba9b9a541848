// The worker thread that parses big summaries and counts texts: answers, errors, the queue bound and the watchdog.
import { afterAll, describe, expect, it } from "vitest";
import { MAX_CLIENT_STRING } from "../../src/routing/types.js";
import { silentLogger } from "../../src/hook-server/logger.js";
import { MAX_PENDING, SummaryWorker } from "../../src/hook-server/offload.js";

const SUMMARY = { v: 1, call_type: "messages", model: "claude", bytes: { system: 0, messages: 420_010, tools: 0 } };
const body = (value: unknown) => Buffer.from(JSON.stringify(value));

describe("SummaryWorker", () => {
  const worker = new SummaryWorker(silentLogger);
  afterAll(() => worker.close());

  it("counts a text off the event loop and answers with the summary without it", async () => {
    const text = { system: "", messages: JSON.stringify([{ role: "user", content: "a".repeat(420_000) }]), tools: "" };
    const answer = await worker.run(body({ ...SUMMARY, model: "m".repeat(10_000), text }), { budgetMs: 60_000 });
    expect(answer).toMatchObject({ summary: { model: "m".repeat(MAX_CLIENT_STRING), bytes: SUMMARY.bytes }, counted: { exact: true } });
    expect("summary" in answer && answer.summary.text).toBeUndefined();
    expect("counted" in answer && answer.counted!.tokens).toBeGreaterThan(50_000);
  });

  it("stops counting past stopAbove", async () => {
    const text = { system: "", messages: "word ".repeat(200_000), tools: "" };
    const answer = await worker.run(body({ ...SUMMARY, text }), { stopAbove: 1000, budgetMs: 60_000 });
    expect(answer).toMatchObject({ counted: { exact: true, atLeast: true } });
  });

  it("falls back to the estimate when the deadline has passed", async () => {
    const text = { system: "", messages: "word ".repeat(200_000), tools: "" };
    const answer = await worker.run(body({ ...SUMMARY, text }), { budgetMs: 0 });
    expect(answer).toMatchObject({ counted: { exact: false, tokens: 120_003, note: "exact count stopped at its 0 ms deadline" } });
  });

  it("reports a body that is not a valid summary with the inline parser's words", async () => {
    expect(await worker.run(Buffer.from("{nope"), { budgetMs: 1000 })).toMatchObject({ invalid: expect.stringContaining("body: invalid JSON (") });
    expect(await worker.run(body({ ...SUMMARY, model: 5 }), { budgetMs: 1000 })).toEqual({ id: expect.any(Number), invalid: "model: expected a string, got 5" });
  });

  it("refuses work beyond MAX_PENDING jobs instead of queueing without bound", async () => {
    const jobs = Array.from({ length: MAX_PENDING }, () => worker.run(body(SUMMARY), { budgetMs: 5000 }));
    await expect(worker.run(body(SUMMARY), { budgetMs: 5000 })).rejects.toMatchObject({ status: 503, type: "RouteOverloaded" });
    expect((await Promise.all(jobs)).every((a) => "summary" in a)).toBe(true);
    expect(worker.size).toBe(0);
  });
});

describe("SummaryWorker's watchdog", () => {
  it("terminates a worker that makes no progress within budget + grace, then starts a fresh one", async () => {
    const warnings: string[] = [];
    const worker = new SummaryWorker({ ...silentLogger, warn: (line: string) => warnings.push(line) }, 0);
    // A cold start is not a stall: the watchdog waits for the worker's modules before it times jobs.
    expect(await worker.run(body(SUMMARY), { budgetMs: 30_000 })).toMatchObject({ summary: { model: "claude" } });
    // Parsing 3 MB of JSON cannot take under 1 ms: with no grace, the watchdog fires first.
    const big = body({ ...SUMMARY, tools: Array.from({ length: 150_000 }, (_, i) => ({ name: `tool_${i}` })) });
    await expect(worker.run(big, { budgetMs: 1 })).rejects.toThrow("routing work for this request exceeded 1 ms");
    expect(warnings[0]).toMatch(/^summary worker made no progress for 1 ms; restarting it \(1 job\(s\) fail\)$/);
    expect(await worker.run(body(SUMMARY), { budgetMs: 30_000 })).toMatchObject({ summary: { model: "claude" } });
    await worker.close();
  });
});
