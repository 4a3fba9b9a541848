// The real Claude Code CLI (@anthropic-ai/claude-code, pinned) through ccproxy to the mock providers: `claude -p … --output-format
// json` in a clean env and a temp HOME (test/support/claude-cli.ts), through a recording tap in front of the proxy, so each
// test sees what the client sent, what each mock received, and which routing decisions the hook server made.
// One stack for the whole file (CI budget); every real-CLI test belongs here.
//
// What 2.1.332 sent, as observed here (with the harness's env: CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1, HTTP(S)_PROXY set):
// - Per `-p` run exactly one request: `POST /v1/messages?beta=true`, `stream: true`. No HEAD probe, no count_tokens, no
//   /v1/models, no title or other background request, nothing towards the HTTP(S) proxy (so nothing tried to leave).
//   The binary's one HEAD is a preconnect, `HEAD <ANTHROPIC_BASE_URL>/api/hello`, fire-and-forget: it is skipped when any
//   HTTP(S)_PROXY variable is set, and with nonessential traffic disabled it was not sent either (with both unset it was).
// - Models: an API-key login with no choice asks for `claude-opus-5-5` (effort "medium"); `--model sonnet` →
//   `claude-sonnet-5-5`, `--model haiku` → `claude-haiku-5-5`; a full id is sent as given (`claude-opus-4-8`, effort "high").
//   A subscription token without an account profile (`CLAUDE_CODE_OAUTH_TOKEN` alone) asks for `claude-sonnet-5-5`.
// - Headers: `anthropic-version: 2023-06-01`; `user-agent: claude-cli/2.1.332 (external, sdk-cli)`; `x-app: cli`;
//   `x-claude-code-session-id`; `anthropic-dangerous-direct-browser-access: true`; `x-stainless-*` (SDK 0.128.0, retry
//   count); auth `authorization: Bearer <key>` from ANTHROPIC_AUTH_TOKEN, `x-api-key` from ANTHROPIC_API_KEY;
//   `anthropic-beta` (7–8 values): claude-code-20250219, interleaved-thinking-2025-05-14, context-management-2025-06-27,
//   per-turn-control-2026-07-01 (not for claude-opus-4-8), mid-conversation-tool-changes-2026-07-01,
//   thinking-token-count-2026-05-13, advanced-tool-use-2025-11-20, effort-2025-11-24; an OAuth token adds
//   oauth-2025-04-20 and extended-cache-ttl-2025-04-11.
// - Body (~49 KB, ~12k tokens): model; messages = a user turn (a <system-reminder> block, then the prompt) and a
//   `role: "system"` entry (# Environment); system = 3 text blocks (`x-anthropic-billing-header: cc_version=…`, then two
//   with cache_control ephemeral); 12 tools (Agent, Bash, Edit, ListAgents, Read, ReportFindings, ScheduleWakeup, Skill,
//   ToolSearch, Workflow, DeferredToolPlaceholder, Write); metadata.user_id (a JSON string: device_id, account_uuid,
//   session_id); max_tokens 128000; thinking {"type":"adaptive","display":"omitted"}; context_management
//   {edits:[clear_thinking_20251015]}; output_config {effort}; stream.
// Upstream, LiteLLM 1.108.7 sends `POST /v1/messages` (query dropped) with the target's key as `x-api-key`, the same
// `anthropic-beta` values sorted, `user-agent: litellm/…`, and neither the client's auth, session id nor x-app headers.
import { existsSync } from "node:fs";
import { Readable } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { runStatusline } from "../../src/commands/statusline.js";
import { createMockProvider } from "../../src/mock-provider/server.js";
import { CLAUDE_CODE_VERSION, claudeAuth, FAKE_OAUTH_TOKEN, runClaude, type ClaudeRunResult } from "../support/claude-cli.js";
import { readHookStats, statsDelta } from "../support/hook-stats.js";
import { createHttpTap, type HttpTap } from "../support/http-tap.js";
import { bootProxy, MOCK_KEY, type ProxyUnderTest } from "../support/proxy-stack.js";

const PROMPT = "Say hello.";
const PINNED = "2.1.332";

