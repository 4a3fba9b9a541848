// decide() and summarize() latency on Claude-Code-shaped requests of 1 KB, 76 KB and 600 KB.
// Run: npx tsx bench/decide.bench.mjs   (imports the TypeScript sources through tsx)
// Bars: decide p99 ≤ 50 µs on the 76 KB main request (summary form), ≤ 1 ms on 600 KB.
import { cpus } from "node:os";
import { join } from "node:path";
import { loadConfig, loadConfigText } from "../src/config/load.js";
import { templatesDir } from "../src/paths.js";
import { decide } from "../src/routing/decide.js";
import { summarize } from "../src/routing/summary.js";
import { samples } from "../src/samples/index.js";

const ITERATIONS = { decide: 200_000, summarize: { size1k: 20_000, size76k: 5_000, size600k: 500 } };

// Runs fn n times after a warm-up of n/10 and returns p50/p99 in microseconds.
function measure(fn, n) {
  for (let i = 0; i < Math.max(100, n / 10); i++) fn();
  const times = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    times[i] = Number(process.hrtime.bigint() - t0) / 1000;
  }
  times.sort();
  return { p50: times[Math.floor(n * 0.5)], p99: times[Math.floor(n * 0.99)] };
}

const loaded = await loadConfig(join(templatesDir, "ccproxy.yaml"));
const cpu = cpus();
console.log(`node ${process.version}, ${cpu[0]?.model} × ${cpu.length}, config templates/ccproxy.yaml (${loaded.rules.length} rules)`);
console.log("body       bytes    decide p50 / p99 (µs)    summarize p50 / p99 (µs)   label");
const rows = [];
for (const name of ["size1k", "size76k", "size600k"]) {
  const body = samples[name]();
  const bytes = Buffer.byteLength(JSON.stringify(body));
  const summary = summarize(body, "messages");
  const d = measure(() => decide(summary, loaded), ITERATIONS.decide);
  const s = measure(() => summarize(body, "messages"), ITERATIONS.summarize[name]);
  const result = decide(summary, loaded);
  rows.push({ name, bytes, decide: d, summarize: s });
  const f = (x) => x.toFixed(2).padStart(8);
  console.log(`${name.padEnd(9)} ${String(bytes).padStart(7)}  ${f(d.p50)} / ${f(d.p99)}       ${f(s.p50)} / ${f(s.p99)}      ${result.label ?? "need text"}`);
}
// The slow path: an estimate inside the uncertainty band of a tokens threshold, text present → exact BPE count.
const thresholdAt = (above) => loadConfigText(
  `version: 1\ntargets: { default: { model: a/b }, big: { model: a/c } }\nrules: [ { name: big, kind: tokens, above: ${above}, to: big } ]\n`,
  "/tmp/ccproxy-bench.yaml",
);
for (const [name, above] of [["size76k", 19_000], ["size600k", 160_000]]) {
  const withText = summarize(samples[name](), "messages", { text: true });
  const config = await thresholdAt(above);
  const x = measure(() => decide(withText, config), 30);
  console.log(`exact count near a threshold, ${name}: decide p50 ${(x.p50 / 1000).toFixed(1)} ms, p99 ${(x.p99 / 1000).toFixed(1)} ms`);
}
const main = rows.find((r) => r.name === "size76k");
const big = rows.find((r) => r.name === "size600k");
const ok = main.decide.p99 <= 50 && big.decide.p99 <= 1000;
console.log(ok ? "bars met: decide p99 ≤ 50 µs (76 KB) and ≤ 1 ms (600 KB)" : "BARS MISSED");
process.exitCode = ok ? 0 : 1;
