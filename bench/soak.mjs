#!/usr/bin/env node
// Soak with faults: `ccproxy start` (the real supervisor, hook server and LiteLLM) against an in-process mock
// provider, driven open-loop at a fixed rate with a mix of Claude Code shapes (main, title, subagent, web search,
// count_tokens; streaming and not; a few hostile bodies). LiteLLM is killed with SIGKILL once (at 1/3 of the run)
// and the hook server once (at 2/3). Reports requests sent, outcomes by type, requests lost (accepted, then no
// whole answer) against those in flight at each kill, time to serve again, and RSS of each process.
// Usage (after `npm run build`; `node bin/ccproxy init` once for the LiteLLM venv):
//   node bench/soak.mjs [--seconds 600] [--rate 5] [--kill-litellm-at S] [--kill-hook-at S] [--json] [--keep]
// The run goes on past --seconds until every killed child serves again (at most 180 s more), so each kill's
// recovery is measured whole. The CI short form (test/bench/soak.slow.test.ts) runs about a minute.
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { Agent } from "undici";
import { parse, stringify } from "yaml";
import { createMockProvider } from "../dist/mock-provider/server.js";
import { freePort } from "../dist/process/free-port.js";
import { samples } from "../dist/samples/index.js";

const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "600" },
    rate: { type: "string", default: "5" },
    "kill-litellm-at": { type: "string" },
    "kill-hook-at": { type: "string" },
    json: { type: "boolean", default: false },
    keep: { type: "boolean", default: false },
  },
});
const SECONDS = Number(values.seconds);
const RATE = Number(values.rate);
const say = values.json ? (line) => process.stderr.write(`${line}\n`) : (line) => process.stdout.write(`${line}\n`);
const repo = new URL("..", import.meta.url).pathname;

// --- the stack -------------------------------------------------------------------------------------------------

const mock = await createMockProvider({ latencyMs: 40, chunkDelayMs: 15, chunks: 6 });
const dir = mkdtempSync("/tmp/ccp-soak-");
const template = parse(readFileSync(join(repo, "templates", "ccproxy.yaml"), "utf8"));
const target = (model) => ({ model, api_base: mock.url, api_key: "os.environ/MOCK_KEY" });
template.targets = {
  default: target("anthropic/claude-sonnet-4-5"),
  background: target("anthropic/claude-haiku-4-5"),
  think: target("anthropic/claude-opus-4-5"),
  long_context: target("anthropic/claude-sonnet-4-5-long"),
  web_search: target("anthropic/claude-sonnet-4-5-search"),
};
writeFileSync(join(dir, "ccproxy.yaml"), stringify(template), { mode: 0o600 });
const port = await freePort();
const url = `http://127.0.0.1:${port}`;
const env = { ...process.env, MOCK_KEY: "sk-mock-upstream-key", FORCE_COLOR: "0" };
const supervisor = spawn(process.execPath, [join(repo, "bin", "ccproxy"), "start", "--config-dir", dir, "--port", String(port), "--grace", "5"], {
  env, stdio: ["ignore", "pipe", "pipe"],
});
const log = [];
for (const stream of [supervisor.stdout, supervisor.stderr]) {
  let pending = "";
  stream.on("data", (chunk) => {
    const parts = (pending + chunk).split("\n");
    pending = parts.pop();
    for (const line of parts) log.push({ at: Date.now(), line });
  });
}
const startedAt = Date.now();
while (!log.some((l) => l.line.includes("ccproxy is ready at"))) {
  if (supervisor.exitCode !== null) throw new Error(`ccproxy start exited ${supervisor.exitCode}:\n${log.map((l) => l.line).join("\n")}`);
  if (Date.now() - startedAt > 180_000) throw new Error("ccproxy start was not ready within 180 s");
  await sleep(200);
}
say(`stack ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s at ${url}; ${SECONDS} s at ${RATE} req/s`);
const masterKey = readFileSync(join(dir, "master.key"), "utf8").trim();
const state = () => JSON.parse(readFileSync(join(dir, "state.json"), "utf8"));

// --- the request mix ---------------------------------------------------------------------------------------------

const body = (object, extra = {}) => JSON.stringify({ ...object, ...extra });
const main = samples.claudeCodeMain();
const MIX = [
  // [name, weight, path, body, stream, expected status]
  ["main stream", 25, "/v1/messages", body(main), true, 200],
  ["main json", 8, "/v1/messages", body(main, { stream: false }), false, 200],
  ["title", 15, "/v1/messages", body(samples.title(), { stream: false }), false, 200],
  ["haiku title", 7, "/v1/messages", body(samples.haikuTitle(), { stream: false }), false, 200],
  ["subagent stream", 15, "/v1/messages", body(samples.subagent()), true, 200],
  ["web search", 5, "/v1/messages", body(samples.webSearch()), true, 200],
  ["count_tokens", 15, "/v1/messages/count_tokens", body({ model: main.model, system: main.system, messages: main.messages, tools: main.tools }), false, 200],
  ["hostile: bad JSON", 2, "/v1/messages", '{"model": "claude-sonnet-4-5", "messages": [', false, 400],
  ["hostile: messages not a list", 2, "/v1/messages", body({ model: "claude-sonnet-4-5", max_tokens: 5, messages: "hi" }), false, 400],
  ["hostile: one 300 KB word", 3, "/v1/messages", body({ model: "claude-sonnet-4-5", max_tokens: 5, messages: [{ role: "user", content: "a".repeat(300_000) }] }), false, 200],
  ["hostile: internal alias", 3, "/v1/messages", body({ model: "ccproxy-think", max_tokens: 5, messages: [{ role: "user", content: "hi" }] }), false, 200],
];
const totalWeight = MIX.reduce((sum, m) => sum + m[1], 0);
const pick = (n) => {
  let x = (n * 7919) % totalWeight; // deterministic spread over the weights
  for (const entry of MIX) if ((x -= entry[1]) < 0) return entry;
  return MIX[0];
};