let proxy: ProxyUnderTest;
let tap: HttpTap;
let masterKey: string;
// A developer's shell, set after the stack started: none of it may reach the CLI (the harness builds its env from nothing).
const SHELL = { ANTHROPIC_API_KEY: "sk-from-the-shell", ANTHROPIC_MODEL: "claude-from-the-shell", ANTHROPIC_BASE_URL: "http://127.0.0.1:9", CLAUDECODE: "1" };
const saved = Object.fromEntries(Object.keys(SHELL).map((k) => [k, process.env[k]]));
beforeAll(async () => {
  // the mock stands in for Anthropic's own API: the default target may take a subscription token (forward_oauth)
  proxy = await bootProxy((doc) => {
    doc.targets.default.forward_oauth = true;
  });
  tap = await createHttpTap(proxy.stack.url);
  masterKey = proxy.stack.masterKey!;
  Object.assign(process.env, SHELL);
}, 150_000);
afterAll(async () => {
  for (const [k, v] of Object.entries(saved)) v === undefined ? delete process.env[k] : (process.env[k] = v);
  await tap?.close();
  await proxy?.close();
});
beforeEach(() => {
  proxy.anthropic.reset();
  proxy.openai.reset();
  tap.reset();
});

/** One CLI run through the tap, with the hook server's decisions in between. */
async function claude(env: Record<string, string>, args: string[] = []) {
  const before = await readHookStats(proxy.stack.hookProbe);
  const run = await runClaude({ prompt: PROMPT, baseUrl: tap.url, env, args });
  const decided = statsDelta(before, await readHookStats(proxy.stack.hookProbe));
  return { run, decided, why: explain(run) };
}

/** `ccproxy statusline` as Claude Code runs it for this session, once the run's usage record has arrived. */
async function statusLineOf(sessionId: string): Promise<string> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const out: string[] = [];
    await runStatusline({ configDir: proxy.dir }, Readable.from([JSON.stringify({ session_id: sessionId })]), (line) => out.push(line));
    if (!out[0]!.includes("no requests recorded") || Date.now() > deadline) return out[0]!;
    await sleep(200);
  }
}

/** Enough to debug a failed run from the test output alone. */
function explain(run: ClaudeRunResult): string {
  const sent = tap.requests.map((r) => `${r.method} ${r.url} → ${r.status}`);
  const upstream = [...proxy.anthropic.requests, ...proxy.openai.requests].map((r) => `${r.api} ${r.method} ${r.path} ${r.model}`);
  return JSON.stringify({ exit: run.exitCode, signal: run.signal, timedOut: run.timedOut, result: run.json?.result, sent, upstream, stderr: run.stderr.slice(-2000) }, null, 1);
}

function betas(headers: Record<string, string>): string[] {
  return (headers["anthropic-beta"] ?? "").split(",").map((b) => b.trim()).filter(Boolean);
}

test("the pinned CLI is the one installed", () => {
  expect(CLAUDE_CODE_VERSION).toBe(PINNED);
});

