// Everything `start` checks before a child is spawned: first-run init, config regeneration, the port.
import chalk from "chalk";
import { existsSync } from "node:fs";
import { hostname } from "node:os";
import { relative } from "node:path";
import type { LoadedConfig } from "../config/load.js";
import { describeRedis, redisProblem, redisUrlOf } from "../cluster/redis.js";
import { CliError } from "../errors.js";
import { setUpConfigDir } from "../init/setup.js";
import { syncConfigDir } from "../init/sync.js";
import { locateLitellm } from "../litellm/locate.js";
import { describeLifecycle, retiringTargets } from "../models/retirements.js";
import { EXPOSED_ROUTES_WARNING } from "../litellm/exposed-routes.js";
import { configFiles } from "../paths.js";
import { findPortHolder, tryBind } from "../process/port-holder.js";
import type { Probe } from "../process/ready.js";
import { checkListenHost } from "./exposure.js";
import { stackInputs } from "./stack.js";

/** Why: what preflight found, handed to the supervisor unchanged. */
export interface Prepared {
  dir: string;
  litellm: string;
  masterKey: string | undefined;
  hookProbe: Probe;
  host: string;
  port: number;
  /** Where clients get the master key from, as `start` names it (a file, or the variable proxy.master_key names). */
  masterKeyFrom: string | undefined;
  /** proxy.expose_litellm_routes, for start's exposure warning (the config is not loaded again). */
  exposeLitellmRoutes: boolean;
  /** `start --verbose`: LiteLLM runs with --detailed_debug. */
  verbose: boolean;
  /** proxy.watchdog_s: a child silent this long is killed and restarted (0 = off). */
  watchdogS: number;
  /** A cluster replica: its name, and how long a stop drains (cluster.drain_s). */
  cluster: { replicaId: string; drainMs: number } | undefined;
}

/** Why: flags beat ccproxy.yaml's proxy.host/port, which default to 127.0.0.1:4000. */
export interface Address {
  host?: string;
  port?: number;
  /** Off loopback only when set (`--allow-remote`). */
  allowRemote?: boolean;
  /** No install or start-up progress. */
  quiet?: boolean;
  /** Stream the installer's output; LiteLLM runs with --detailed_debug. */
  verbose?: boolean;
}

/** Why: a first run must just work; later runs regenerate LiteLLM's files so ccproxy.yaml edits apply. */
export async function prepare(dir: string, address: Address, say: (line: string) => void): Promise<Prepared> {
  const { config } = await readyConfigDir(dir, say, address);
  const litellm = locateLitellm(dir);
  if (!litellm) throw new CliError("LiteLLM is not installed", { hint: "run `ccproxy init`" });
  for (const { label, lifecycle } of retiringTargets(config.targets)) say(chalk.yellow(`warning: ${describeLifecycle(label, lifecycle)}`));
  if (config.proxy.expose_litellm_routes) say(chalk.yellow(`warning: ${EXPOSED_ROUTES_WARNING}`));
  const host = address.host ?? config.proxy.host;
  const port = address.port ?? config.proxy.port;
  const { masterKey, hookProbe } = await stackInputs(dir, config);
  const reference = config.proxy.master_key?.slice("os.environ/".length);
  const masterKeyFrom = masterKey ? configFiles(dir).masterKey : reference && process.env[reference] ? `$${reference}` : undefined;
  checkListenHost(host, { allowRemote: address.allowRemote ?? false, masterKeyFrom });
  await ensurePortFree(host, port);
  if (config.cluster) {
    const url = redisUrlOf(config.cluster.redis_url); // unset or not a redis:// URL: say so before anything starts
    const problem = await redisProblem(url);
    if (problem) say(chalk.yellow(`warning: cluster Redis ${describeRedis(url)} unreachable (${problem}): starting anyway; this replica keeps its state to itself until Redis answers`));
  }
  const cluster = config.cluster && { replicaId: config.cluster.replica_id ?? `${hostname()}:${port}`, drainMs: config.cluster.drain_s * 1000 };
  const exposeLitellmRoutes = config.proxy.expose_litellm_routes;
  return { dir, litellm: litellm.litellm, masterKey, hookProbe, host, port, masterKeyFrom, exposeLitellmRoutes, verbose: address.verbose ?? false, watchdogS: config.proxy.watchdog_s, cluster };
}

/** Why: init on a first run, else sync; either way the config is loaded once and passed along. */
async function readyConfigDir(dir: string, say: (line: string) => void, output: Address): Promise<LoadedConfig> {
  const routing = configFiles(dir).routing;
  if (!existsSync(routing) || !locateLitellm(dir)) {
    say(`first run: no ${existsSync(routing) ? "LiteLLM install" : "config"} yet, running \`ccproxy init\` with defaults`);
    return setUpConfigDir(dir, { install: true, quiet: output.quiet, verbose: output.verbose }, (line) => say(`  ${line}`));
  }
  const { report, loaded } = await syncConfigDir(dir);
  for (const { file, outcome } of report) if (outcome !== "unchanged") say(`${relative(dir, file)}: ${outcome}`);
  return loaded;
}

// The users' top complaint about peers is a silent start-up timeout on a busy port: name the holder.
async function ensurePortFree(host: string, port: number): Promise<void> {
  const verdict = await tryBind(host, port);
  if (verdict === "free") return;
  if (verdict !== "in-use") throw new CliError(`cannot listen on ${host}:${port}: ${verdict.code ?? verdict.message}`);
  const holder = findPortHolder(port);
  const who = holder?.pid ? ` by PID ${holder.pid} (${holder.command ?? "unknown command"})` : " by another process (not visible to this user)";
  throw new CliError(`port ${port} is in use${who}`, { hint: `stop it, or choose another port: ccproxy start --port ${port + 1}` });
}
