// POST /v1/events, GET /v1/sessions/<id> and the /v1/stats usage section, over a real Unix socket.
import { readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Agent, request } from "undici";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createHookServer, type HookServer } from "../../src/hook-server/server.js";
import { silentLogger, type Logger } from "../../src/hook-server/logger.js";
import { UsageService, type UsageSettings } from "../../src/hook-server/usage.js";
import type { RouteDecision } from "../../src/routing/types.js";
import { readUsage } from "../../src/usage/reader.js";
import { record } from "../usage/fixtures.js";
import { tempDir } from "../support/temp-dir.js";

const DECISION: RouteDecision = { label: "default", model: "m", alias: "a", rule: null, reason: "test" };
const SETTINGS: UsageSettings = { record: true, retention_days: 90, max_mb: 500 };

let root: string;
let usageDir: string;
let socketPath: string;
let server: HookServer;
let usage: UsageService;
let agents: Agent[];
let settings: UsageSettings;
let logged: string[];

async function start(): Promise<void> {
  const logger: Logger = { ...silentLogger, warn: (m) => logged.push(m), error: (m) => logged.push(m) };
  usage = new UsageService(usageDir, () => settings, logger, () => new Date("2026-11-30T12:00:00Z"));
  usage.start();
  server = createHookServer({ route: () => DECISION, health: () => ({}), logger: silentLogger, usage });
  await server.listen({ socket: socketPath });
}

async function stop(): Promise<void> {
  await Promise.all(agents.splice(0).map((a) => a.close()));
  await server.close();
  await usage.close();
}

beforeEach(async () => {
  root = tempDir("ccp-usage-server-");
  usageDir = join(root, "usage");
  socketPath = join(root, "hook.sock");
  agents = [];
  logged = [];
  settings = { ...SETTINGS };
  await start();
});
afterEach(async () => {
  await stop();
});

function agent(): Agent {
  const a = new Agent({ connect: { socketPath } });
  agents.push(a);
  return a;
}

