// The generated LiteLLM config and hook settings: deployment ids, router fallbacks, cooldowns.
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { loadConfigText } from "../../src/config/load.js";
import { renderHookSettings, renderLitellmConfig, type LitellmSource } from "../../src/litellm/render-config.js";

// Through the real loader, so the schema's defaults apply as they do for a user's ccproxy.yaml.
function source(targets: Record<string, object>, proxy: object = {}): Promise<LitellmSource> {
  return loadConfigText(stringify({ version: 1, proxy, targets, default: { label: "default" } }), "/tmp/x/ccproxy.yaml");
}

const litellm = async (s: Promise<LitellmSource>) => parse(renderLitellmConfig(await s)) as { model_list: any[]; router_settings: Record<string, unknown> };

describe("renderLitellmConfig", () => {
  it("without fallbacks: no retries, no cooldowns, no fallback lists", async () => {
    const doc = await litellm(source({ default: { model: "anthropic/claude-sonnet-5-5" } }));
    expect(doc.router_settings).toEqual({ num_retries: 0, disable_cooldowns: true });
  });

  it("names each deployment after its label, so x-litellm-model-id says which target served", async () => {
    const doc = await litellm(source({ default: { model: "anthropic/claude-sonnet-5-5" }, fast: { model: "anthropic/claude-haiku-5-5" } }));
    expect(doc.model_list.map((m) => [m.model_name, m.model_info.id])).toEqual([
      ["ccproxy-default", "default"],
      ["ccproxy-fast", "fast"],
      ["claude-*", "default+claude"],
    ]);
  });

  it("writes each label's flattened chain, a default cooldown and no fallback on a provider's 400", async () => {
    const doc = await litellm(source({
      default: { model: "anthropic/claude-sonnet-5-5", fallbacks: ["a"], context_window_fallbacks: ["long"] },
      a: { model: "anthropic/claude-haiku-5-5", fallbacks: ["b"] },
      b: { model: "openai/gpt-x" },
      long: { model: "anthropic/claude-sonnet-5-5" },
    }));
    expect(doc.model_list.map((m) => m.model_info)).toEqual([
      { id: "default", allowed_fails: 3 }, { id: "a", allowed_fails: 3 }, { id: "b" }, { id: "long" }, { id: "default+claude" },
    ]);
    expect(doc.router_settings).toEqual({
      num_retries: 0,
      disable_cooldowns: false,
      cooldown_time: 30,
      fallbacks: [{ "ccproxy-default": ["ccproxy-a", "ccproxy-b"] }, { "ccproxy-a": ["ccproxy-b"] }],
      context_window_fallbacks: [{ "ccproxy-default": ["ccproxy-long"] }, { "ccproxy-a": ["ccproxy-b"] }],
      max_fallbacks: 5,
      fallback_on_unsupported_params: false,
    });
  });

  it("turns cooldowns off with cooldown_s: 0 and takes allowed_fails", async () => {
    const targets = { default: { model: "anthropic/x", fallbacks: ["b"] }, b: { model: "anthropic/y" } };
    const off = await litellm(source(targets, { cooldown_s: 0 }));
    expect(off.router_settings).toMatchObject({ disable_cooldowns: true });
    expect(off.model_list[0].model_info).toEqual({ id: "default" });
    const on = await litellm(source(targets, { cooldown_s: 12, allowed_fails: 1 }));
    expect(on.router_settings).toMatchObject({ disable_cooldowns: false, cooldown_time: 12 });
    expect(on.model_list[0].model_info).toEqual({ id: "default", allowed_fails: 1 });
  });
});

describe("renderHookSettings", () => {
  it("gives the hook each label's alias and chains, OAuth ones filtered", async () => {
    const settings = JSON.parse(renderHookSettings(await source({
      default: { model: "anthropic/claude-sonnet-5-5", fallbacks: ["local", "backup"] },
      local: { model: "openai/qwen", api_base: "http://127.0.0.1:8080/v1" },
      backup: { model: "anthropic/claude-haiku-5-5" },
    })));
    expect(settings.default_label).toBe("default");
    expect(settings.targets.default).toMatchObject({
      alias: "ccproxy-default",
      model: "anthropic/claude-sonnet-5-5",
      forward_oauth: true,
      fallbacks: ["local", "backup"],
      context_window_fallbacks: ["local", "backup"],
      oauth_fallbacks: ["backup"],
      oauth_context_window_fallbacks: ["backup"],
    });
    expect(settings.targets.local).toMatchObject({ api_base: "http://127.0.0.1:8080/v1", forward_oauth: false, fallbacks: [] });
    expect(settings.litellm_config_sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});