describe(`real Claude Code ${PINNED} with the master key`, () => {
  test("ANTHROPIC_AUTH_TOKEN (as `ccproxy run` sets it): exit 0, the mock's answer, its own Claude model kept through the default target", async () => {
    const { run, decided, why } = await claude(claudeAuth.authToken(masterKey));
    expect(run.exitCode, why).toBe(0);
    expect(run.json, why).toMatchObject({ type: "result", subtype: "success", is_error: false, num_turns: 1 });
    expect(run.json?.result).toBe("Hello from mock-anthropic (model claude-opus-5-5)");
    expect(run.egress, "nothing may try to leave the machine").toEqual([]);

    // what the client sent: one streamed Messages request, authenticated with the master key as a bearer token
    expect(tap.requests.map((r) => `${r.method} ${r.url}`), why).toEqual(["POST /v1/messages?beta=true"]);
    const sent = tap.requests[0]!;
    expect(sent.status).toBe(200);
    expect(sent.headers).toMatchObject({
      authorization: `Bearer ${masterKey}`,
      "anthropic-version": "2023-06-01",
      "user-agent": expect.stringContaining(`claude-cli/${PINNED}`),
      "x-app": "cli",
    });
    expect(sent.headers["x-api-key"], "the shell's ANTHROPIC_API_KEY leaked in").toBeUndefined();
    expect(sent.body).toMatchObject({ model: "claude-opus-5-5", stream: true, thinking: { type: "adaptive" } });
    const sentBetas = betas(sent.headers);
    expect(sentBetas).toContain("claude-code-20250219");
    expect(sentBetas).not.toContain("oauth-2025-04-20");

    // where it went: the Anthropic mock, as the client's model (the default target's own is claude-sonnet-4-5), with
    // the target's key, never the client's; the beta values forwarded (LiteLLM sorts them)
    expect(proxy.openai.requests).toEqual([]);
    expect(proxy.anthropic.requests, why).toHaveLength(1);
    const upstream = proxy.anthropic.requests[0]!;
    expect(upstream).toMatchObject({ method: "POST", path: "/v1/messages", model: "claude-opus-5-5", stream: true });
    expect(upstream.headers["x-api-key"]).toBe(MOCK_KEY);
    expect(upstream.headers.authorization).toBeUndefined();
    expect(JSON.stringify(upstream.headers)).not.toContain(masterKey);
    expect(betas(upstream.headers).sort()).toEqual([...sentBetas].sort());
    expect((upstream.body as { tools: unknown[] }).tools).toHaveLength((sent.body as { tools: unknown[] }).tools.length);

    // and why: one decision, no rule matched, default.passthrough kept the model
    expect(decided).toEqual({ by_label: { default: 1 }, by_rule: { "(default)": 1 }, need_text: 0, errors: {} });

    // and what it cost: recorded under Claude Code's own session id (its x-claude-code-session-id header), which is
    // what Claude Code hands its status line; claude-opus-5-5 is priced, so the line shows dollars
    expect(run.json?.session_id, why).toMatch(/^[0-9a-f-]{36}$/);
    expect(await statusLineOf(run.json!.session_id!)).toMatch(/^ccproxy: default → claude-opus-5-5 · \$0\.\d{4} this session$/);
  });

  // x-api-key auth (ANTHROPIC_API_KEY) for these; each row is one real run
  test.each([
    { choice: "--model sonnet", args: ["--model", "sonnet"], asked: "claude-sonnet-5-5", mock: "anthropic", served: "claude-sonnet-5-5", label: "default", rule: "(default)" },
    { choice: "--model claude-opus-4-8", args: ["--model", "claude-opus-4-8"], asked: "claude-opus-4-8", mock: "anthropic", served: "claude-opus-4-8", label: "default", rule: "(default)" },
    { choice: "--model haiku", args: ["--model", "haiku"], asked: "claude-haiku-5-5", mock: "anthropic", served: "claude-haiku-4-5", label: "background", rule: "haiku" },
    { choice: "--effort max", args: ["--effort", "max"], asked: "claude-opus-5-5", mock: "openai", served: "gpt-think", label: "think", rule: "deep-thinking" },
  ] as const)("$choice: asks for $asked, served by the $mock mock as $served (rule $rule)", async ({ args, asked, mock, served, label, rule }) => {
    const { run, decided, why } = await claude(claudeAuth.apiKey(masterKey), [...args]);
    expect(run.exitCode, why).toBe(0);
    expect(run.json?.is_error, why).toBe(false);
    expect(run.json?.result).toBe(`Hello from mock-${mock} (model ${served})`);
    expect(run.egress).toEqual([]);

    expect(tap.requests.map((r) => `${r.method} ${r.url}`), why).toEqual(["POST /v1/messages?beta=true"]);
    const sent = tap.requests[0]!;
    expect(sent.headers["x-api-key"]).toBe(masterKey);
    expect(sent.headers.authorization).toBeUndefined();
    expect((sent.body as { model: string }).model).toBe(asked);

    const other = mock === "anthropic" ? proxy.openai : proxy.anthropic;
    const target = mock === "anthropic" ? proxy.anthropic : proxy.openai;
    expect(other.requests).toEqual([]);
    expect(target.requests, why).toHaveLength(1);
    const upstream = target.requests[0]!;
    expect(upstream).toMatchObject({ model: served, stream: true });
    // the Anthropic mock gets the key as x-api-key; the OpenAI one as a bearer token, over chat completions (an openai/
    // target off OpenAI's own endpoint is an OpenAI-compatible server: ccproxy's default there is `api: chat`)
    if (mock === "anthropic") expect(upstream.headers["x-api-key"]).toBe(MOCK_KEY);
    else expect(upstream).toMatchObject({ path: "/v1/chat/completions", headers: { authorization: `Bearer ${MOCK_KEY}` } });
    expect(JSON.stringify(upstream.headers)).not.toContain(masterKey);

    expect(decided).toEqual({ by_label: { [label]: 1 }, by_rule: { [rule]: 1 }, need_text: 0, errors: {} });
  });
});