async function call(method: "GET" | "POST", path: string, body?: unknown, dispatcher = agent()) {
  const res = await request(`http://hook${path}`, {
    method,
    dispatcher,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.statusCode, json: (await res.body.json()) as any };
}

const events = (...records: unknown[]) => ({ v: 1, events: records });

describe("POST /v1/events", () => {
  it("appends the records, counts them per label, and answers how many it kept", async () => {
    const reply = await call("POST", "/v1/events", events(record({ label: "think", cost: 0.5 }), record({ label: "default", cost: null, ok: false, error: { type: "UpstreamError", code: 529 } })));
    expect(reply).toEqual({ status: 200, json: { v: 1, accepted: 2, rejected: 0, duplicates: 0 } });
    expect(readUsage(usageDir, new Date(0)).records.map((r) => r.label)).toEqual(["think", "default"]);
    const { json } = await call("GET", "/v1/stats");
    expect(json.usage.by_label.think).toMatchObject({ requests: 1, errors: 0, cost_usd: 0.5, latency_ms: { p50: 1200 } });
    expect(json.usage.by_label.default).toMatchObject({ requests: 1, errors: 1, cost_usd: null, unpriced_requests: 1 });
    expect(json.usage.total).toMatchObject({ requests: 2, errors: 1, cost_usd: 0.5, unpriced_requests: 1 });
    expect(json.usage).toMatchObject({ record: true, dir: usageDir, rejected: 0, write_errors: 0 });
  });

  it("drops a resent record (same id) and rejects malformed ones, keeping the rest", async () => {
    const first = record({ id: "dup" });
    await call("POST", "/v1/events", events(first));
    const reply = await call("POST", "/v1/events", events(first, { ...record(), in: -5 }, "nonsense", record({ id: "new" }), record({ id: "new" })));
    expect(reply.json).toEqual({ v: 1, accepted: 1, rejected: 2, duplicates: 2 });
    expect(readUsage(usageDir, new Date(0)).records.map((r) => r.id)).toEqual(["dup", "new"]);
    expect(logged[0]).toMatch(/^usage record rejected \(1 so far\): in: expected a non-negative integer, got -5/);
  });

  it("counts the hook's step times a batch carries, per worker and pooled, records or not", async () => {
    const timing = (worker: string, max: number) => ({ worker, steps: { hook: { buckets: { 40: 2 }, max }, round_trip: { buckets: { 30: 2 }, max: 30 } } });
    expect((await call("POST", "/v1/events", { v: 1, events: [], timing: timing("4242", 41) })).json).toEqual({ v: 1, accepted: 0, rejected: 0, duplicates: 0 });
    expect((await call("POST", "/v1/events", { ...events(record()), timing: timing("4343", 40) })).json.accepted).toBe(1);
    const { json } = await call("GET", "/v1/stats");
    expect(json.hook_us.pooled.hook).toEqual({ count: 4, p50: 40, p90: 40, p99: 40, max: 41 });
    expect(json.hook_us.workers["4242"].round_trip).toMatchObject({ count: 2, p50: 30 });
    expect(json.hook_us).not.toHaveProperty("buckets");
    expect((await call("GET", "/v1/stats?buckets=1")).json.hook_us.buckets.pooled.hook).toEqual({ buckets: { 40: 4 }, max: 41 });
    const bad = await call("POST", "/v1/events", { v: 1, events: [], timing: { worker: "1", steps: { hook: { buckets: { 9999: 1 }, max: 1 } } } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toMatch(/^timing: steps\.hook\.buckets: bad entry 9999/);
  });

  it("answers 400 for an envelope that is not {v: 1, events: [...]}", async () => {
    for (const [body, message] of [
      [{ v: 2, events: [] }, "v: unsupported protocol version 2; supported versions: 1"],
      [{ v: 1 }, "events: expected an array of usage records"],
      [[1], 'body: expected {"v": 1, "events": [...]}'],
    ] as const) {
      const reply = await call("POST", "/v1/events", body);
      expect(reply.status).toBe(400);
      expect(reply.json.error).toEqual({ type: "ValidationError", message, code: 400 });
    }
    expect((await call("GET", "/v1/events")).status).toBe(405);
  });

  it("answers 503 when the records cannot be written, so the worker keeps and resends them", async () => {
    rmSync(usageDir, { recursive: true, force: true });
    writeFileSync(usageDir, "not a directory");
    const reply = await call("POST", "/v1/events", events(record({ id: "kept" })));
    expect(reply.status).toBe(503);
    expect(reply.json.error.type).toBe("UsageWriteFailed");
    rmSync(usageDir);
    expect((await call("POST", "/v1/events", events(record({ id: "kept" })))).json.accepted).toBe(1); // not taken for a duplicate
    expect((await call("GET", "/v1/stats")).json.usage).toMatchObject({ write_errors: 1, total: { requests: 1 } });
  });

  it("ignores records while usage.record is false", async () => {
    settings.record = false;
    expect((await call("POST", "/v1/events", events(record()))).json).toEqual({ v: 1, accepted: 0, rejected: 0, duplicates: 0 });
    expect(readdirSync(root)).not.toContain("usage");
    expect((await call("GET", "/v1/stats")).json.usage.record).toBe(false);
  });

  it("two writers at once: every record lands exactly once, on its own line", async () => {
    const writers = [agent(), agent()];
    const batches = Array.from({ length: 40 }, (_, b) =>
      Array.from({ length: 50 }, (_, i) => record({ id: `w${b % 2}-${b}-${i}`, label: `l${b % 2}`, session: `s${i % 3}` })),
    );
    const replies = await Promise.all(batches.map((batch, b) => call("POST", "/v1/events", events(...batch), writers[b % 2])));
    expect(replies.every((r) => r.status === 200 && r.json.accepted === 50)).toBe(true);
    const lines = readFileSync(join(usageDir, "usage-2026-11-30.jsonl"), "utf8").split("\n").filter(Boolean);
    expect(lines).toHaveLength(2000);
    const ids = lines.map((line) => JSON.parse(line).id as string);
    expect(new Set(ids).size).toBe(2000);
    const { json } = await call("GET", "/v1/stats");
    expect([json.usage.by_label.l0.requests, json.usage.by_label.l1.requests]).toEqual([1000, 1000]);
  });
});

describe("GET /v1/sessions/<id>", () => {
  it("answers the session's requests, cost and last decision; 404 (not counted as an error) for an unknown one", async () => {
    await call("POST", "/v1/events", events(
      record({ session: "abc/1", ts: "2026-11-30T10:00:00.000Z", label: "default", cost: 0.25 }),
      record({ session: "abc/1", ts: "2026-11-30T10:05:00.000Z", label: "think", model: "openai/gpt-think", cost: null, ok: false, error: { type: "UpstreamError", code: 429 } }),
      record({ session: "other", cost: 9 }),
    ));
    const { status, json } = await call("GET", `/v1/sessions/${encodeURIComponent("abc/1")}`);
    expect(status).toBe(200);
    expect(json).toEqual({
      session: "abc/1",
      requests: 2,
      errors: 1,
      cost_usd: 0.25,
      unpriced_requests: 1,
      tokens: { in: 2000, out: 200, cache_read: 1600, cache_write: 0 },
      last: { ts: "2026-11-30T10:05:00.000Z", label: "think", rule: null, model: "openai/gpt-think", ok: false, error: { type: "UpstreamError", code: 429 } },
    });
    const missing = await call("GET", "/v1/sessions/nope");
    expect(missing.status).toBe(404);
    expect((await call("GET", "/v1/stats")).json.errors).toEqual({});
  });

  it("survives a restart: sessions are read back from the files, a corrupt line is skipped with a warning", async () => {
    await call("POST", "/v1/events", events(record({ id: "before", session: "s1", cost: 1, ts: new Date().toISOString() })));
    await stop();
    const file = readdirSync(usageDir)[0]!;
    writeFileSync(join(usageDir, file), `${readFileSync(join(usageDir, file), "utf8")}{"v":1,"ts":"trunc`);
    await start();
    expect(logged.join("\n")).toMatch(/skipped 1 unreadable usage record .*truncated record/);
    expect((await call("GET", "/v1/sessions/s1")).json).toMatchObject({ requests: 1, cost_usd: 1 });
    expect((await call("POST", "/v1/events", events(record({ id: "before", session: "s1", ts: new Date().toISOString() })))).json.duplicates).toBe(1);
    await call("POST", "/v1/events", events(record({ id: "after", session: "s1", cost: 2, ts: new Date().toISOString() })));
    expect((await call("GET", "/v1/sessions/s1")).json).toMatchObject({ requests: 2, cost_usd: 3 });
    expect((await call("GET", "/v1/stats")).json.usage.total.requests).toBe(1); // per label: since this start only
    expect(readUsage(usageDir, new Date(0)).records.map((r) => r.id)).toEqual(["before", "after"]);
  });
});
