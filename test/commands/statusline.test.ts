// `ccproxy statusline`: one line from Claude Code's stdin JSON, from the running hook server or else the files.
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runStatusline, sessionIdOf, statusLine } from "../../src/commands/statusline.js";
import { silentLogger } from "../../src/hook-server/logger.js";
import { createHookServer, type HookServer } from "../../src/hook-server/server.js";
import { UsageService } from "../../src/hook-server/usage.js";
import { templatesDir } from "../../src/paths.js";
import { ccproxyBin } from "../../src/supervisor/spawn.js";
import type { SessionView } from "../../src/usage/session.js";
import { record } from "../usage/fixtures.js";
import { tempDir } from "../support/temp-dir.js";

/** What Claude Code 2.1.x writes on the status line command's stdin (fields we do not read included). */
const claudeInput = (sessionId: string) =>
  JSON.stringify({
    session_id: sessionId,
    transcript_path: "/home/u/.claude/projects/p/x.jsonl",
    cwd: "/home/u/p",
    model: { id: "claude-opus-5-5", display_name: "Opus 5.5" },
    workspace: { current_dir: "/home/u/p", project_dir: "/home/u/p" },
    version: "2.1.332",
    output_style: { name: "default" },
    cost: { total_cost_usd: 1.23, total_duration_ms: 60000, total_api_duration_ms: 30000, total_lines_added: 1, total_lines_removed: 0 },
  });

const VIEW: SessionView = {
  session: "s",
  requests: 3,
  errors: 0,
  cost_usd: 0.4213,
  unpriced_requests: 0,
  tokens: { in: 1, out: 1, cache_read: 0, cache_write: 0 },
  last: { ts: "2026-11-30T10:00:00.000Z", label: "think", rule: "deep-thinking", model: "anthropic/claude-opus-5-5", ok: true, error: null },
};

describe("statusLine", () => {
  it.each([
    ["served", VIEW, false, "ccproxy: think → claude-opus-5-5 · $0.4213 this session"],
    ["partly unpriced", { ...VIEW, cost_usd: 2.5, unpriced_requests: 2 }, false, "ccproxy: think → claude-opus-5-5 · $2.50 +2 unpriced this session"],
    ["never priced", { ...VIEW, cost_usd: null, unpriced_requests: 3, last: { ...VIEW.last, label: "local", model: "openai/qwen2.5-coder" } }, false, "ccproxy: local → qwen2.5-coder · cost unknown this session"],
    ["last one failed", { ...VIEW, last: { ...VIEW.last, ok: false, error: { type: "UpstreamError", code: 529 } } }, false, "ccproxy: think → claude-opus-5-5 · $0.4213 this session · last request failed (UpstreamError 529)"],
    ["unrouted (hook server was down)", { ...VIEW, last: { ...VIEW.last, label: null } }, false, "ccproxy: unrouted → claude-opus-5-5 · $0.4213 this session"],
    ["from the files", VIEW, true, "ccproxy: think → claude-opus-5-5 · $0.4213 this session (ccproxy not running)"],
    ["nothing yet", undefined, false, "ccproxy: no requests recorded for this session yet"],
  ] as const)("%s", (_name, view, offline, line) => {
    expect(statusLine(view as SessionView | undefined, offline)).toBe(line);
  });

  it("reads session_id from Claude Code's JSON, and nothing from anything else", () => {
    expect(sessionIdOf(claudeInput("abc-123"))).toBe("abc-123");
    expect(sessionIdOf("")).toBeUndefined();
    expect(sessionIdOf("not json")).toBeUndefined();
    expect(sessionIdOf('{"session_id": 5}')).toBeUndefined();
  });
});

describe("the README's ~/.claude/settings.json snippet", () => {
  it("is valid JSON in the shape Claude Code 2.1.332's settings schema takes, running this command", () => {
    const readme = readFileSync(join(templatesDir, "..", "README.md"), "utf8");
    const block = [...readme.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => m[1]!).find((b) => b.includes("statusLine"));
    const settings = JSON.parse(block!) as { statusLine: Record<string, unknown> };
    expect(settings.statusLine).toEqual({ type: "command", command: "ccproxy statusline", refreshInterval: 5 });
  });
});