describe(`real Claude Code ${PINNED} with a subscription login (CLAUDE_CODE_OAUTH_TOKEN)`, () => {
  test("no master key: accepted from loopback, served with the client's own token and oauth beta, never the server's key", async () => {
    const { run, decided, why } = await claude(claudeAuth.oauth(FAKE_OAUTH_TOKEN));
    expect(run.exitCode, why).toBe(0);
    expect(run.json?.result, why).toBe("Hello from mock-anthropic (model claude-sonnet-5-5)");
    expect(run.egress).toEqual([]);

    const sent = tap.requests[0]!;
    expect(sent.headers.authorization).toBe(`Bearer ${FAKE_OAUTH_TOKEN}`);
    expect(sent.headers["x-api-key"]).toBeUndefined();
    expect(betas(sent.headers)).toContain("oauth-2025-04-20");

    expect(proxy.openai.requests).toEqual([]);
    expect(proxy.anthropic.requests, why).toHaveLength(1);
    const upstream = proxy.anthropic.requests[0]!;
    expect(upstream).toMatchObject({ model: "claude-sonnet-5-5", stream: true });
    expect(upstream.headers.authorization).toBe(`Bearer ${FAKE_OAUTH_TOKEN}`);
    expect(upstream.headers["x-api-key"], "the server's key must not serve a subscription request").toBeUndefined();
    expect(JSON.stringify(upstream.headers)).not.toContain(MOCK_KEY);
    expect(JSON.stringify(upstream.headers)).not.toContain(masterKey);
    expect(betas(upstream.headers)).toContain("oauth-2025-04-20");
    expect(decided).toMatchObject({ by_label: { default: 1 } });
  });

  test("the rules choose a target that does not take the token (think: OpenAI): a 403 in our shape, nothing sent there", async () => {
    const { run, why } = await claude(claudeAuth.oauth(FAKE_OAUTH_TOKEN), ["--effort", "max"]);
    expect(run.exitCode, why).not.toBe(0);
    expect(tap.requests[0]?.status, why).toBe(403);
    expect(run.stdout + run.stderr).toContain("forward_oauth");
    expect(run.stdout + run.stderr).not.toContain(FAKE_OAUTH_TOKEN);
    expect(proxy.openai.requests).toEqual([]);
    expect(proxy.anthropic.requests).toEqual([]);
  });
});

describe("the harness", () => {
  test("a run that hangs is killed with its whole process group at the timeout, and its temp HOME removed", async () => {
    const mock = await createMockProvider(); // direct, no proxy: a hung LiteLLM request would outlive the test
    mock.setFault({ kind: "hang" });
    try {
      const run = await runClaude({ prompt: PROMPT, baseUrl: mock.url, env: claudeAuth.apiKey("sk-test"), timeoutMs: 3_000 });
      expect(run, explain(run)).toMatchObject({ timedOut: true, exitCode: null, signal: "SIGKILL" });
      expect(mock.requests.map((r) => `${r.method} ${r.path}`)).toEqual(["POST /v1/messages"]);
      await sleep(200);
      expect(() => process.kill(-run.pid!, 0), "a process of the run's group is still alive").toThrow(/ESRCH/);
      expect(existsSync(run.env.HOME!)).toBe(false);
    } finally {
      await mock.close();
    }
  });
});
