// `ccproxy bench` as a function: start (or point at) the targets, drive them, report, stop everything.
import { writeFileSync } from "node:fs";
import type { Probe } from "../process/ready.js";
import { loadBody } from "./body.js";
import { Cleanup } from "./cleanup.js";
import { BENCH_MODEL } from "./config-dirs.js";
import { driveLoad } from "./driver.js";
import { hookTimesBetween, readHookStats, type HookServerStats } from "./hook-stats.js";
import { machineInfo } from "./machine.js";
import type { BenchOptions } from "./options.js";
import { renderCpu, renderHookTime, renderOverheads, renderStockRatio, renderTable, renderVerdict } from "./render.js";
import { BENCH_EXIT, overheads, TARGET, targetResult, verdict } from "./results.js";
import { runRounds, warmUp, type Target } from "./rounds.js";
import { startBenchStacks } from "./stacks.js";
import { findMaxRate, sustains, type Step } from "./step.js";

/** Why: the self-contained bench needs a LiteLLM executable; `--url` needs none. */
export type RunBenchOptions = BenchOptions & { litellm?: string };

/** Why: with --json, stdout carries the report alone (progress and the table go to stderr). */
export type BenchOutput = { progress?: (line: string) => void; json?: (text: string) => void };

/** Why: the CLI and the tests call the same function; it prints as it goes and returns the exit code. With --json the
 * progress goes to stderr and stdout gets one JSON document, as every other `--json` in ccproxy. */
export async function runBench(options: RunBenchOptions, output: BenchOutput = {}): Promise<number> {
  const out = output.progress ?? (options.json ? (line: string) => process.stderr.write(`${line}\n`) : console.log);
  const printJson = output.json ?? ((text: string) => process.stdout.write(text));
  const body = loadBody(options.body, { stream: options.stream, model: options.url ? options.model : BENCH_MODEL });
  const cleanup = new Cleanup();
  const offSigint = cleanup.onSigint();
  try {
    out(`bench: body ${body.name} (${(body.bytes.length / 1024).toFixed(1)} KB, model ${body.model}${options.stream ? ", stream" : ""})`);
    const setup = await targetsFor(options, cleanup, out);
    let rate = options.rps;
    let search: { best: number | undefined; steps: Step[] } | undefined;
    const load = { body: body.bytes, headers: setup.headers, connections: options.connections };
    const roundMs = Math.max(1_000, Math.round(options.durationMs / options.rounds));
    if (options.findMaxRate) {
      const hook = setup.targets.find((t) => t.name === TARGET.hook)!;
      out(`searching the highest rate ${TARGET.hook} sustains (steps of ${roundMs / 1000} s, starting at ${rate} rps)`);
      // Every LiteLLM worker's first requests take seconds (lazy imports): warm until the starting rate holds.
      await warmUp(hook, { ...load, url: hook.url, rate, durationMs: 2_000 * options.workers }, out, (run) => sustains(rate, run));
      search = await findMaxRate(rate, (r) => driveLoad({ ...load, url: hook.url, rate: r, durationMs: roundMs }), out);
      if (search.best === undefined) throw new Error(`${TARGET.hook} did not sustain even ${Math.min(...search.steps.map((s) => s.rate))} rps`);
      rate = search.best;
      out(`highest sustained rate: ${rate} rps; measuring overhead there`);
    }
    out(`driving ${setup.targets.length} target(s) at ${rate} rps, ${options.connections} connections, ${options.rounds} interleaved round(s) of ${roundMs / 1000} s`);
    let before: HookServerStats | undefined;
    const readBefore = async () => {
      if (!setup.hookProbe) return;
      await settle(); // the warm-up's last step times arrive with the hook's next batch
      before = await readHookStats(setup.hookProbe);
    };
    const pooled = await runRounds(setup.targets, { ...load, rate }, { rounds: options.rounds, roundMs, warmupMs: Math.min(2_000, roundMs) * options.workers }, out, readBefore);
    const results = setup.targets.map((t) => targetResult(t.name, pooled.get(t.name)!));
    const over = overheads(results);
    if (setup.hookProbe) await settle();
    const hookServer = setup.hookProbe ? await readHookStats(setup.hookProbe) : undefined;
    const hookTimes = hookTimesBetween(before?.hookTimes, hookServer?.hookTimes);
    const hookTime = hookTimes?.pooled.hook;
    const inHook = hookTime ? { ...hookTime, p50: hookTime.p50 / 1000, p90: hookTime.p90 / 1000, p99: hookTime.p99 / 1000, max: hookTime.max / 1000 } : undefined;
    const result = verdict(results, over, { rate, budgetMs: options.maxP99OverheadMs, stream: options.stream, ...(inHook ? { hookTime: inHook } : {}), ...(options.maxHookP99Ms === undefined ? {} : { maxHookP99Ms: options.maxHookP99Ms }) });
    out("");
    out(renderTable(results, options.stream));
    if (over.hook || over.litellm) out(`\n${renderOverheads(over, options.stream)}`);
    const cpu = renderCpu(results);
    if (cpu) out(cpu);
    const stock = renderStockRatio(results);
    if (stock) out(stock);
    if (hookServer) out(`hook server: ${hookServer.decisions} decisions, deciding p50 ${hookServer.decide_us.p50} µs, p99 ${hookServer.decide_us.p99} µs`);
    if (hookTimes) for (const line of renderHookTime(hookTimes)) out(line);
    out(renderVerdict(result, options.maxP99OverheadMs, Boolean(over.hook)));
    if (options.json || options.out) {
      const { hookTimes: _raw, ...server } = hookServer ?? {};
      const report = { date: new Date().toISOString(), machine: machineInfo(), options, body: { name: body.name, bytes: body.bytes.length, model: body.model }, rate, search, targets: results, overheads: over, hookServer: hookServer ? server : undefined, hookTimesUs: hookTimes, verdict: result };
      const text = `${JSON.stringify(report, null, 2)}
`;
      if (options.out) writeFileSync(options.out, text);
      if (options.out) out(`wrote ${options.out}`);
      if (options.json) printJson(text);
    }
    return BENCH_EXIT[result.status];
  } finally {
    await cleanup.run();
    offSigint();
  }
}

