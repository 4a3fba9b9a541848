#!/usr/bin/env node
// Hook round trip: POST /v1/route from a keep-alive client over the Unix socket to `ccproxy hook-server`
// running as a separate process, at a fixed request rate. Usage (after `npm run build`):
//   node bench/hook-roundtrip.mjs [--rate 1000] [--seconds 10] [--warmup 3] [--connections 1]
import { spawn } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { once } from "node:events";
import { parseArgs } from "node:util";
import { Client } from "undici";

const { values } = parseArgs({
  options: {
    rate: { type: "string", default: "1000" },
    seconds: { type: "string", default: "10" },
    warmup: { type: "string", default: "3" },
    connections: { type: "string", default: "1" },
  },
});
const RATE = Number(values.rate);
const SECONDS = Number(values.seconds);
const WARMUP = Number(values.warmup);

// A Claude Code main request as the hook summarizes it (~340 bytes): adaptive thinking, medium effort, 6 tools.
const TOOLS = ["Task", "Bash", "Glob", "Grep", "Read", "Edit"];
const SUMMARY = JSON.stringify({
  v: 1, call_type: "messages", model: "claude-sonnet-4-5-20250929", stream: true, max_tokens: 32000,
  thinking: { type: "adaptive" }, effort: "medium", tools: TOOLS.map((name) => ({ name })),
  bytes: { system: 14210, messages: 40233, tools: 21877 },
});

const repo = new URL("..", import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), "ccproxy-bench-"));
const socketPath = join(dir, "hook.sock");
copyFileSync(join(repo, "templates", "ccproxy.yaml"), join(dir, "ccproxy.yaml"));

const child = spawn(process.execPath, [join(repo, "bin", "ccproxy"), "hook-server", "--config-dir", dir, "--socket", socketPath], {
  stdio: ["ignore", "pipe", "inherit"],
});
const [line] = await Promise.race([
  once(child.stdout, "data"),
  once(child, "exit").then(([code]) => { throw new Error(`hook-server exited with ${code} before listening`); }),
]);
if (!String(line).startsWith("hook server listening on")) throw new Error(`unexpected readiness line: ${line}`);

const client = new Client("http://ccproxy-hook", { socketPath, pipelining: 1, connections: Number(values.connections) });
const request = { path: "/v1/route", method: "POST", headers: { "content-type": "application/json" }, body: SUMMARY };

/** Sends RATE requests per second for `seconds` (open loop: a slow answer does not delay the next send). */
async function drive(seconds, samples) {
  const total = Math.round(RATE * seconds);
  const started = performance.now();
  let sent = 0;
  let failures = 0;
  const inFlight = new Set();
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * RATE) + 1);
    for (; sent < due; sent++) {
      const t0 = performance.now();
      const p = client.request(request).then(async (res) => {
        await res.body.text();
        if (res.statusCode !== 200) failures++;
        samples?.push(performance.now() - t0);
      });
      inFlight.add(p);
      p.finally(() => inFlight.delete(p));
    }
    await new Promise((r) => setTimeout(r, 1));
  }
  await Promise.all(inFlight);
  return { sent, failures, elapsed: (performance.now() - started) / 1000 };
}

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
try {
  await drive(WARMUP);
  const samples = [];
  const { sent, failures, elapsed } = await drive(SECONDS, samples);
  samples.sort((a, b) => a - b);
  const ms = (v) => v.toFixed(3);
  const cpu = cpus();
  console.log(`hook round trip over ${socketPath.replace(dir, "<tmp>")}, ${Buffer.byteLength(SUMMARY)}-byte summary`);
  console.log(`machine: ${cpu[0]?.model ?? "unknown CPU"}, ${cpu.length} cores, Node ${process.version}`);
  console.log(`requests ${sent}, non-200 ${failures}, achieved ${(sent / elapsed).toFixed(0)} req/s (target ${RATE})`);
  console.log(`round trip ms: p50 ${ms(pct(samples, 0.5))}  p90 ${ms(pct(samples, 0.9))}  p99 ${ms(pct(samples, 0.99))}  max ${ms(samples.at(-1))}`);
  const stats = await (await client.request({ path: "/v1/stats", method: "GET" })).body.json();
  const { p50, p99, max } = stats.decide_us;
  console.log(`server decide µs (route call only): p50 ${p50}  p99 ${p99}  max ${max}; load average ${loadavg()[0].toFixed(2)}`);
} finally {
  await client.close();
  child.kill("SIGTERM");
  await once(child, "exit");
  rmSync(dir, { recursive: true, force: true });
}
