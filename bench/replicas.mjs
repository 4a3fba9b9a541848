// Scale-out measurements (bench/README.md "Replicas and Redis"): one vs two replicas, each `ccproxy start` pinned to a
// core of its own with taskset, and the cost of the cluster Redis per request beside no Redis. Outside CI (minutes).
//   npm run build && taskset -c 1 node bench/replicas.mjs [--seconds 20] [--only json|stream|latency]
// The script itself, the mock provider and redis-server stay on core 1 (run it under `taskset -c 1`); replica A gets core 0,
// replica B core 1 when two run (so the two-replica figures share core 1 with the client: read its CPU per request).
import { execa } from "execa";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { loadBody } from "../dist/bench/body.js";
import { groupCpuMs } from "../dist/bench/cpu.js";
import { driveLoad } from "../dist/bench/driver.js";
import { startMockProcess } from "../dist/bench/mock-process.js";
import { freePort } from "../dist/process/free-port.js";

const { values } = parseArgs({ options: { seconds: { type: "string", default: "20" }, only: { type: "string" } } });
const SECONDS = Number(values.seconds);
const KEY = "sk-bench-master-key";
const bin = new URL("../bin/ccproxy", import.meta.url).pathname;
const cleanups = [];
process.on("SIGINT", async () => { for (const c of cleanups.reverse()) await c(); process.exit(130); });

const mock = await startMockProcess(0, (stop) => cleanups.push(stop));
const redisPort = await freePort();
const redis = execa("redis-server", ["--port", String(redisPort), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { reject: false, stdio: "ignore" });
cleanups.push(async () => { redis.kill("SIGKILL"); await redis; });
await new Promise((resolve) => setTimeout(resolve, 500));
const redisUrl = `redis://127.0.0.1:${redisPort}/0`;
const env = { ...process.env, MOCK_KEY: "sk-mock", BENCH_MASTER_KEY: KEY, CCPROXY_REDIS_URL: redisUrl, FORCE_COLOR: "0", LITELLM_LOG: "ERROR" };

async function startReplica(core, cluster) {
  const dir = mkdtempSync("/tmp/ccp-bench-rep-");
  const port = await freePort();
  writeFileSync(`${dir}/ccproxy.yaml`, [
    "version: 1",
    "proxy: { master_key: os.environ/BENCH_MASTER_KEY }",
    `targets: { default: { model: anthropic/claude-sonnet-4-5, api_base: "${mock.url}", api_key: os.environ/MOCK_KEY } }`,
    "rules: []",
    "default: { label: default, passthrough: true }",
    ...(cluster ? [`cluster: { redis_url: os.environ/CCPROXY_REDIS_URL, replica_id: bench-${core} }`] : []),
    "",
  ].join("\n"));
  const started = await execa("taskset", ["-c", String(core), process.execPath, bin, "start", "--detach", "--config-dir", dir, "--port", String(port)], { env, reject: false, all: true });
  if (started.exitCode !== 0) throw new Error(started.all);
  const state = JSON.parse(readFileSync(`${dir}/state.json`, "utf8"));
  const groups = Object.values(state.children).map((c) => c.pid);
  const replica = {
    url: `http://127.0.0.1:${port}/v1/messages`,
    cpuMs: () => groups.reduce((sum, pid) => sum + (groupCpuMs(pid) ?? 0), 0),
    stop: async () => { await execa(process.execPath, [bin, "stop", "--config-dir", dir], { env, reject: false }); rmSync(dir, { recursive: true, force: true }); },
  };
  cleanups.push(replica.stop);
  return replica;
}

const headers = { "content-type": "application/json", authorization: `Bearer ${KEY}` };
const redisCpuMs = () => { const f = readFileSync(`/proc/${redis.pid}/stat`, "utf8").split(") ")[1].split(" "); return (Number(f[11]) + Number(f[12])) * 10; };

/** One measured run: drivers in parallel, one per replica; CPU of each replica's process groups over the run. */
async function measure(name, replicas, { stream, rate, connections }) {
  const body = loadBody("claude-code", { stream, model: "claude-sonnet-4-5" }).bytes;
  await Promise.all(replicas.map((r) => driveLoad({ url: r.url, body, headers, rate, durationMs: 4_000, connections }))); // warm-up, discarded
  const cpuBefore = replicas.map((r) => r.cpuMs());
  const redisBefore = redisCpuMs();
  const load = loadavg()[0];
  const runs = await Promise.all(replicas.map((r) => driveLoad({ url: r.url, body, headers, rate, durationMs: SECONDS * 1000, connections })));
  const cpu = replicas.map((r, i) => r.cpuMs() - cpuBefore[i]);
  const ok = runs.reduce((s, r) => s + r.total.length, 0);
  const failed = runs.reduce((s, r) => s + r.non2xx + r.socketErrors, 0);
  const all = runs.flatMap((r) => r.total).sort((a, b) => a - b);
  const pct = (p) => all.length ? all[Math.min(all.length - 1, Math.ceil(p * all.length) - 1)].toFixed(1) : "-";
  const row = {
    run: name, replicas: replicas.length, stream, rate, connections,
    rps: (ok / SECONDS).toFixed(1), failed, p50_ms: pct(0.5), p99_ms: pct(0.99),
    cpu_ms_per_req: (cpu.reduce((a, b) => a + b, 0) / Math.max(1, ok)).toFixed(1),
    redis_cpu_ms_per_req: (((redisCpuMs() - redisBefore)) / Math.max(1, ok)).toFixed(2),
    load1: load.toFixed(2),
  };
  console.log(JSON.stringify(row));
  return row;
}

const SAT = { rate: 400, connections: 8 };
const SLOW = { rate: 10, connections: 1 };
try {
  const only = values.only;
  for (const cluster of [false, true]) {
    const a = await startReplica(0, cluster);
    const tag = cluster ? "redis" : "no-redis";
    if (!only || only === "latency") await measure(`1 replica ${tag}, 10 req/s JSON`, [a], { stream: false, ...SLOW });
    if (!only || only === "json") await measure(`1 replica ${tag}, saturated JSON`, [a], { stream: false, ...SAT });
    if (!only || only === "stream") await measure(`1 replica ${tag}, saturated streaming`, [a], { stream: true, ...SAT });
    if (cluster) {
      const b = await startReplica(1, true);
      if (!only || only === "latency") await measure("2 replicas redis, 10 req/s JSON each", [a, b], { stream: false, ...SLOW });
      if (!only || only === "json") await measure("2 replicas redis, saturated JSON", [a, b], { stream: false, ...SAT });
      if (!only || only === "stream") await measure("2 replicas redis, saturated streaming", [a, b], { stream: true, ...SAT });
      await b.stop();
    }
    await a.stop();
  }
} finally {
  for (const c of cleanups.reverse()) await c().catch(() => {});
  execFileSync("true");
}