const dispatcher = new Agent({ connections: 64, keepAliveTimeout: 10_000 });
const results = [];

/** One request: status, our error type, and whether a whole answer arrived (a stream must end with message_stop). */
async function send(n) {
  const [name, , path, payload, stream, expected] = pick(n);
  const r = { n, name, start: Date.now(), end: 0, status: 0, outcome: "", accepted: false };
  try {
    const response = await fetch(`${url}${path}`, {
      method: "POST", dispatcher,
      headers: { "content-type": "application/json", authorization: `Bearer ${masterKey}` },
      body: payload,
    });
    r.accepted = true;
    r.status = response.status;
    const text = await response.text();
    if (response.status !== expected) r.outcome = `HTTP ${response.status} ${errorType(text)}`;
    else if (stream && response.status === 200 && !text.includes("message_stop")) r.outcome = text.includes("event: error") ? `stream error ${errorType(text.slice(text.lastIndexOf("event: error")))}` : "stream cut";
    else r.outcome = "ok";
  } catch (error) {
    const code = error?.cause?.code ?? error?.code ?? error?.name;
    r.outcome = r.accepted ? `cut after headers (${code})` : `no answer (${code})`;
  }
  r.end = Date.now();
  results.push(r);
}

function errorType(text) {
  try {
    const json = JSON.parse(text.replace(/^[\s\S]*?data: /, ""));
    return json.error?.type ?? "?";
  } catch {
    return "?";
  }
}

// --- processes ------------------------------------------------------------------------------------------------

