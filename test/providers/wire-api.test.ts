// Which wire API each target uses, the model string that makes LiteLLM use it, and what ccproxy.yaml may ask for.
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ConfigError } from "../../src/config/issues.js";
import { loadConfigText } from "../../src/config/load.js";
import { renderHookSettings, renderLitellmConfig } from "../../src/litellm/render-config.js";
import { apiProblem, globalChatSwitch, wireRoute } from "../../src/providers/wire-api.js";

describe("wireRoute", () => {
  it.each([
    [{ model: "anthropic/claude-sonnet-5-5" }, "messages", "anthropic/claude-sonnet-5-5", "https://api.anthropic.com/v1/messages"],
    [{ model: "openai/gpt-5.5" }, "responses", "openai/gpt-5.5", "https://api.openai.com/v1/responses"],
    [{ model: "openai/gpt-5.5", api_base: "https://api.openai.com/v1/" }, "responses", "openai/gpt-5.5", "https://api.openai.com/v1/responses"],
    [{ model: "openai/qwen2.5-coder", api_base: "http://127.0.0.1:8080/v1" }, "chat", "hosted_vllm/qwen2.5-coder", "http://127.0.0.1:8080/v1/chat/completions"],
    [{ model: "openai/qwen2.5-coder", api_base: "http://127.0.0.1:8080/v1", api: "responses" as const }, "responses", "openai/qwen2.5-coder", "http://127.0.0.1:8080/v1/responses"],
    [{ model: "openai/gpt-5.5", api: "chat" as const }, "chat", "openai/gpt-5.5", "https://api.openai.com/v1/chat/completions"],
    [{ model: "hosted_vllm/Qwen/Qwen3-Coder", api_base: "http://gpu:8000/v1" }, "chat", "hosted_vllm/Qwen/Qwen3-Coder", "http://gpu:8000/v1/chat/completions"],
    [{ model: "deepseek/deepseek-chat" }, "messages", "deepseek/deepseek-chat", "https://api.deepseek.com/anthropic/v1/messages"],
    [{ model: "deepseek/deepseek-chat", api_base: "http://127.0.0.1:9/beta" }, "messages", "deepseek/deepseek-chat", "http://127.0.0.1:9/anthropic/v1/messages"],
    [{ model: "openrouter/qwen/qwen3-coder" }, "chat", "openrouter/qwen/qwen3-coder", "https://openrouter.ai/api/v1/chat/completions"],
    [{ model: "gemini/gemini-2.5-pro" }, "gemini", "gemini/gemini-2.5-pro", "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-pro:generateContent"],
    [{ model: "gemini/gemini-pro-latest" }, "gemini", "gemini/gemini-pro-latest", "https://generativelanguage.googleapis.com/v1alpha/models/gemini-pro-latest:generateContent"],
    [{ model: "gemini/gemini-3.1-pro-preview", api_base: "http://m/v1beta" }, "gemini", "gemini/gemini-3.1-pro-preview", "http://m/v1beta/models/gemini-3.1-pro-preview:generateContent"],
    [{ model: "ollama_chat/qwen3-coder" }, "ollama", "ollama_chat/qwen3-coder", "http://localhost:11434/api/chat"],
    [{ model: "bedrock/anthropic.claude-x" }, "provider", "bedrock/anthropic.claude-x", undefined],
  ])("%o → %s as %s", (target, api, litellmModel, url) => {
    expect(wireRoute(target)).toMatchObject({ api, litellmModel, url });
  });

  it("only OpenAI's own endpoint with api: chat needs LiteLLM's process-wide switch", () => {
    expect(wireRoute({ model: "openai/gpt-5.5", api: "chat" }).needsGlobalChatSwitch).toBe(true);
    expect(wireRoute({ model: "openai/q", api_base: "http://h/v1" }).needsGlobalChatSwitch).toBe(false);
    expect(globalChatSwitch({ a: { model: "openai/gpt-5.5", api: "chat" }, b: { model: "openai/q", api_base: "http://h/v1" } })).toEqual({ on: true });
    expect(globalChatSwitch({ a: { model: "openai/gpt-5.5" } })).toEqual({ on: false });
    expect(globalChatSwitch({ a: { model: "openai/gpt-5.5", api: "chat" }, b: { model: "openai/gpt-5.5-pro" } }).conflict).toMatch(/^a \(api: chat on OpenAI's own endpoint\) and b \(Responses API\) cannot both hold/);
  });

  it("api is for openai/ targets; elsewhere only a no-op chat is accepted", () => {
    expect(apiProblem({ model: "openai/x", api: "responses" })).toBeUndefined();
    expect(apiProblem({ model: "openrouter/x/y", api: "chat" })).toBeUndefined();
    expect(apiProblem({ model: "gemini/gemini-2.5-pro", api: "chat" })).toMatch(/^only openai\/ targets choose their API; gemini targets use Gemini generateContent, not chat completions/);
    expect(apiProblem({ model: "openrouter/x/y", api: "responses" })).toMatch(/not the Responses API/);
  });
});

const yaml = (targets: string) => `version: 1\ntargets:\n${targets}\n`;

describe("ccproxy.yaml → LiteLLM's config", () => {
  it("writes hosted_vllm/ for an OpenAI-compatible server, keeps openai/ on OpenAI's own, and turns off /v1/models discovery", async () => {
    const loaded = await loadConfigText(yaml("  default:\n    model: openai/gpt-5.5\n    api_key: os.environ/OPENAI_API_KEY\n  local:\n    model: openai/qwen2.5-coder\n    api_base: http://127.0.0.1:8080/v1"), "/tmp/x/ccproxy.yaml");
    const config = parse(renderLitellmConfig(loaded));
    expect(config.model_list.map((m: any) => [m.model_name, m.litellm_params.model, m.litellm_params.api_base])).toEqual([
      ["ccproxy-default", "openai/gpt-5.5", "https://api.openai.com/v1"],
      ["ccproxy-local", "hosted_vllm/qwen2.5-coder", "http://127.0.0.1:8080/v1"],
      ["claude-*", "openai/gpt-5.5", "https://api.openai.com/v1"],
    ]);
    expect(config.litellm_settings.use_chat_completions_url_for_anthropic_messages).toBeUndefined();
    expect(config.general_settings.disable_model_info_refresh).toBe(true);
    const hook = JSON.parse(renderHookSettings(loaded));
    expect(hook.targets.local).toMatchObject({ alias: "ccproxy-local", model: "openai/qwen2.5-coder", litellm_model: "hosted_vllm/qwen2.5-coder", api: "chat", api_name: "OpenAI chat completions", url: "http://127.0.0.1:8080/v1/chat/completions", api_set: false });
    expect(hook.targets.default).toMatchObject({ api: "responses", url: "https://api.openai.com/v1/responses" });
  });

  it("api: chat on OpenAI's own endpoint sets LiteLLM's switch (nothing else is affected by it)", async () => {
    const loaded = await loadConfigText(yaml("  default:\n    model: openai/gpt-5.5\n    api: chat"), "/tmp/x/ccproxy.yaml");
    const config = parse(renderLitellmConfig(loaded));
    expect(config.litellm_settings.use_chat_completions_url_for_anthropic_messages).toBe(true);
    expect(config.model_list[0].litellm_params.model).toBe("openai/gpt-5.5");
  });

  it("rejects what LiteLLM cannot do, naming the key", async () => {
    const bad = yaml("  default:\n    model: gemini/gemini-2.5-pro\n    api: responses\n  a:\n    model: openai/gpt-5.5\n    api: chat\n  b:\n    model: openai/o9\n  c:\n    model: openai/x\n    api: soap");
    const error = await loadConfigText(bad, "/tmp/x/ccproxy.yaml").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    const text = (error as ConfigError).message;
    expect(text).toMatch(/targets\.default\.api.*only openai\/ targets choose their API/);
    expect(text).toMatch(/targets: a \(api: chat on OpenAI's own endpoint\) and b \(Responses API\) cannot both hold/);
    expect(text).toMatch(/targets\.c\.api/);
  });
});
