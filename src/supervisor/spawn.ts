// Spawning the two processes ccproxy runs: the TypeScript hook server and the LiteLLM proxy.
import { execa, type ResultPromise } from "execa";
import { fileURLToPath } from "node:url";
import { configFiles } from "../paths.js";
import { MASTER_KEY_ENV } from "../litellm/render-config.js";
import { litellmEnvFor } from "../process/litellm-env.js";

/** Why: the hook server is this same CLI in another process, so it is restarted independently. */
export const ccproxyBin = fileURLToPath(new URL("../../bin/ccproxy", import.meta.url));

/** Why: both children are spawned alike: own process group, piped output, no throw on exit. */
export type Child = ResultPromise<{ detached: true; reject: false; buffer: false; stdin: "ignore" }>;

const common = { detached: true, reject: false, buffer: false, stdin: "ignore" } as const;

/** Why: the hook server warms its JIT at start (src/hook-server/warmup.ts); V8's memory reducer, ~16 s after the
 * last burst of work, runs compacting GCs that discard that optimised code, and only node's command line turns it off.
 * Cost: the heap keeps its committed size after the warm-up (bench/README.md "hook overhead, profiled"). */
export const HOOK_SERVER_NODE_FLAGS = ["--no-memory-reducer"] as const;

/** Why: `ccproxy hook-server` for a config dir; it prints a readiness line and serves /health. */
export function spawnHookServer(configDir: string, env: NodeJS.ProcessEnv = {}): Child {
  return execa(process.execPath, [...HOOK_SERVER_NODE_FLAGS, ccproxyBin, "hook-server", "--config-dir", configDir], {
    ...common,
    env: { ...env, FORCE_COLOR: "0" },
  });
}

/** Why: LiteLLM's command line, testable without starting it; `verbose` (`start --verbose`) adds its debug log. */
export function litellmArgs(options: { config: string; host: string; port: number; workers?: number; verbose?: boolean }): string[] {
  const args = ["--config", options.config, "--host", options.host, "--port", String(options.port)];
  // uvicorn kills a worker that has not answered its health check within 5 s, and LiteLLM's start-up alone takes
  // longer on a busy machine: without a longer limit every worker died and was respawned, and none ever served.
  if (options.workers && options.workers > 1) args.push("--num_workers", String(options.workers), "--timeout_worker_healthcheck", "120");
  if (options.verbose) args.push("--detailed_debug");
  return args;
}

/** Why: LiteLLM with the flags and env it needs (host always passed, no .env, no network cost map, a clean env). */
export function spawnLitellm(options: {
  litellm: string;
  configDir: string;
  host: string;
  port: number;
  workers?: number;
  masterKey?: string;
  env?: NodeJS.ProcessEnv;
  verbose?: boolean;
}): Child {
  const files = configFiles(options.configDir);
  return execa(options.litellm, litellmArgs({ ...options, config: files.litellmConfig }), {
    ...common,
    cwd: options.configDir,
    extendEnv: false,
    env: {
      ...litellmEnvFor(files.litellmConfig, options.env ?? process.env),
      LITELLM_MODE: "PRODUCTION",
      CCPROXY_LISTEN_HOST: options.host, // the hook admits keyless subscription requests only on loopback
      LITELLM_LOCAL_MODEL_COST_MAP: "True",
      ...(options.masterKey ? { [MASTER_KEY_ENV]: options.masterKey } : {}),
    },
  });
}
