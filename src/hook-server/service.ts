// The hook server wired to the real config and router, with hot reload: what `ccproxy hook-server` runs.
import { hostname } from "node:os";
import { describeTarget, hookAddress, type ListenTarget } from "../config/hook-address.js";
import { loadConfig, type LoadedConfig } from "../config/load.js";
import { watchConfig } from "../config/watch.js";
import { readHookSecret } from "../init/hook-secret.js";
import { configFiles, resolveStateDir, stateFiles } from "../paths.js";
import { decide } from "../routing/decide.js";
import { countStopAbove } from "../routing/tokens.js";
import { REPLICA_ENV, redisUrlOf } from "../cluster/redis.js";
import { ClusterState } from "./cluster-state.js";
import { createStderrLogger, type Logger } from "./logger.js";
import { createHookServer, type HookServer } from "./server.js";
import { UsageService } from "./usage.js";
import { startWarmup, WARMUP_REQUESTS } from "./warmup.js";

/** Why: a {need: "text"} resend carries the sections' JSON as strings (~1.25x the body for escaping); 4 MiB
 * covers bodies near any `tokens` threshold up to ~700k tokens, beyond which the hook's timeout bites first. */
const MAX_BODY_BYTES = 4 * 1024 * 1024;

/** Why: the edits LiteLLM cannot pick up until it restarts, and the config to route with meanwhile. */
export interface AppliedView {
  pending(loaded: LoadedConfig): string[];
  restrict(loaded: LoadedConfig): LoadedConfig;
}

/** Why: the command's inputs after flag parsing; `listen` unset means "what the config says". */
export interface HookServiceOptions {
  configPath: string;
  listen?: ListenTarget;
  version: string;
  logger?: Logger;
  /**
   * What LiteLLM runs (litellm/applied.ts `appliedView`): edits that change it wait for a restart, and the rules
   * route only to targets it runs. Without it every valid edit applies as it is.
   */
  applied?: (first: LoadedConfig) => AppliedView;
  /** Requests of JIT warm-up sent from a child process once listening (0 = none); default WARMUP_REQUESTS. */
  warmupRequests?: number;
  /** The hook secret; default: hook.secret beside the config file, when it exists (required for a TCP port). */
  secret?: string;
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

/** Why: the worker's count must end before the hook gives up on the text round (hook.count_timeout_ms), which also
 * covers serialising and sending the text: half of it for the count, and nothing past the largest threshold. */
export function countPolicyOf(loaded: LoadedConfig): { stopAbove?: number; budgetMs: number } {
  const stopAbove = countStopAbove(loaded.config.rules);
  const budgetMs = Math.max(50, Math.floor(loaded.config.hook.count_timeout_ms / 2));
  return stopAbove === undefined ? { budgetMs } : { stopAbove, budgetMs };
}

function sameTarget(a: ListenTarget, b: ListenTarget): boolean {
  return describeTarget(a) === describeTarget(b);
}

/** Why: loads the config (failing loudly if it is bad), serves decisions from the latest good one, reloads on edits. */
export async function startHookService(options: HookServiceOptions): Promise<HookService> {
  const logger = options.logger ?? createStderrLogger();
  const first = await loadConfig(options.configPath);
  const secret = options.secret ?? readHookSecret(configFiles(first.dir).hookSecret);
  const applied = options.applied?.(first);
  let pending: string[] = [];
  let current = first;
  const apply = (loaded: LoadedConfig) => {
    pending = applied?.pending(loaded) ?? [];
    current = applied && pending.length ? applied.restrict(loaded) : loaded;
  };
  apply(first);
  if (pending.length) logger.warn(restartDueLine(pending));
  const usageDir = stateFiles(resolveStateDir(first.dir, options.stateDir)).usage;
  const usage = new UsageService(usageDir, () => current.config.usage, logger);
  usage.start(); // before listening: the replay reads files synchronously, and nothing waits on us yet
  // A cluster section takes effect at start (like the targets): Redis and the replica's name are fixed until restart.
  const clusterConfig = current.config.cluster;
  const cluster = clusterConfig
    ? new ClusterState(redisUrlOf(clusterConfig.redis_url), process.env[REPLICA_ENV] || `${hostname()}:${process.pid}`, {
        retentionDays: () => current.config.usage.retention_days,
        stats: () => ({ ...server.stats.snapshot(), usage: usage.snapshot() }), // what /v1/stats answers
        logger,
      })
    : undefined;
  if (cluster) usage.onRecorded = (records) => cluster.add(records);
  const server = createHookServer({
    secret,
    route: (summary, counted) => decide(summary, current, counted),
    countPolicy: () => countPolicyOf(current),
    warmCounter: countStopAbove(current.config.rules) !== undefined,
    health: () => ({
      config: current.path,
      config_loaded_at: current.loadedAt.toISOString(),
      version: options.version,
      ...(pending.length ? { restart_due: pending } : {}),
    }),
    maxBodyBytes: MAX_BODY_BYTES,
    logger,
    usage,
    cluster,
  });
  cluster?.start();
  const wanted = options.listen ?? hookAddress(current.config.hook);
  const address = await server.listen(wanted);
  const warmupRequests = options.warmupRequests ?? WARMUP_REQUESTS;
  // The warm-up only lasts if node runs with --no-memory-reducer (src/supervisor/spawn.ts); v8.setFlagsFromString does not
  // turn the reducer off at run time, and its idle-time compacting GCs discard the optimised code.
  const warmup = warmupRequests > 0 ? startWarmup(address, warmupRequests, secret) : undefined;
  const watcher = watchConfig(current.path, {
    onReload(loaded) {
      apply(loaded);
      logger.info(`config reloaded from ${loaded.path}`);
      if (pending.length) logger.warn(restartDueLine(pending));
      if (!options.listen && !sameTarget(hookAddress(loaded.config.hook), wanted)) {
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
      await cluster?.close();
    },
  };
}

/** Why: the log line an edit that LiteLLM cannot pick up on its own gets; `ccproxy status` shows the same reasons. */
export function restartDueLine(pending: string[]): string {
  return `restart due: ${pending.join("; ")} — LiteLLM still runs the targets it started with; rules that route to targets it does not run are off until \`ccproxy restart\``;
}
