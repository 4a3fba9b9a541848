// Usage recording end to end: a real LiteLLM with two workers and our hook, mock Anthropic and OpenAI providers, the
// hook server writing <config dir>/usage/. What each request used (as the mock reported it), what it cost (LiteLLM's
// price table), failures with their error type, two workers at once, and status / statusline / usage reading it back.
import { readFileSync, readdirSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { runStatusline } from "../../src/commands/statusline.js";
import { renderHookTimes, type HookTimesView } from "../../src/cli/hook-times.js";
import { usageLines } from "../../src/commands/status.js";
import { runUsage } from "../../src/commands/usage.js";
import { estimateTokens } from "../../src/mock-provider/reply.js";
import type { MockProvider } from "../../src/mock-provider/server.js";
import { samples } from "../../src/samples/index.js";
import type { UsageRecord } from "../../src/usage/record.js";
import { readHookStats } from "../support/hook-stats.js";
import { bootProxy, type ProxyUnderTest } from "../support/proxy-stack.js";
import { parseSse } from "../support/sse.js";

let proxy: ProxyUnderTest;
let seen = 0; // records read by earlier tests
const startedAt = new Date();

beforeAll(async () => {
  proxy = await bootProxy(
    (doc) => {
      doc.hook = { ...doc.hook, timeout_ms: 10_000 }; // two workers on a busy machine: no fail_open (unrouted) record by accident
      // api: responses keeps it openai/ (priced by LiteLLM); think, on another server, is chat completions (hosted_vllm/, unpriced)
      doc.targets.priced = { model: "openai/gpt-4o-mini", api_base: doc.targets.think.api_base, api_key: "os.environ/MOCK_KEY", api: "responses" };
      doc.rules = [{ name: "mini", kind: "model", contains: "mini", to: "priced" }, { name: "gpt", kind: "model", contains: "gpt-", to: "think" }, ...doc.rules];
    },
    {},
    () => ({}),
    { workers: 2, readyDeadlineMs: 240_000 },
  );
}, 300_000);
afterAll(async () => proxy?.close());
beforeEach(() => {
  proxy.anthropic.reset();
  proxy.openai.reset();
});

/** Why: claude-sonnet-4-5's list price per million tokens, applied to a record's own token counts. */
function price(r: UsageRecord): number {
  return ((r.in - r.cache_read - r.cache_write) * 3 + r.cache_write * 3.75 + r.cache_read * 0.3 + r.out * 15) / 1e6;
}

function allRecords(): UsageRecord[] {
  const dir = join(proxy.dir, "usage");
  return readdirSync(dir)
    .sort()
    .flatMap((file) => readFileSync(join(dir, file), "utf8").split("\n").filter(Boolean))
    .map((line) => JSON.parse(line) as UsageRecord);
}

/** The next `n` records, once the workers have shipped them (batched, a moment after each answer). */
async function nextRecords(n: number): Promise<UsageRecord[]> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    let records: UsageRecord[] = [];
    try {
      records = allRecords();
    } catch {
      // the usage dir appears with the first batch
    }
    if (records.length >= seen + n || Date.now() > deadline) {
      const fresh = records.slice(seen, seen + n);
      seen += fresh.length;
      expect(fresh).toHaveLength(n);
      return fresh.sort((a, b) => (a.ts < b.ts ? -1 : 1));
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** What the mock billed for its i-th recorded request (its usage is the byte estimate of what it received and said). */
function mockTokens(mock: MockProvider, index: number): { in: number; out: number } {
  const request = mock.requests[index]!;
  return { in: estimateTokens(request.body), out: estimateTokens(`Hello from mock-${request.api} (model ${request.model})`) };
}

async function post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  const response = await proxy.post(path, body, headers);
  return { status: response.status, text: await response.text() };
}

/** POST /v1/messages on a connection of its own (no keep-alive): which LiteLLM worker accepts it is the kernel's race. */
function postOnNewConnection(body: unknown): Promise<number> {
  const url = new URL(`${proxy.stack.url}/v1/messages`);
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: "POST", agent: false, headers: { "content-type": "application/json", authorization: `Bearer ${proxy.stack.masterKey}`, "content-length": Buffer.byteLength(payload) } }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
    req.end(payload);
  });
}

