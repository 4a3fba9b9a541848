// The one Redis connection a replica's hook server (and `ccproxy usage`) opens: fail fast, never queue, reconnect.
import { Redis } from "ioredis";
import { CliError } from "../errors.js";

/** Why: the supervisor names the replica for the hook server in this variable (cluster.replica_id or <hostname>:<port>). */
export const REPLICA_ENV = "CCPROXY_REPLICA_ID";

/** Why: every key ccproxy writes starts with it, so one Redis can also hold LiteLLM's keys (deployment:…) untouched. */
export const KEY_PREFIX = "ccproxy:";

/** Why: cluster.redis_url is an os.environ/VAR reference (the URL may carry a password); resolved where it is used. */
export function redisUrlOf(reference: string, env: NodeJS.ProcessEnv = process.env): string {
  const name = reference.slice("os.environ/".length);
  const url = env[name];
  if (!url) throw new CliError(`cluster.redis_url names $${name}, which is not set here`, { hint: `export ${name}=redis://host:6379 (the same on every replica)` });
  if (!/^rediss?:\/\//.test(url)) throw new CliError(`$${name} must be a redis:// or rediss:// URL`, { hint: `got ${describeRedis(url)}` });
  return url;
}

/** Why: log lines and errors name the Redis without its password. */
export function describeRedis(url: string): string {
  return url.replace(/\/\/([^@/]*)@/, "//***@");
}

/**
 * Why: a command fails at once while Redis is away (no offline queue, no retries per command), so a Redis outage costs
 * a replica one failed call per flush, never a stuck request; the client keeps reconnecting in the background.
 */
export function connectRedis(url: string, options: { lazy?: boolean; commandTimeoutMs?: number } = {}): Redis {
  return new Redis(url, {
    lazyConnect: options.lazy ?? false,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 2_000,
    commandTimeout: options.commandTimeoutMs ?? 1_000,
    retryStrategy: (attempt) => Math.min(200 * attempt, 2_000),
    enableReadyCheck: true,
  });
}

/** Why: `start` says at once when the cluster Redis cannot be reached (the replica still starts, alone, and catches up). */
export async function redisProblem(url: string, timeoutMs = 1_500): Promise<string | undefined> {
  const redis = connectRedis(url, { lazy: true, commandTimeoutMs: timeoutMs });
  redis.on("error", () => {}); // the one answer below says it
  try {
    await redis.connect();
    await redis.ping();
    return undefined;
  } catch (error) {
    return (error as Error).message;
  } finally {
    redis.disconnect();
  }
}
