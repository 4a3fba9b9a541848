// The hook server wired to the real config and router, with hot reload: what `ccproxy hook-server` runs.
import { join } from "node:path";
import { loadConfig, type LoadedConfig } from "../config/load.js";
import { watchConfig } from "../config/watch.js";
import { decide } from "../routing/decide.js";
import { createStderrLogger, type Logger } from "./logger.js";
import { createHookServer, describeTarget, type HookServer, type ListenTarget } from "./server.js";
import { resolveStateDir, stateFiles } from "../paths.js";
import { UsageService } from "./usage.js";
import { startWarmup, WARMUP_REQUESTS } from "./warmup.js";

/** Why: a {need: "text"} resend carries the sections' JSON as strings (~1.25x the body for escaping); 4 MiB
 * covers bodies near any `tokens` threshold up to ~700k tokens, beyond which the hook's timeout bites first. */
const MAX_BODY_BYTES = 4 * 1024 * 1024;

/** Why: the command's inputs after flag parsing; `listen` unset means "what the config says". */
export interface HookServiceOptions {
  configPath: string;
  listen?: ListenTarget;
  version: string;
  logger?: Logger;
  /** Requests of JIT warm-up sent from a child process once listening (0 = none); default WARMUP_REQUESTS. */
  warmupRequests?: number;
  /** Where the usage records go (default: resolveStateDir of the config's folder). */
  stateDir?: string;
}

/** Why: a running service the command (or a test) can stop. */
export interface HookService {
  address: ListenTarget;
  server: HookServer;
  usage: UsageService;
  close(): Promise<void>;
}

/** Why: hook.port beats the socket, as the config loader already normalizes to exactly one of them. */
export function listenTargetOf(loaded: LoadedConfig): ListenTarget {
  const { socket, port } = loaded.config.hook;
  return port !== undefined ? { host: "127.0.0.1", port } : { socket: socket ?? join(loaded.dir, "hook.sock") };
}

function sameTarget(a: ListenTarget, b: ListenTarget): boolean {
  return describeTarget(a) === describeTarget(b);
}

/** Why: loads the config (failing loudly if it is bad), serves decisions from the latest good one, reloads on edits. */
export async function startHookService(options: HookServiceOptions): Promise<HookService> {
  const logger = options.logger ?? createStderrLogger();
  let current = await loadConfig(options.configPath);
  const usageDir = stateFiles(resolveStateDir(current.dir, options.stateDir)).usage;
  const usage = new UsageService(usageDir, () => current.config.usage, logger);
  usage.start(); // before listening: the replay reads files synchronously, and nothing waits on us yet
  const server = createHookServer({
    route: (summary) => decide(summary, current),
    health: () => ({ config: current.path, config_loaded_at: current.loadedAt.toISOString(), version: options.version }),
    maxBodyBytes: MAX_BODY_BYTES,
    logger,
    usage,
  });
  const wanted = options.listen ?? listenTargetOf(current);
  const address = await server.listen(wanted);
  const warmupRequests = options.warmupRequests ?? WARMUP_REQUESTS;
  // The warm-up only lasts if node runs with --no-memory-reducer (src/process/spawn.ts); v8.setFlagsFromString does not
  // turn the reducer off at run time, and its idle-time compacting GCs discard the optimised code.
  const warmup = warmupRequests > 0 ? startWarmup(address, warmupRequests) : undefined;
  const watcher = watchConfig(current.path, {
    onReload(loaded) {
      current = loaded;
      logger.info(`config reloaded from ${loaded.path}`);
      if (!options.listen && !sameTarget(listenTargetOf(loaded), wanted)) {
        logger.warn(`hook.socket/hook.port changed; still listening on ${describeTarget(address)} until restart`);
      }
    },
    onError(error) {
      logger.error(`${error instanceof Error ? error.message : String(error)}\nkeeping the last good config`);
    },
  }, { files: current.files });
  return {
    address,
    server,
    usage,
    async close() {
      watcher.close();
      warmup?.stop();
      await server.close();
      await usage.close();
    },
  };
}
