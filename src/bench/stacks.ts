// The self-contained bench's processes: the mock upstream, LiteLLM without the hook, LiteLLM with it.
import { readMasterKey } from "../init/master-key.js";
import { configFiles } from "../paths.js";
import { freePort } from "../process/free-port.js";
import type { Probe } from "../process/ready.js";
import type { Child } from "../supervisor/spawn.js";
import { terminate } from "../process/terminate.js";
import { startLitellm, startStack } from "../supervisor/stack.js";
import type { Cleanup } from "./cleanup.js";
import { BENCH_KEY_ENV, makeConfigDirs } from "./config-dirs.js";
import { startMockProcess } from "./mock-process.js";

/** Why: the three base URLs a comparison drives, the key LiteLLM wants, and where the hook server answers. */
export interface BenchStacks {
  mockUrl: string;
  plainUrl: string;
  hookUrl: string;
  masterKey: string;
  hookProbe: Probe;
  /** Process-group ids to meter CPU by: the mock, each LiteLLM, the hook server. */
  pids: { mock?: number; plain?: number; hookLitellm?: number; hookServer?: number };
}

/** Why: both LiteLLMs start in parallel (~9 s each); every child is registered for cleanup as it spawns. */
export async function startBenchStacks(
  options: { litellm: string; upstreamLatencyMs: number; workers: number },
  cleanup: Cleanup,
  progress: (line: string) => void,
): Promise<BenchStacks> {
  const mock = await startMockProcess(options.upstreamLatencyMs, (stop) => cleanup.add("mock provider", stop));
  progress(`mock provider (separate process, latency ${options.upstreamLatencyMs} ms) at ${mock.url}`);
  const [hookPort, plainPort] = [await freePort(), await freePort()];
  const dirs = await makeConfigDirs(mock.url, hookPort);
  cleanup.add("config dirs", dirs.remove);
  const masterKey = readMasterKey(configFiles(dirs.hookDir).masterKey);
  const env = { ...process.env, [BENCH_KEY_ENV]: "sk-ccproxy-bench" };
  const common = { litellm: options.litellm, host: "127.0.0.1", workers: options.workers, env };
  progress(`starting LiteLLM with the hook (:${hookPort}) and without it (:${plainPort}) from ${options.litellm} …`);
  const started = Date.now();
  const [hook, plain] = await Promise.all([
    startStack({ ...common, configDir: dirs.hookDir, port: hookPort, onChild: (name, child) => own(cleanup, `${name} (bench)`, child) }),
    startLitellm({
      ...common,
      configDir: dirs.plainDir,
      port: plainPort,
      masterKey,
      name: "LiteLLM without the hook",
      onChild: (child) => own(cleanup, "LiteLLM without hook", child),
    }),
  ]);
  progress(`both LiteLLMs ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const pids = { mock: mock.pid, plain: plain.litellm.pid, hookLitellm: hook.litellm.pid, hookServer: hook.hook.pid };
  return { mockUrl: mock.url, plainUrl: `http://127.0.0.1:${plainPort}`, hookUrl: hook.url, masterKey, hookProbe: hook.hookProbe, pids };
}

/** Why: every child is stopped at the end, on errors and on Ctrl-C (startStack already drains its output). */
function own(cleanup: Cleanup, name: string, child: Child): void {
  cleanup.add(name, async () => void (await terminate(child, 5_000)));
}
