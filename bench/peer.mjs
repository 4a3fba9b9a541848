#!/usr/bin/env node
// ccproxy against claude-code-router, side by side in one run: same mock provider, same 76 KB Claude Code body,
// JSON and SSE. Unloaded added latency (10 rps, one connection, interleaved rounds, minus the mock direct), CPU per
// request of each router's whole process group, the highest sustained rate (>= 95 % achieved, 0 errors) and RSS.
//
//   npm run build && node bench/peer.mjs [--ccr-version 1.0.73] [--workers 1] [--rps 10] [--duration 30s]
//                                        [--no-max-rate] [--start-rate 20] [--out out.json]
//
// claude-code-router is installed from npm into a temp dir (as a user would: `npm install`, then `ccr start` with its
// config in $HOME/.claude-code-router), never as a dependency of ccproxy. Its provider is the mock's Anthropic
// /v1/messages with the `Anthropic` transformer (requests and answers pass unchanged); ccproxy's targets point at the
// same mock (bench's generated config: the shipped template's rules). Both get the same key (Authorization: Bearer).
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { connect } from "node:net";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { loadBody } from "../dist/bench/body.js";
import { Cleanup } from "../dist/bench/cleanup.js";
import { makeConfigDirs, BENCH_KEY_ENV } from "../dist/bench/config-dirs.js";
import { driveLoad } from "../dist/bench/driver.js";
import { parseDuration } from "../dist/bench/duration.js";
import { startMockProcess } from "../dist/bench/mock-process.js";
import { targetResult } from "../dist/bench/results.js";
import { runRounds, warmUp } from "../dist/bench/rounds.js";
import { findMaxRate } from "../dist/bench/step.js";
import { freePort } from "../dist/process/free-port.js";
import { locateLitellm } from "../dist/litellm/locate.js";
import { resolveConfigDir } from "../dist/paths.js";
import { discardSink } from "../dist/supervisor/sinks.js";
import { createStack, stackInputs } from "../dist/supervisor/stack.js";
import { DEFAULT_POLICY } from "../dist/supervisor/backoff.js";
import { parseWorkers } from "../dist/process/workers.js";

const { values: flags } = parseArgs({
  options: {
    "ccr-version": { type: "string", default: "1.0.73" },
    workers: { type: "string", default: "1" },
    rps: { type: "string", default: "10" },
    duration: { type: "string", default: "30s" },
    rounds: { type: "string", default: "3" },
    "no-max-rate": { type: "boolean", default: false },
    "start-rate": { type: "string", default: "20" },
    "step-duration": { type: "string", default: "10s" },
    out: { type: "string" },
  },
});
const workers = parseWorkers(flags.workers);
const say = (line) => console.log(line);
const cleanup = new Cleanup();
const offSigint = cleanup.onSigint();

/** npm install into a cached temp dir, pinned; returns the path of ccr's cli.js. */
function installCcr(version) {
  const dir = join(tmpdir(), `ccproxy-peer-ccr-${version}`);
  const cli = join(dir, "node_modules/@musistudio/claude-code-router/dist/cli.js");
  if (!existsSync(cli)) {
    say(`installing @musistudio/claude-code-router@${version} into ${dir} …`);
    mkdirSync(dir, { recursive: true });
    execFileSync("npm", ["install", "--no-audit", "--no-fund", "--prefix", dir, `@musistudio/claude-code-router@${version}`], { stdio: "inherit" });
  }
  return cli;
}

/** RSS of every process in a process group, in MB (Linux /proc). */
function groupRssMb(pgid) {
  let kb = 0;
  for (const pid of readdirSync("/proc").filter((n) => /^\d+$/.test(n))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      if (Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]) !== pgid) continue;
      kb += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
    } catch {
      // exited meanwhile
    }
  }
  return kb / 1024;
}

function listening(port) {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1", () => {
      socket.destroy();
      resolve(true);
    });
    socket.on("error", () => resolve(false));
  });
}

async function startCcr(cli, mockUrl, model, apiKey) {
  const home = mkdtempSync(join(tmpdir(), "ccpeer-home-"));
  cleanup.add("ccr home", () => rmSync(home, { recursive: true, force: true }));
  const port = await freePort();
  const route = `mock,${model}`;
  const config = {
    // Its default is LOG: true at level debug (every request body written to a file); warn keeps the logger (with
    // LOG: false its uncaught-exception handler has no logger and the process dies) without the per-request lines.
    LOG: true,
    LOG_LEVEL: "warn",
    HOST: "127.0.0.1",
    PORT: port,
    APIKEY: apiKey,
    API_TIMEOUT_MS: 600000,
    Providers: [{ name: "mock", api_base_url: `${mockUrl}/v1/messages`, api_key: "sk-mock", models: [model], transformer: { use: ["Anthropic"] } }],
    Router: { default: route, background: route, think: route, longContext: route, longContextThreshold: 60000, webSearch: route },
  };
  mkdirSync(join(home, ".claude-code-router"), { recursive: true });
  writeFileSync(join(home, ".claude-code-router", "config.json"), JSON.stringify(config, null, 2));
  const output = openSync(join(home, "ccr.out"), "w");
  const guard = new URL("./peer-ccr-guard.cjs", import.meta.url).pathname;
  const child = spawn(process.execPath, ["--require", guard, cli, "start"], { detached: true, stdio: ["ignore", output, output], env: { PATH: process.env.PATH, HOME: home, NODE_ENV: "production" } });
  let stopping = false;
  child.on("exit", (code, signal) => stopping || say(`claude-code-router exited (${signal ?? code}): ${readFileSync(join(home, "ccr.out"), "utf8").slice(-2000)}`));
  cleanup.add("claude-code-router", async () => {
    stopping = true;
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      // gone
    }
  });
  for (const until = Date.now() + 30_000; !(await listening(port)); ) {
    if (child.exitCode !== null || Date.now() > until) throw new Error("claude-code-router did not start");
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { url: `http://127.0.0.1:${port}`, pgid: child.pid };
}

