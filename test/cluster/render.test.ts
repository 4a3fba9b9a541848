// The cluster section as LiteLLM and the hook see it: the router's Redis named explicitly when set, nothing when not,
// and never a REDIS_* variable in LiteLLM's environment.
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { loadConfigText } from "../../src/config/load.js";
import { renderHookSettings, renderLitellmConfig } from "../../src/litellm/render-config.js";
import { litellmEnv, referencedVariables } from "../../src/process/litellm-env.js";

const base = `version: 1
targets:
  default: { model: anthropic/claude-sonnet-5-5, api_key: os.environ/ANTHROPIC_API_KEY }
`;
const clustered = `${base}cluster: { redis_url: os.environ/CCPROXY_REDIS_URL, replica_id: "gw-1:4000" }\n`;
const shell = { PATH: "/usr/bin", ANTHROPIC_API_KEY: "sk-ant", CCPROXY_REDIS_URL: "redis://r:6379/0", REDIS_HOST: "cache", REDIS_URL: "redis://cache", REDIS_PASSWORD: "pw" };

describe("cluster section", () => {
  it("unset: LiteLLM's config names no Redis, its environment holds no REDIS_* variable, and the hook is no replica", async () => {
    const loaded = await loadConfigText(base, "/tmp/c/ccproxy.yaml");
    const text = renderLitellmConfig(loaded);
    expect(text.toLowerCase()).not.toContain("redis");
    expect(Object.keys(litellmEnv(shell, referencedVariables(text))).sort()).toEqual(["ANTHROPIC_API_KEY", "PATH"]);
    expect(JSON.parse(renderHookSettings(loaded))).toMatchObject({ cluster: false, drain_file: "/tmp/c/draining" });
  });

  it("set: LiteLLM's router gets the Redis (cooldowns, failure counts) and only the named variable reaches LiteLLM", async () => {
    const loaded = await loadConfigText(clustered, "/tmp/c/ccproxy.yaml");
    const text = renderLitellmConfig(loaded);
    const document = parse(text);
    expect(document.router_settings.redis_url).toBe("os.environ/CCPROXY_REDIS_URL");
    expect(document.general_settings).not.toHaveProperty("coordination_redis"); // LiteLLM's keys and budgets are closed
    expect(Object.keys(litellmEnv(shell, referencedVariables(text))).sort()).toEqual(["ANTHROPIC_API_KEY", "CCPROXY_REDIS_URL", "PATH"]);
    expect(JSON.parse(renderHookSettings(loaded))).toMatchObject({ cluster: true });
    expect(loaded.config.cluster).toEqual({ redis_url: "os.environ/CCPROXY_REDIS_URL", replica_id: "gw-1:4000", drain_s: 5 });
  });

  it("with LiteLLM's own routes exposed (its virtual keys, budgets), its coordination Redis is the same one", async () => {
    const loaded = await loadConfigText(`${clustered}proxy: { expose_litellm_routes: true }\n`, "/tmp/c/ccproxy.yaml");
    const document = parse(renderLitellmConfig(loaded));
    expect(document.general_settings.coordination_redis).toEqual({ url: "os.environ/CCPROXY_REDIS_URL" });
    expect(document.router_settings.redis_url).toBe("os.environ/CCPROXY_REDIS_URL");
  });

  it.each([
    ["cluster: { redis_url: redis://localhost:6379 }", "cluster.redis_url", "must be an environment reference"],
    ["cluster: { redis_url: os.environ/R, replica_id: 'a b' }", "cluster.replica_id", "letters, digits"],
    ["cluster: { redis_url: os.environ/R, drain_s: 900 }", "cluster.drain_s", ""],
    ["cluster: { redis_url: os.environ/R, redis_host: x }", "cluster", "redis_host"],
  ])("refuses %s", async (line, path, message) => {
    const error = await loadConfigText(`${base}${line}\n`, "/tmp/c/ccproxy.yaml").catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect(String(error)).toContain(path);
    expect(String(error)).toContain(message);
  });
});