async function targetsFor(
  options: RunBenchOptions,
  cleanup: Cleanup,
  out: (line: string) => void,
): Promise<{ targets: Target[]; headers: Record<string, string>; hookProbe?: Probe }> {
  const headers = { "content-type": "application/json", "anthropic-version": "2023-06-01" };
  if (options.url) {
    const key: Record<string, string> = options.apiKey ? { authorization: `Bearer ${options.apiKey}`, "x-api-key": options.apiKey } : {};
    return { targets: [{ name: "url", url: messagesUrl(options.url) }], headers: { ...headers, ...key } };
  }
  if (!options.litellm) throw new Error("runBench: the self-contained bench needs options.litellm");
  const stacks = await startBenchStacks({ litellm: options.litellm, upstreamLatencyMs: options.upstreamLatencyMs, upstreamChunkDelayMs: options.upstreamChunkDelayMs, workers: options.workers, stock: options.stock }, cleanup, out);
  const { pids } = stacks;
  const targets = [
    { name: TARGET.direct, url: `${stacks.mockUrl}/v1/messages`, meter: defined({ mock: pids.mock }) },
    ...(stacks.stockUrl ? [{ name: TARGET.stock, url: `${stacks.stockUrl}/v1/messages`, meter: defined({ litellm: pids.stock }) }] : []),
    { name: TARGET.plain, url: `${stacks.plainUrl}/v1/messages`, meter: defined({ litellm: pids.plain }) },
    { name: TARGET.hook, url: `${stacks.hookUrl}/v1/messages`, meter: defined({ litellm: pids.hookLitellm, "hook server": pids.hookServer }) },
  ];
  return { targets, headers: { ...headers, authorization: `Bearer ${stacks.masterKey}` }, hookProbe: stacks.hookProbe };
}

/** Why: the Python hook ships its step times every 0.25 s (usage_shipper.py); wait for the last batch to land. */
function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 1_000));
}

function defined(pids: Record<string, number | undefined>): Record<string, number> {
  return Object.fromEntries(Object.entries(pids).filter((entry): entry is [string, number] => entry[1] !== undefined));
}

/** Why: `--url http://host:port` means the proxy's root; a URL with a path is used as given. */
export function messagesUrl(url: string): string {
  const parsed = new URL(url);
  return parsed.pathname === "/" ? `${parsed.origin}/v1/messages` : url;
}
