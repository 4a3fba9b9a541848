// End to end through the real driver: a 3-second bench with --url against a mock provider.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseBenchOptions } from "../../src/bench/options.js";
import { runBench } from "../../src/bench/run.js";
import { createMockProvider, type MockProvider } from "../../src/mock-provider/server.js";
import { tempDir } from "../support/temp-dir.js";

describe("ccproxy bench --url <mock>", () => {
  let mock: MockProvider;
  let dir: string;
  beforeAll(async () => {
    mock = await createMockProvider({ latencyMs: 5 });
    dir = tempDir("ccpb-test-");
  });
  afterAll(async () => {
    await mock.close();
  });

  it("drives the body at the fixed rate, prints the table, writes --out FILE and prints --json", async () => {
    const lines: string[] = [];
    const printed: string[] = [];
    const json = join(dir, "bench.json");
    const raw = { url: mock.url, rps: "40", duration: "3s", rounds: "1", body: "small", stream: true, apiKey: "sk-test", out: json, json: true };
    const code = await runBench(parseBenchOptions(raw), { progress: (line) => lines.push(line), json: (text) => printed.push(text) });
    const output = lines.join("\n");
    expect(code).toBe(0);
    expect(output).toMatch(/^round 1\/1 url\s+\d+ req/m);
    expect(output).toContain("time to first byte (ms)");
    expect(output).toContain("PASS: no errors");

    const report = JSON.parse(readFileSync(json, "utf8"));
    expect(printed).toEqual([readFileSync(json, "utf8")]); // --json prints the same document, once
    const [target] = report.targets;
    expect(target.name).toBe("url");
    expect(target.errors).toBe(0);
    expect(target.rps).toBeGreaterThan(35);
    expect(target.rps).toBeLessThan(45);
    expect(target.total.count).toBeGreaterThan(100);
    expect(target.total.p50).toBeGreaterThanOrEqual(5); // the mock's latency is included
    expect(target.ttfb.p50).toBeLessThanOrEqual(target.total.p50);
    expect(report.machine.cores).toBeGreaterThan(0);

    const sent = mock.requests.filter((r) => r.path === "/v1/messages");
    expect(sent.length).toBeGreaterThan(target.total.count);
    expect(sent[0]!.stream).toBe(true);
    expect(sent[0]!.headers.authorization).toBe("Bearer sk-test");
    expect(new Set(sent.map((r) => JSON.stringify(r.body))).size).toBe(1); // one body, byte-identical
  });

  it("fails with exit 1 when the target answers errors", async () => {
    mock.setFault({ kind: "status", status: 529 });
    const lines: string[] = [];
    const code = await runBench(parseBenchOptions({ url: mock.url, rps: "20", duration: "1s", rounds: "1", body: "small" }), { progress: (l) => lines.push(l) });
    mock.setFault(undefined);
    expect(code).toBe(1);
    expect(lines.join("\n")).toMatch(/FAIL: url: \d+ errors/);
  });
});
