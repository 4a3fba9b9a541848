// Worst-case routing cost by request shape (issue 11): for each hostile shape in src/samples/hostile.ts, a fresh
// `ccproxy hook-server` (separate process, the shapes' config) gets the shape's request; measured: time to the answer,
// CPU of the server's main thread (its event loop) and of all its threads, and the slowest GET /health while the
// shape was being routed (/health polled every 5 ms from a second connection).
// Usage: npm run build && npx tsx bench/worst-case.bench.mts [--root DIR] [--repeat 3] [--timeout-s 60] [--only a,b]
//   --root: the ccproxy tree whose bin/ccproxy to run (default: this one), e.g. an older build for "before" figures.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { Client } from "undici";
import { HOSTILE_RULES_YAML, HOSTILE_SHAPES } from "../src/samples/hostile.js";

const { values } = parseArgs({
  options: {
    root: { type: "string", default: new URL("..", import.meta.url).pathname },
    repeat: { type: "string", default: "3" },
    "timeout-s": { type: "string", default: "60" },
    only: { type: "string" },
  },
});
const REPEAT = Number(values.repeat);
const TIMEOUT_MS = Number(values["timeout-s"]) * 1000;
const only = values.only?.split(",");

/** CPU nanoseconds of one thread (schedstat's first field), or of every thread of the process. */
function cpuNs(pid: number, thread?: number): number {
  const read = (tid: string) => Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, "utf8").split(" ")[0]);
  if (thread !== undefined) return read(String(thread));
  let sum = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      sum += read(tid);
    } catch {} // a thread that just ended
  }
  return sum;
}

async function startServer(dir: string): Promise<{ child: ChildProcess; socketPath: string }> {
  const socketPath = join(dir, "hook.sock");
  const child = spawn(process.execPath, ["--no-memory-reducer", join(values.root!, "bin", "ccproxy"), "hook-server", "--config", join(dir, "ccproxy.yaml"), "--socket", socketPath], {
    stdio: ["ignore", "pipe", "ignore"],
  });
  const [line] = await Promise.race([
    once(child.stdout!, "data"),
    once(child, "exit").then(([code]) => { throw new Error(`hook-server exited with ${code} before listening`); }),
  ]);
  if (!String(line).startsWith("hook server listening on")) throw new Error(`unexpected readiness line: ${line}`);
  // Wait for the JIT warm-up (its requests run on the main thread) and the counting worker's start to finish.
  for (let quiet = 0, last = cpuNs(child.pid!); quiet < 3; ) {
    await new Promise((r) => setTimeout(r, 300));
    const now = cpuNs(child.pid!);
    quiet = now - last < 3e6 ? quiet + 1 : 0;
    last = now;
  }
  return { child, socketPath };
}

interface Run { answerMs: number; mainCpuMs: number; allCpuMs: number; healthMaxMs: number; healthCount: number; label: string }

async function measure(socketPath: string, pid: number, body: string, pollHealth: boolean): Promise<Run> {
  const route = new Client("http://hook", { socketPath, headersTimeout: TIMEOUT_MS, bodyTimeout: TIMEOUT_MS });
  const health = new Client("http://hook", { socketPath, headersTimeout: TIMEOUT_MS, bodyTimeout: TIMEOUT_MS });
  await (await health.request({ path: "/health", method: "GET" })).body.text(); // connect first
  const main0 = cpuNs(pid, pid);
  const all0 = cpuNs(pid);
  const t0 = performance.now();
  let done = false;
  let label = "timeout";
  const routing = route.request({ path: "/v1/route", method: "POST", headers: { "content-type": "application/json" }, body })
    .then(async (res) => {
      const answer = (await res.body.json()) as { label?: string; error?: { type: string } };
      label = answer.label ?? `${res.statusCode} ${answer.error?.type}`;
    })
    .catch((error: Error) => { label = `failed: ${error.message}`; })
    .finally(() => { done = true; });
  let healthMaxMs = 0;
  let healthCount = 0;
  if (pollHealth) {
    // Every poll sent while the route is in flight counts, including one that only returns after it.
    while (!done) {
      const h0 = performance.now();
      await (await health.request({ path: "/health", method: "GET" })).body.text();
      healthMaxMs = Math.max(healthMaxMs, performance.now() - h0);
      healthCount++;
      await new Promise((r) => setTimeout(r, 5));
    }
  }
  await routing;
  const answerMs = performance.now() - t0;
  const run = { answerMs, mainCpuMs: (cpuNs(pid, pid) - main0) / 1e6, allCpuMs: (cpuNs(pid) - all0) / 1e6, healthMaxMs, healthCount, label };
  await Promise.all([route.destroy(), health.destroy()]);
  return run;
}

const cpu = cpus();
console.log(`node ${process.version}, ${cpu[0]?.model} × ${cpu.length}, load ${loadavg().map((l) => l.toFixed(1)).join(" ")}, root ${values.root}`);
console.log("shape             answer ms   main-thread CPU ms   all-threads CPU ms   /health max ms (polls)   label");
for (const shape of HOSTILE_SHAPES) {
  if (only && !only.includes(shape.name)) continue;
  const dir = mkdtempSync(join(tmpdir(), "ccproxy-worst-"));
  writeFileSync(join(dir, "ccproxy.yaml"), HOSTILE_RULES_YAML);
  const { child, socketPath } = await startServer(dir);
  const runs: Run[] = [];
  try {
    for (let i = 0; i < REPEAT; i++) {
      // A new seed per run: the tokenizer caches what it merged once. Odd runs poll /health, even runs measure CPU alone.
      const body = JSON.stringify(shape.summary(100 + i));
      const cpuRun = await measure(socketPath, child.pid!, body, false);
      if (cpuRun.label.startsWith("failed")) {
        // Timed out: the server is still busy with it, and /health would have waited as long.
        runs.push({ ...cpuRun, healthMaxMs: NaN, healthCount: 0 });
        break;
      }
      const healthRun = await measure(socketPath, child.pid!, JSON.stringify(shape.summary(200 + i)), true);
      runs.push({ ...cpuRun, healthMaxMs: healthRun.healthMaxMs, healthCount: healthRun.healthCount });
    }
  } finally {
    child.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  }
  if (process.env.VERBOSE) for (const r of runs) console.log("   ", JSON.stringify(r));
  const max = (f: (r: Run) => number) => Math.max(...runs.map(f)).toFixed(1);
  const polls = runs.map((r) => r.healthCount).join("/");
  console.log(`${shape.name.padEnd(17)} ${max((r) => r.answerMs).padStart(9)} ${max((r) => r.mainCpuMs).padStart(20)} ${max((r) => r.allCpuMs).padStart(20)} ${`${max((r) => r.healthMaxMs)} (${polls})`.padStart(24)}   ${[...new Set(runs.map((r) => r.label))].join(", ")}`);
}
