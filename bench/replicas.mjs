// Scale-out measurements (bench/README.md "Replicas and Redis"): one vs two replicas, each `ccproxy start` pinned to a
// core of its own with taskset, and the cost of the cluster Redis per request beside no Redis. Outside CI (minutes).
//   npm run build && taskset -c 1 node bench/replicas.mjs [--seconds 10] [--only redis|scale]
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

const { values } = parseArgs({ options: { seconds: { type: "string", default: "10" }, only: { type: "string" } } });
const SECONDS = Number(values.seconds);
const KEY = "sk-bench-master-key";
const bin = new URL("../bin/ccproxy", import.meta.url).pathname;
const cleanups = [];
process.on("SIGINT", async () => { for (const c of cleanups.reverse()) await c(); process.exit(130); });

const mock = await startMockProcess({ latencyMs: 0 }, (stop) => cleanups.push(stop));
const redisPort = await freePort();
const redis = execa("redis-server", ["--port", String(redisPort), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { reject: false, stdio: "ignore" });
cleanups.push(async () => { redis.kill("SIGKILL"); await redis; });
await new Promise((resolve) => setTimeout(resolve, 500));
const redisUrl = `redis://127.0.0.1:${redisPort}/0`;
const env = { ...process.env, MOCK_KEY: "sk-mock", BENCH_MASTER_KEY: KEY, CCPROXY_REDIS_URL: redisUrl, FORCE_COLOR: "0", LITELLM_LOG: "ERROR" };

async function startReplica(core, cluster, name) {
  const dir = mkdtempSync("/tmp/ccp-bench-rep-");
  const port = await freePort();
  writeFileSync(`${dir}/ccproxy.yaml`, [
    "version: 1",
    "proxy: { master_key: os.environ/BENCH_MASTER_KEY }",
    `targets: { default: { model: anthropic/claude-sonnet-4-5, api_base: "${mock.url}", api_key: os.environ/MOCK_KEY } }`,
    "rules: []",
    "default: { label: default, passthrough: true }",
    ...(cluster ? [`cluster: { redis_url: os.environ/CCPROXY_REDIS_URL, replica_id: bench-${name} }`] : []),
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
/** The load generator (this process) and the mock provider: they share core 1 with replica B. */
const clientCpuMs = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000 + (groupCpuMs(mock.pid) ?? 0); };
const redisCpuMs = () => { const f = readFileSync(`/proc/${redis.pid}/stat`, "utf8").split(") ")[1].split(" "); return (Number(f[11]) + Number(f[12])) * 10; };

/** One measured round: one driver per replica, in parallel; raw samples and CPU so rounds can be pooled. */
async function round(replicas, { stream, rate, connections, seconds }) {
  const body = loadBody("claude-code", { stream, model: "claude-sonnet-4-5" }).bytes;
  await Promise.all(replicas.map((r) => driveLoad({ url: r.url, body, headers, rate, durationMs: 2_000, connections }))); // warm-up, discarded
  const cpuBefore = replicas.map((r) => r.cpuMs());
  const redisBefore = redisCpuMs();
  const clientBefore = clientCpuMs();
  const runs = await Promise.all(replicas.map((r) => driveLoad({ url: r.url, body, headers, rate, durationMs: seconds * 1000, connections })));
  return {
    latencies: runs.flatMap((r) => r.total),
    failed: runs.reduce((s, r) => s + r.non2xx + r.socketErrors, 0),
    cpuMs: replicas.reduce((sum, r, i) => sum + r.cpuMs() - cpuBefore[i], 0),
    redisMs: redisCpuMs() - redisBefore,
    clientMs: clientCpuMs() - clientBefore,
    seconds,
    load: loadavg()[0],
  };
}

/** Interleaved rounds of several setups (A B A B …), pooled per setup: the machine's other load hits each alike. */
async function compare(title, setups, load, rounds) {
  const pooled = setups.map(() => ({ latencies: [], failed: 0, cpuMs: 0, redisMs: 0, clientMs: 0, seconds: 0, loads: [] }));
  for (let i = 0; i < rounds; i++) {
    for (const [j, setup] of setups.entries()) {
      const r = await round(setup.replicas, load);
      const p = pooled[j];
      p.latencies.push(...r.latencies); p.failed += r.failed; p.cpuMs += r.cpuMs; p.redisMs += r.redisMs; p.clientMs += r.clientMs; p.seconds += r.seconds; p.loads.push(r.load);
    }
  }
  for (const [j, setup] of setups.entries()) {
    const p = pooled[j];
    const sorted = p.latencies.sort((a, b) => a - b);
    const pct = (q) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)].toFixed(1) : "-");
    console.log(JSON.stringify({
      compare: title, setup: setup.name, stream: load.stream, rate: load.rate, connections: load.connections, rounds, seconds: p.seconds,
      rps: (sorted.length / p.seconds).toFixed(1), failed: p.failed, p50_ms: pct(0.5), p99_ms: pct(0.99),
      cpu_ms_per_req: (p.cpuMs / Math.max(1, sorted.length)).toFixed(1), redis_cpu_ms_per_req: (p.redisMs / Math.max(1, sorted.length)).toFixed(2),
      client_and_mock_cpu_ms_per_req: (p.clientMs / Math.max(1, sorted.length)).toFixed(1),
      load1: p.loads.map((l) => l.toFixed(1)).join("/"),
    }));
  }
}

const SECONDS_EACH = SECONDS;
try {
  // Redis cost: a replica without a cluster section and one with it, both pinned to core 0, measured in turn.
  const plain = await startReplica(0, false, "plain");
  const shared = await startReplica(0, true, "a");
  const redisCost = [{ name: "1 replica, no Redis", replicas: [plain] }, { name: "1 replica, cluster Redis", replicas: [shared] }];
  if (!values.only || values.only === "redis") {
    await compare("redis cost, 10 req/s", redisCost, { stream: false, rate: 10, connections: 1, seconds: SECONDS_EACH }, 3);
    await compare("redis cost, saturated JSON", redisCost, { stream: false, rate: 400, connections: 8, seconds: SECONDS_EACH }, 2);
  }
  await plain.stop();
  // One vs two replicas, each on a core of its own (the client, the mock and Redis share core 1 with replica B).
  const second = await startReplica(1, true, "b");
  const scale = [{ name: "1 replica (core 0)", replicas: [shared] }, { name: "2 replicas (cores 0, 1)", replicas: [shared, second] }];
  if (!values.only || values.only === "scale") {
    await compare("1 vs 2 replicas, saturated JSON", scale, { stream: false, rate: 400, connections: 8, seconds: SECONDS_EACH }, 2);
    await compare("1 vs 2 replicas, saturated streaming", scale, { stream: true, rate: 400, connections: 8, seconds: SECONDS_EACH }, 2);
  }
} finally {
  for (const c of cleanups.reverse()) await c().catch(() => {});
  execFileSync("true");
}
