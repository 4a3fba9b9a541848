// Where the proxy listens: a port that is free (or ours), and an address that is private unless a key guards it.
import { existsSync } from "node:fs";
import { EXPOSED_ROUTES_WARNING } from "../../litellm/exposed-routes.js";
import { findPortHolder, tryBind } from "../../process/port-holder.js";
import { isLoopback } from "../../supervisor/exposure.js";
import type { Check, Finding } from "../types.js";
import { configOrSkip, isFinding } from "./needs.js";

/** Why: a busy port is the peers' most common start-up failure; name the process that holds it. */
export const proxyPort: Check = {
  id: "proxy.port",
  title: "ports",
  async run(ctx) {
    const loaded = await configOrSkip(ctx);
    if (isFinding(loaded)) return loaded;
    const running = ctx.running();
    const { proxy, hook } = loaded.config;
    const wanted: [string, string, number][] = [["proxy", proxy.host, proxy.port]];
    if (hook.port !== undefined) wanted.push(["hook server", "127.0.0.1", hook.port]);
    const findings: Finding[] = [];
    for (const [who, host, port] of wanted) {
      if (running && (running.port === port || who === "hook server")) {
        findings.push({ status: "ok", cause: `${host}:${port} is held by our own running ${who} (supervisor pid ${running.pid})` });
        continue;
      }
      const verdict = await tryBind(host, port);
      if (verdict === "free") findings.push({ status: "ok", cause: `${who} port ${host}:${port} is free` });
      else if (verdict === "in-use") findings.push(busy(who, port));
      else findings.push({ status: "fail", cause: `cannot listen on ${host}:${port}: ${verdict.code ?? verdict.message}`, fix: "set proxy.host to an address of this machine (127.0.0.1)" });
    }
    const worst = findings.find((f) => f.status === "fail") ?? findings[0]!;
    return { ...worst, cause: findings.map((f) => f.cause).join("; ") };
  },
};

function busy(who: string, port: number): Finding {
  const holder = findPortHolder(port);
  const by = holder?.pid ? ` by PID ${holder.pid} (${holder.command ?? "unknown command"})` : " by another process (not visible to this user)";
  const key = who === "proxy" ? "proxy.port" : "hook.port";
  return { status: "fail", cause: `${who} port ${port} is in use${by}`, fix: `stop that process, or set ${key} in ccproxy.yaml (or \`ccproxy start --port ${port + 1}\`)` };
}


/** Why: LiteLLM alone listens on 0.0.0.0; off loopback, only a master key stands between the network and your provider keys. */
export const proxyHost: Check = {
  id: "proxy.host",
  title: "listen address",
  async run(ctx) {
    const loaded = await configOrSkip(ctx);
    if (isFinding(loaded)) return loaded;
    const running = ctx.running();
    const host = running?.host ?? loaded.config.proxy.host;
    if (isLoopback(host)) return { status: "ok", cause: `${host}: reachable from this machine only` };
    const ref = loaded.config.proxy.master_key;
    const keyed = existsSync(ctx.files.masterKey) || (ref !== undefined && Boolean(process.env[ref.slice("os.environ/".length)]));
    if (!keyed) {
      return { status: "fail", cause: `${host}: reachable from the network with no master key`, fix: "set proxy.host: 127.0.0.1, or run `ccproxy init` to create master.key" };
    }
    return running
      ? { status: "warn", cause: `${host}: reachable from the network (started with --allow-remote); clients must send the master key`, fix: "if that is not intended: `ccproxy restart --host 127.0.0.1`" }
      : { status: "warn", cause: `${host}: reachable from the network; clients must send the master key; \`ccproxy start\` needs --allow-remote`, fix: "if that is not intended: set proxy.host: 127.0.0.1" };
  },
};

/** Why: LiteLLM's admin and pass-through routes are the ones behind most of its CVEs; opening them is a choice to see. */
export const proxyRoutes: Check = {
  id: "proxy.routes",
  title: "exposed routes",
  async run(ctx) {
    const loaded = await configOrSkip(ctx);
    if (isFinding(loaded)) return loaded;
    if (!loaded.config.proxy.expose_litellm_routes) return { status: "ok", cause: "only the API routes, count_tokens, /v1/models and /health/{liveliness,readiness} are reachable" };
    return { status: "warn", cause: EXPOSED_ROUTES_WARNING, fix: "set proxy.expose_litellm_routes: false unless you use LiteLLM's UI or its pass-through routes" };
  },
};