/** RSS in MB of a child's whole process group (LiteLLM's workers, the hook server's warm-up child). */
function groupRssMb(pid) {
  let kb = 0;
  for (const entry of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const pgrp = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]);
      if (pgrp !== pid && Number(entry) !== pid) continue;
      kb += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${entry}/status`, "utf8"))?.[1] ?? 0);
    } catch {
      // gone
    }
  }
  return Math.round(kb / 1024);
}

function rss() {
  const { children } = state();
  return { supervisor: groupRssMb(supervisor.pid), hook: groupRssMb(children.hook.pid), litellm: groupRssMb(children.litellm.pid), pids: { hook: children.hook.pid, litellm: children.litellm.pid } };
}

// --- the run ---------------------------------------------------------------------------------------------------

for (let i = 0; i < 10; i++) await send(i); // warm-up, not counted
results.length = 0;
const rssStart = rss();
const kills = [];
const runStart = Date.now();
const plan = [
  { at: Number(values["kill-litellm-at"] ?? SECONDS / 3), child: "litellm" },
  { at: Number(values["kill-hook-at"] ?? (2 * SECONDS) / 3), child: "hook" },
];
const inFlight = new Set();
const rssSamples = [];
const backAt = (k) => log.find((l) => l.at >= k.at && l.line.includes(`${k.child} is back`))?.at;
// Every planned kill done, every killed child serving again for 5 s.
const allBack = () => kills.length === plan.length && kills.every((k) => backAt(k) !== undefined && Date.now() - backAt(k) > 5_000);
let sent = 0;
for (;;) {
  const elapsed = (Date.now() - runStart) / 1000;
  if (elapsed >= SECONDS && (allBack() || elapsed >= SECONDS + 180)) break;
  for (const kill of plan) {
    // At its time, or up to 5 s later when a request is in flight: the kill should cut something.
    if (!kill.done && elapsed >= kill.at && (inFlight.size > 0 || elapsed >= kill.at + 5)) {
      kill.done = true;
      const pid = state().children[kill.child].pid;
      process.kill(pid, "SIGKILL");
      kills.push({ child: kill.child, pid, at: Date.now(), inFlight: [...inFlight] });
      say(`t=${elapsed.toFixed(0)} s: SIGKILL ${kill.child} (pid ${pid}) with ${inFlight.size} requests in flight`);
    }
  }
  if (rssSamples.length < elapsed / 60) rssSamples.push({ t: Math.round(elapsed), ...rss() });
  const due = Math.floor(elapsed * RATE) + 1;
  for (; sent < due; sent++) {
    const n = sent;
    inFlight.add(n);
    void send(n).finally(() => inFlight.delete(n));
  }
  await sleep(10);
}
while (inFlight.size) await sleep(50);
const runSeconds = (Date.now() - runStart) / 1000;
const rssEnd = rss();

// --- the report ------------------------------------------------------------------------------------------------

const byOutcome = {};
for (const r of results) byOutcome[r.outcome] = (byOutcome[r.outcome] ?? 0) + 1;
// A kill's outage: from the kill until the supervisor says the child serves again (plus a second of slack).
for (const kill of kills) kill.backAt = log.find((l) => l.at >= kill.at && l.line.includes(`${kill.child} is back`))?.at;
const duringOutage = (r) => kills.some((k) => r.start >= k.at && r.start <= (k.backAt ?? Infinity) + 1000);
const killReports = kills.map((kill) => {
  const inFlightAtKill = new Set(kill.inFlight);
  const failedInFlight = results.filter((r) => inFlightAtKill.has(r.n) && r.outcome !== "ok");
  const firstOkAfter = results.filter((r) => r.start >= kill.at && r.outcome === "ok").sort((a, b) => a.end - b.end)[0];
  const back = log.find((l) => l.at === kill.backAt && l.line.includes(`${kill.child} is back`));
  const outage = results.filter((r) => r.start >= kill.at && r.start <= (kill.backAt ?? Infinity) + 1000 && !inFlightAtKill.has(r.n));
  return {
    child: kill.child,
    in_flight: inFlightAtKill.size,
    lost: failedInFlight.length,
    lost_outcomes: count(failedInFlight.map((r) => r.outcome)),
    sent_during_outage: outage.length,
    outage_outcomes: count(outage.map((r) => r.outcome)),
    first_ok_request_s: firstOkAfter ? round((firstOkAfter.end - kill.at) / 1000) : null,
    back_s: kill.backAt ? round((kill.backAt - kill.at) / 1000) : null,
    supervisor_says: back ? back.line.replace(/^.*?\] /, "") : "(no 'is back' line)",
  };
});
const failedOutsideKills = results.filter((r) => r.outcome !== "ok" && !kills.some((k) => k.inFlight.includes(r.n)) && !duringOutage(r));
const latencies = results.filter((r) => r.outcome === "ok").map((r) => r.end - r.start).sort((a, b) => a - b);
const report = {
  when: new Date().toISOString(),
  machine: { cpus: cpus().length, model: cpus()[0]?.model, loadavg: loadavg().map((x) => round(x)) },
  seconds: round(runSeconds),
  rate: RATE,
  sent: results.length,
  outcomes: byOutcome,
  kills: killReports,
  failed_outside_kills: failedOutsideKills.length,
  failed_outside_kills_outcomes: count(failedOutsideKills.map((r) => `${r.name}: ${r.outcome}`)),
  latency_ms_ok: { p50: pct(latencies, 0.5), p99: pct(latencies, 0.99), max: latencies.at(-1) ?? null },
  rss_mb: { start: rssStart, end: rssEnd, per_minute: rssSamples },
  restarts: state().children,
};
if (values.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
else {
  say(`\nsent ${report.sent} requests in ${report.seconds} s (${RATE}/s), load average ${report.machine.loadavg.join(" ")}`);
  say("outcomes:");
  for (const [outcome, n] of Object.entries(byOutcome).sort((a, b) => b[1] - a[1])) say(`  ${String(n).padStart(6)}  ${outcome}`);
  for (const k of killReports) {
    say(`SIGKILL ${k.child}: ${k.in_flight} in flight, ${k.lost} lost ${JSON.stringify(k.lost_outcomes)}; back after ${k.back_s} s (supervisor: ${k.supervisor_says}); first OK request ${k.first_ok_request_s} s after the kill; sent while it was down: ${k.sent_during_outage} ${JSON.stringify(k.outage_outcomes)}`);
  }
  say(`failed outside the kills: ${report.failed_outside_kills} ${JSON.stringify(report.failed_outside_kills_outcomes)}`);
  say(`latency of OK requests: p50 ${report.latency_ms_ok.p50} ms, p99 ${report.latency_ms_ok.p99} ms`);
  say(`RSS MB start: supervisor ${rssStart.supervisor}, hook ${rssStart.hook}, litellm ${rssStart.litellm}; end: supervisor ${rssEnd.supervisor}, hook ${rssEnd.hook}, litellm ${rssEnd.litellm}`);
  say(`RSS MB per minute (supervisor/hook/litellm, pids change after a kill): ${rssSamples.map((r) => `${r.t}s ${r.supervisor}/${r.hook}/${r.litellm}`).join(", ")}`);
}

supervisor.kill("SIGTERM");
await new Promise((resolve) => supervisor.once("exit", resolve));
await dispatcher.close();
await mock.close();
if (!values.keep) rmSync(dir, { recursive: true, force: true });

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
function round(x) {
  return Math.round(x * 10) / 10;
}
function pct(sorted, q) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : null;
}
function count(list) {
  const out = {};
  for (const item of list) out[item] = (out[item] ?? 0) + 1;
  return out;
}