async function startCcproxy(mockUrl) {
  const located = locateLitellm(resolveConfigDir(undefined));
  if (!located) throw new Error("LiteLLM is not installed: run `ccproxy init` first");
  const port = await freePort();
  const dirs = await makeConfigDirs(mockUrl, port);
  cleanup.add("config dirs", dirs.remove);
  const { masterKey, hookProbe } = await stackInputs(dirs.hookDir);
  const stack = createStack({
    litellm: located.litellm, host: "127.0.0.1", port, workers, masterKey, hookProbe, configDir: dirs.hookDir,
    sink: discardSink, policy: { ...DEFAULT_POLICY, maxCrashes: 1 }, env: { ...process.env, [BENCH_KEY_ENV]: "sk-ccproxy-bench" },
  });
  cleanup.add("ccproxy", () => stack.stop(5_000));
  await stack.start();
  return { url: stack.url, masterKey, pids: stack.pids() };
}

function row(name, r, direct) {
  const cpu = r.cpuMsPerRequest ? Object.values(r.cpuMsPerRequest).reduce((a, b) => a + b, 0) : NaN;
  return { name, addedP50: r.total.p50 - direct.total.p50, addedP99: r.total.p99 - direct.total.p99, cpuMsPerRequest: cpu, rps: r.rps, errors: r.errors, samples: r.total.count };
}

try {
  const cli = installCcr(flags["ccr-version"]);
  const mock = await startMockProcess({ latencyMs: 0 }, (stop) => cleanup.add("mock", stop));
  say(`mock provider at ${mock.url}`);
  const model = loadBody("claude-code", { stream: false }).model;
  const ccproxy = await startCcproxy(mock.url);
  say(`ccproxy (${workers} LiteLLM worker${workers > 1 ? "s" : ""}) at ${ccproxy.url}`);
  const ccr = await startCcr(cli, mock.url, model, ccproxy.masterKey);
  say(`claude-code-router ${flags["ccr-version"]} at ${ccr.url}`);
  const headers = { "content-type": "application/json", "anthropic-version": "2023-06-01", authorization: `Bearer ${ccproxy.masterKey}`, "x-api-key": ccproxy.masterKey };
  const targets = [
    { name: "mock direct", url: `${mock.url}/v1/messages`, meter: { mock: mock.pid } },
    { name: "ccproxy", url: `${ccproxy.url}/v1/messages`, meter: { litellm: ccproxy.pids.litellm, hook: ccproxy.pids.hook } },
    { name: "claude-code-router", url: `${ccr.url}/v1/messages`, meter: { ccr: ccr.pgid } },
  ];
  const report = { date: new Date().toISOString(), ccrVersion: flags["ccr-version"], workers, modes: {} };
  const rps = Number(flags.rps);
  const durationMs = parseDuration(flags.duration);
  const rounds = Number(flags.rounds);
  for (const stream of [false, true]) {
    const mode = stream ? "SSE" : "JSON";
    const body = loadBody("claude-code", { stream });
    const load = { body: body.bytes, headers, connections: 1 };
    say(`\n== ${mode}: unloaded, ${rps} rps, one connection, ${rounds} interleaved rounds of ${durationMs / rounds / 1000} s`);
    const pooled = await runRounds(targets, { ...load, rate: rps }, { rounds, roundMs: durationMs / rounds, warmupMs: 2_000 }, say);
    const results = targets.map((t) => targetResult(t.name, pooled.get(t.name)));
    const direct = results[0];
    const rows = results.slice(1).map((r) => row(r.name, r, direct));
    const maxRates = {};
    if (!flags["no-max-rate"]) {
      for (const target of targets.slice(1)) {
        say(`-- ${mode}: highest sustained rate of ${target.name}`);
        await warmUp(target, { ...load, connections: 4, url: target.url, rate: Number(flags["start-rate"]), durationMs: 2_000 }, say);
        const search = await findMaxRate(Number(flags["start-rate"]), (rate) => driveLoad({ ...load, connections: 4, url: target.url, rate, durationMs: parseDuration(flags["step-duration"]) }), say);
        maxRates[target.name] = search.best ?? 0;
      }
    }
    const rss = { ccproxy: groupRssMb(ccproxy.pids.litellm) + groupRssMb(ccproxy.pids.hook), "claude-code-router": groupRssMb(ccr.pgid) };
    for (const r of rows) Object.assign(r, { maxRate: maxRates[r.name], rssMb: rss[r.name] });
    report.modes[mode] = rows;
    say(`\n${mode}: router              added p50 / p99 (ms)   CPU ms/req   highest sustained rps   RSS MB`);
    for (const r of rows) say(`${mode}: ${r.name.padEnd(19)} ${r.addedP50.toFixed(2).padStart(7)} / ${r.addedP99.toFixed(2).padStart(7)}   ${r.cpuMsPerRequest.toFixed(2).padStart(10)}   ${String(r.maxRate ?? "-").padStart(21)}   ${r.rssMb.toFixed(0).padStart(6)}  (${r.samples} samples, ${r.errors} errors)`);
  }
  if (flags.out) writeFileSync(flags.out, `${JSON.stringify(report, null, 2)}\n`);
} finally {
  await cleanup.run();
  offSigint();
}
