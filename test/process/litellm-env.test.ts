// LiteLLM's environment: the allowlist, the config's own references, and nothing from a Claude Code user's shell.
import { expect, it } from "vitest";
import { litellmEnv, referencedVariables } from "../../src/process/litellm-env.js";
import { loadConfigText } from "../../src/config/load.js";
import { renderLitellmConfig } from "../../src/litellm/render-config.js";

const shell = {
  PATH: "/usr/bin", HOME: "/home/u", LANG: "C.UTF-8", LC_ALL: "C.UTF-8", HTTPS_PROXY: "http://127.0.0.1:9", SSL_CERT_FILE: "/etc/ca.pem",
  LITELLM_LOG: "ERROR",
  ANTHROPIC_BASE_URL: "http://127.0.0.1:4000", ANTHROPIC_AUTH_TOKEN: "sk-proxy-master", OPENAI_BASE_URL: "http://127.0.0.1:4000/v1",
  ANTHROPIC_API_KEY: "sk-ant-real", OPENAI_API_KEY: "sk-openai-unused", GEMINI_API_KEY: "g", REDIS_HOST: "cache", AWS_SECRET_ACCESS_KEY: "a",
  MY_TEAM_KEY: "sk-team",
};

it("keeps the allowlist and exactly the variables the config references", () => {
  const env = litellmEnv(shell, new Set(["ANTHROPIC_API_KEY", "MY_TEAM_KEY"]));
  expect(env).toEqual({
    PATH: "/usr/bin", HOME: "/home/u", LANG: "C.UTF-8", LC_ALL: "C.UTF-8", HTTPS_PROXY: "http://127.0.0.1:9", SSL_CERT_FILE: "/etc/ca.pem",
    LITELLM_LOG: "ERROR", ANTHROPIC_API_KEY: "sk-ant-real", MY_TEAM_KEY: "sk-team",
  });
});

it("never passes the client-side variables that would make LiteLLM call the proxy itself", () => {
  const env = litellmEnv(shell, new Set());
  for (const name of ["ANTHROPIC_BASE_URL", "ANTHROPIC_AUTH_TOKEN", "OPENAI_BASE_URL", "OPENAI_API_KEY", "REDIS_HOST", "AWS_SECRET_ACCESS_KEY"]) expect(env).not.toHaveProperty(name);
});

it("finds every os.environ/ reference of a generated config", async () => {
  const text = renderLitellmConfig(await loadConfigText(`version: 1
targets:
  default: { model: anthropic/claude-sonnet-5-5, api_key: os.environ/ANTHROPIC_API_KEY }
  local: { model: openai/q, api_base: "http://127.0.0.1:8080/v1", api_key: os.environ/LOCAL_KEY }
`, "/tmp/x/ccproxy.yaml"));
  expect(referencedVariables(text)).toEqual(new Set(["ANTHROPIC_API_KEY", "LOCAL_KEY", "LITELLM_MASTER_KEY"]));
});