describe("runStatusline", () => {
  let dir: string;
  let server: HookServer | undefined;
  let usage: UsageService | undefined;
  beforeEach(() => {
    dir = tempDir("ccp-statusline-");
  });
  afterEach(async () => {
    await server?.close();
    await usage?.close();
    server = usage = undefined;
  });

  async function line(input: string): Promise<string> {
    const out: string[] = [];
    expect(await runStatusline({ configDir: dir }, Readable.from([input]), (l) => out.push(l))).toBe(0);
    expect(out).toHaveLength(1);
    return out[0]!;
  }

  it("asks the running hook server (its socket in the config dir) about this session", async () => {
    usage = new UsageService(join(dir, "usage"), () => ({ record: true, retention_days: 90, max_mb: 500 }), silentLogger);
    usage.start();
    server = createHookServer({ route: () => ({ label: "d", model: "m", alias: "a", rule: null, reason: "" }), health: () => ({}), logger: silentLogger, usage });
    await server.listen({ socket: join(dir, "hook.sock") });
    await usage.ingest([record({ session: "live-1", label: "think", model: "anthropic/claude-opus-5-5", cost: 0.25, ts: new Date().toISOString() })]);
    expect(await line(claudeInput("live-1"))).toBe("ccproxy: think → claude-opus-5-5 · $0.2500 this session");
    expect(await line(claudeInput("other"))).toBe("ccproxy: no requests recorded for this session yet");
  });

  it("sends the hook secret only after the server proved it holds it", async () => {
    const secret = "ab".repeat(32);
    writeFileSync(join(dir, "hook.secret"), `${secret}\n`);
    usage = new UsageService(join(dir, "usage"), () => ({ record: true, retention_days: 90, max_mb: 500 }), silentLogger);
    usage.start();
    server = createHookServer({ route: () => ({ label: "d", model: "m", alias: "a", rule: null, reason: "" }), health: () => ({}), logger: silentLogger, usage, secret });
    await server.listen({ socket: join(dir, "hook.sock") });
    await usage.ingest([record({ session: "keyed", label: "think", model: "anthropic/claude-opus-5-5", cost: 1.5, ts: new Date().toISOString() })]);
    expect(await line(claudeInput("keyed"))).toBe("ccproxy: think → claude-opus-5-5 · $1.50 this session");
    await server.close();
    server = undefined;
    // an impostor on the socket: it cannot answer /v1/hello, so it never sees the secret, and the files answer instead
    const seen: string[] = [];
    const impostor = createServer((req, res) => {
      seen.push(`${req.method} ${req.url} ${req.headers["x-ccproxy-secret"] ?? "-"}`);
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ proof: "0".repeat(64) }));
    });
    await new Promise<void>((resolve) => impostor.listen(join(dir, "hook.sock"), resolve));
    try {
      expect(await line(claudeInput("keyed"))).toBe("ccproxy: think → claude-opus-5-5 · $1.50 this session (ccproxy not running)");
      expect(seen).toHaveLength(1);
      expect(seen[0]).toMatch(/^GET \/v1\/hello\?nonce=[0-9a-f]{32} -$/);
    } finally {
      await new Promise((resolve) => impostor.close(resolve));
    }
  });

  it("reads the usage files when ccproxy is not running", async () => {
    mkdirSync(join(dir, "usage"));
    const now = new Date().toISOString();
    const lines = [record({ session: "off-1", label: "default", cost: 0.5, ts: now }), record({ session: "off-1", label: "background", model: "anthropic/claude-haiku-5-5", cost: 0.25, ts: now })];
    writeFileSync(join(dir, "usage", `usage-${now.slice(0, 10)}.jsonl`), lines.map((l) => JSON.stringify(l)).join("\n") + "\n");
    expect(await line(claudeInput("off-1"))).toBe("ccproxy: background → claude-haiku-5-5 · $0.7500 this session (ccproxy not running)");
  });

  it("prints a line even without a session id or any stdin", async () => {
    expect(await line("")).toBe("ccproxy: no session id from Claude Code");
  });

  it("runs as Claude Code runs it: stdin JSON in, one line out, exit 0, quickly", async () => {
    const started = Date.now();
    const child = spawn(process.execPath, [ccproxyBin, "statusline", "--config-dir", dir], { stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stdin.end(claudeInput("cli-1"));
    const code = await new Promise((resolve) => child.on("exit", resolve));
    expect(code).toBe(0);
    expect(stdout).toBe("ccproxy: no requests recorded for this session yet (ccproxy not running)\n");
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