describe("usage records", () => {
  test("Anthropic target, JSON then streamed: tokens as the provider reported them, cache write then read, cost, TTFT, session", async () => {
    const body = samples.claudeCodeMain() as Record<string, unknown>;
    const session = { "x-claude-code-session-id": "a1b2c3d4-0000-4000-8000-000000000001" };
    expect((await post("/v1/messages", { ...body, stream: false }, session)).status).toBe(200);
    const streamed = await post("/v1/messages", { ...body, stream: true }, session);
    expect(parseSse(streamed.text).at(-1)?.event).toBe("message_stop");
    const [json, stream] = await nextRecords(2);
    for (const [record, index] of [[json!, 0], [stream!, 1]] as const) {
      expect(record).toMatchObject({
        v: 1,
        label: "default",
        rule: null,
        alias: "claude-sonnet-4-5-20250929",
        model: "anthropic/claude-sonnet-4-5-20250929",
        provider: "anthropic",
        call_type: "messages",
        stream: index === 1,
        ok: true,
        session: "a1b2c3d4-0000-4000-8000-000000000001",
        ...mockTokens(proxy.anthropic, index),
      });
      expect(Object.keys(record)).toEqual(["v", "ts", "id", "label", "rule", "alias", "model", "provider", "call_type", "stream", "ok", "in", "out", "cache_read", "cache_write", "cost", "latency_ms", "ttft_ms", "session"]);
      expect(record.latency_ms).toBeGreaterThan(0);
    }
    // Claude Code's cache_control prefix: written by the first request, read by the second (the mock's prompt cache)
    expect(json!.cache_write).toBeGreaterThan(1024);
    expect([json!.cache_read, stream!.cache_read, stream!.cache_write]).toEqual([0, json!.cache_write, 0]);
    // LiteLLM's price for claude-sonnet-4-5: $3/M input, $3.75/M cache write, $0.30/M cache read, $15/M output
    expect(json!.cost).toBeCloseTo(price(json!), 6);
    expect(stream!.cost).toBeCloseTo(price(stream!), 6);
    expect(json!.ttft_ms).toBeNull();
    expect(stream!.ttft_ms).toBeGreaterThan(0);
    expect(stream!.ttft_ms).toBeLessThanOrEqual(stream!.latency_ms!);
    const text = JSON.stringify([json, stream]);
    expect(text).not.toContain(proxy.stack.masterKey!);
    expect(text).not.toContain("sk-mock-upstream-key");
    expect(text).not.toMatch(/"role"|"content"|"tools"|Hello from mock|synthetic coding agent|system-reminder/);
  });

  test("OpenAI-compatible targets, chat JSON and streamed (usage in the final chunk), and a Claude Code stream translated to chat", async () => {
    const chat = { messages: [{ role: "user", content: "hello there" }] };
    expect((await post("/v1/chat/completions", { ...chat, model: "gpt-4o-mini" })).status).toBe(200);
    const streamed = await post("/v1/chat/completions", { ...chat, model: "gpt-4o-mini", stream: true });
    expect(streamed.text).not.toContain('"usage"'); // asked upstream for the recording, stripped for a client that did not ask
    await post("/v1/chat/completions", { ...chat, model: "gpt-x", stream: true, stream_options: { include_usage: true } });
    await post("/v1/messages", { ...(samples.claudeCodeMain() as object), model: "gpt-x", stream: true });
    const records = await nextRecords(4);
    const upstream = proxy.openai.requests;
    expect(upstream.map((r) => [r.path, r.stream, (r.body as { stream_options?: unknown }).stream_options ?? null])).toEqual([
      ["/v1/chat/completions", false, null],
      ["/v1/chat/completions", true, { include_usage: true }],
      ["/v1/chat/completions", true, { include_usage: true }],
      ["/v1/chat/completions", true, { include_usage: true }],
    ]);
    expect(records.map((r) => [r.label, r.rule, r.model, r.call_type, r.stream, r.ok])).toEqual([
      ["priced", "mini", "openai/gpt-4o-mini", "chat", false, true],
      ["priced", "mini", "openai/gpt-4o-mini", "chat", true, true],
      ["think", "gpt", "openai/gpt-think", "chat", true, true],
      ["think", "gpt", "openai/gpt-think", "messages", true, true],
    ]);
    records.forEach((record, index) => expect(record).toMatchObject(mockTokens(proxy.openai, index)));
    // gpt-4o-mini: $0.15/M input, $0.60/M output; gpt-think has no price: null, never 0
    for (const record of records.slice(0, 2)) expect(record.cost).toBeCloseTo((record.in * 0.15 + record.out * 0.6) / 1e6, 9);
    expect(records.slice(2).map((r) => r.cost)).toEqual([null, null]);
    expect(records[3]!.ttft_ms).toBeGreaterThan(0);
  });

  test("failures are recorded with the error type and status the client got", async () => {
    const hi = { model: "claude-sonnet-4-5", max_tokens: 64, messages: [{ role: "user", content: "hi" }] };
    proxy.anthropic.setFault({ kind: "status", status: 529, times: 1 });
    expect((await post("/v1/messages", hi)).status).toBe(529);
    proxy.anthropic.setFault({ kind: "status", status: 429, times: 1 });
    expect((await post("/v1/messages", hi)).status).toBe(429);
    proxy.anthropic.setFault({ kind: "cut-stream", afterEvents: 3 });
    await post("/v1/messages", { ...hi, stream: true });
    const records = await nextRecords(3);
    expect(records.map((r) => [r.ok, r.error, r.stream, r.label])).toEqual([
      [false, { type: "UpstreamError", code: 529 }, false, "default"],
      [false, { type: "UpstreamError", code: 429 }, false, "default"],
      [false, { type: "UpstreamUnavailable", code: 502 }, true, "default"],
    ]);
    expect(records.slice(0, 2).map((r) => [r.cost, r.in, r.out])).toEqual([[0, 0, 0], [0, 0, 0]]); // refused: nothing used
    // A stream cut after message_start: LiteLLM bills what it had consumed (its input tokens) when its partial usage is
    // recorded before the failure is logged, else nothing; either way the cost is its own tokens' price.
    expect(records[2]!.cost).toBeCloseTo(price(records[2]!), 9);
  });

  test("two workers writing at once: 40 concurrent requests, 40 whole records, each once", async () => {
    const body = (n: number) => ({ model: "claude-sonnet-4-5", max_tokens: 32, stream: n % 2 === 0, messages: [{ role: "user", content: `request ${n}` }] });
    const statuses = await Promise.all(Array.from({ length: 40 }, (_, n) => post("/v1/messages", body(n), { "x-claude-code-session-id": `burst-${n % 4}` })));
    expect(statuses.every((s) => s.status === 200)).toBe(true);
    const records = await nextRecords(40);
    expect(new Set(records.map((r) => r.id)).size).toBe(40);
    expect(records.filter((r) => r.stream)).toHaveLength(20);
    expect(new Set(records.map((r) => r.session))).toEqual(new Set(["burst-0", "burst-1", "burst-2", "burst-3"]));
    // every line of the files parses: nothing interleaved
    const lines = readdirSync(join(proxy.dir, "usage")).flatMap((f) => readFileSync(join(proxy.dir, "usage", f), "utf8").split("\n").filter(Boolean));
    expect(lines).toHaveLength(seen);
    await new Promise((r) => setTimeout(r, 1_000)); // nothing arrives twice later (a resent batch is dropped)
    expect(allRecords()).toHaveLength(seen);
  });

  test("status, statusline and usage read it back", async () => {
    const stats = (await readHookStats(proxy.stack.hookProbe)) as unknown as { usage: Parameters<typeof usageLines>[0] };
    const byLabel = stats.usage!.by_label;
    expect(Object.keys(byLabel).sort()).toEqual(["default", "priced", "think"]);
    expect(byLabel.default).toMatchObject({ requests: 45, errors: 3 });
    expect(byLabel.think).toMatchObject({ requests: 2, errors: 0, cost_usd: null, unpriced_requests: 2 });
    expect(stats.usage!.total.requests).toBe(seen);
    const lines = usageLines(stats.usage);
    expect(lines.find((l) => l.trim().startsWith("think"))).toMatch(/think +2 +0 .* unknown +\S+ m?s$/);

    const out: string[] = [];
    const stdin = Readable.from([JSON.stringify({ session_id: "a1b2c3d4-0000-4000-8000-000000000001", model: { id: "claude-sonnet-4-5" } })]);
    await runStatusline({ configDir: proxy.dir }, stdin, (l) => out.push(l));
    const sessionCost = allRecords().filter((r) => r.session === "a1b2c3d4-0000-4000-8000-000000000001").reduce((sum, r) => sum + r.cost!, 0);
    expect(out).toEqual([`ccproxy: default → claude-sonnet-4-5-20250929 · $${sessionCost.toFixed(4)} this session`]);

    const json: string[] = [];
    await runUsage({ configDir: proxy.dir, since: startedAt, by: "label", json: true }, (l) => json.push(l), () => {});
    const report = JSON.parse(json[0]!);
    expect(report.total).toMatchObject({ requests: seen, errors: 3, unpriced_requests: 2 });
    expect(report.groups.map((g: { key: string; requests: number }) => [g.key, g.requests])).toEqual([["default", 45], ["priced", 2], ["think", 2]]);
  });

  test("the hook's own time per request reached the hook server from both workers, with the usage batches", async () => {
    const hookTimes = async () => ((await readHookStats(proxy.stack.hookProbe)) as unknown as { hook_us: HookTimesView }).hook_us;
    let times = await hookTimes();
    // A burst on kept-alive connections can land on one worker (asyncio accepts every pending connection at once):
    // until both have served, one request at a time, each on a new connection both idle workers race to accept.
    for (let round = 0; Object.keys(times.workers).length < 2 && round < 6; round++) {
      for (let n = 0; n < 10; n++) expect(await postOnNewConnection({ model: "claude-sonnet-4-5", max_tokens: 32, messages: [{ role: "user", content: `timing ${n}` }] })).toBe(200);
      await nextRecords(10); // the times ride the same batches as the records
      times = await hookTimes();
    }
    const routed = seen; // every recorded request here was routed by the hook (none failed open)
    expect(times.pooled.hook!.count).toBe(routed);
    for (const step of ["summary", "round_trip", "apply", "decide"]) expect(times.pooled[step]!.count).toBe(routed);
    const workers = Object.values(times.workers);
    expect(workers.length).toBe(2);
    expect(workers.reduce((n, w) => n + w.hook!.count, 0)).toBe(routed);
    const { p50, p90, p99, max } = times.pooled.hook!;
    expect(0 < p50 && p50 <= p90 && p90 <= p99 && p99 <= max).toBe(true);
    expect(times.pooled.round_trip!.p50).toBeLessThanOrEqual(p50); // a part is no longer than the whole
    expect(renderHookTimes(times).join("\n")).toMatch(/whole hook +\d+\.\d+ /);
  });
});
