// The self-contained bench's processes: the mock upstream, stock LiteLLM, LiteLLM as ccproxy configures it without the
// hook, and with it.
import { freePort } from "../process/free-port.js";
import type { Probe } from "../process/ready.js";
import { DEFAULT_POLICY } from "../supervisor/backoff.js";
import { discardSink } from "../supervisor/sinks.js";
import { createStack, stackInputs } from "../supervisor/stack.js";
import type { Cleanup } from "./cleanup.js";
import { BENCH_KEY_ENV, makeConfigDirs } from "./config-dirs.js";
import { startMockProcess } from "./mock-process.js";

/** Why: the base URLs a comparison drives, the key LiteLLM wants, and where the hook server answers. */
export interface BenchStacks {
  mockUrl: string;
  /** LiteLLM with the same model_list and LiteLLM's defaults; absent with --no-stock. */
  stockUrl?: string;
  plainUrl: string;
  hookUrl: string;
  masterKey: string;
  hookProbe: Probe;
  /** Process-group ids to meter CPU by: the mock, each LiteLLM, the hook server. */
  pids: { mock?: number; stock?: number; plain?: number; hookLitellm?: number; hookServer?: number };
}

/** Why: a crash during a measurement must show as errors, not be hidden by a restart in the middle of a round. */
const NO_RESTARTS = { ...DEFAULT_POLICY, maxCrashes: 1 };

/** Why: the LiteLLMs start in parallel (~9 s each), as `ccproxy start` starts them; each is registered for cleanup first. */
export async function startBenchStacks(
  options: { litellm: string; upstreamLatencyMs: number; upstreamChunkDelayMs?: number; workers: number; stock: boolean },
  cleanup: Cleanup,
  progress: (line: string) => void,
): Promise<BenchStacks> {
  const pacing = { latencyMs: options.upstreamLatencyMs, chunkDelayMs: options.upstreamChunkDelayMs ?? 0 };
  const mock = await startMockProcess(pacing, (stop) => cleanup.add("mock provider", stop));
  progress(`mock provider (separate process, latency ${pacing.latencyMs} ms, ${pacing.chunkDelayMs} ms between stream events) at ${mock.url}`);
  const [hookPort, plainPort, stockPort] = [await freePort(), await freePort(), await freePort()];
  const dirs = await makeConfigDirs(mock.url, hookPort);
  cleanup.add("config dirs", dirs.remove);
  const { masterKey, hookProbe } = await stackInputs(dirs.hookDir);
  if (!masterKey) throw new Error(`the bench's config dir ${dirs.hookDir} has no master.key`);
  const common = { litellm: options.litellm, host: "127.0.0.1", workers: options.workers, masterKey, sink: discardSink, policy: NO_RESTARTS };
  const env = { ...process.env, [BENCH_KEY_ENV]: "sk-ccproxy-bench" };
  const hook = createStack({ ...common, configDir: dirs.hookDir, port: hookPort, hookProbe, env });
  const plain = createStack({ ...common, configDir: dirs.plainDir, port: plainPort, hookProbe: undefined, env });
  const stock = options.stock ? createStack({ ...common, configDir: dirs.stockDir, port: stockPort, hookProbe: undefined, env }) : undefined;
  cleanup.add("hook stack (bench)", () => hook.stop(5_000));
  cleanup.add("LiteLLM without hook", () => plain.stop(5_000));
  if (stock) cleanup.add("stock LiteLLM", () => stock.stop(5_000));
  const stockNote = stock ? `, stock (:${stockPort})` : "";
  progress(`starting LiteLLM with the hook (:${hookPort}), without it (:${plainPort})${stockNote} from ${options.litellm} …`);
  const started = Date.now();
  await Promise.all([hook.start(), plain.start(), stock?.start()]);
  progress(`LiteLLMs ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const pids = { mock: mock.pid, stock: stock?.pids().litellm, plain: plain.pids().litellm, hookLitellm: hook.pids().litellm, hookServer: hook.pids().hook };
  return { mockUrl: mock.url, ...(stock ? { stockUrl: stock.url } : {}), plainUrl: plain.url, hookUrl: hook.url, masterKey, hookProbe, pids };
}
