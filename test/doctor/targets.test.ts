// targets.providers, targets.env and targets.api_base against typos, unset variables and closed ports.
import { createServer, type Server } from "node:net";
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { targetApiBase, targetEnv, targetModels, targetProviders } from "../../src/doctor/checks/targets.js";
import { freePort } from "../../src/process/free-port.js";
import { check, configDir, editRouting, fakeVenv } from "./helpers.js";

let dir: string;
let server: Server | undefined;
beforeEach(async () => {
  dir = await configDir();
  fakeVenv({ providers: ["anthropic", "openai", "gemini"] });
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

it("targets.providers fails on a provider LiteLLM does not know, suggests the near one, and passes when fixed", async () => {
  editRouting(dir, (t) => t.replace("model: anthropic/claude-opus-5-5", "model: antropic/claude-opus-5-5"));
  const typo = await check(dir, targetProviders);
  expect(typo).toMatchObject({ status: "fail", cause: 'not a LiteLLM provider: think: "antropic" (did you mean "anthropic"?)' });
  expect(typo.fix).toMatch(/<provider>\/<model>/);
  editRouting(dir, (t) => t.replace("antropic/", "anthropic/"));
  expect(await check(dir, targetProviders)).toMatchObject({ status: "ok", cause: "every target names one of LiteLLM's 3 providers" });
});

it("targets.providers warns on a model without a provider prefix", async () => {
  editRouting(dir, (t) => t.replace("model: anthropic/claude-opus-5-5", "model: claude-opus-5-5"));
  expect(await check(dir, targetProviders)).toMatchObject({ status: "warn", cause: "no provider prefix, LiteLLM guesses one: think (claude-opus-5-5)" });
});

it("targets.env fails on an unset variable, naming it and its labels but never a value, and passes once set", async () => {
  editRouting(dir, (t) => t.replace("model: anthropic/claude-opus-5-5\n    api_key: os.environ/ANTHROPIC_API_KEY", "model: anthropic/claude-opus-5-5\n    api_key: os.environ/CCPD_THINK_KEY"));
  vi.stubEnv("ANTHROPIC_API_KEY", "sk-ant-secret-1");
  vi.stubEnv("CCPD_THINK_KEY", undefined);
  const unset = await check(dir, targetEnv);
  expect(unset).toMatchObject({ status: "fail", cause: "not set: CCPD_THINK_KEY (for think)" });
  expect(unset.fix).toBe("export CCPD_THINK_KEY in the shell that runs `ccproxy start`, then restart it");
  vi.stubEnv("CCPD_THINK_KEY", "sk-ant-secret-2");
  const set = await check(dir, targetEnv);
  expect(set).toMatchObject({ status: "ok", cause: "set: ANTHROPIC_API_KEY, CCPD_THINK_KEY" });
  expect(JSON.stringify([unset, set])).not.toMatch(/secret/);
});

it("targets.api_base warns when nothing listens at a target's api_base, and passes when a server does", async () => {
  const port = await freePort();
  editRouting(dir, (t) => t.replace("\ntargets:\n", `\ntargets:\n  local:\n    model: openai/qwen2.5-coder\n    api_base: http://127.0.0.1:${port}/v1\n`));
  const closed = await check(dir, targetApiBase);
  expect(closed).toMatchObject({ status: "warn", cause: `local: http://127.0.0.1:${port}/v1 refused the connection (nothing listens on 127.0.0.1:${port})` });
  expect(closed.fix).toMatch(/api_base/);
  server = createServer((socket) => socket.end());
  await new Promise<void>((resolve) => server!.listen(port, "127.0.0.1", resolve));
  expect(await check(dir, targetApiBase)).toMatchObject({ status: "ok", cause: `reachable: http://127.0.0.1:${port}/v1` });
});

it("targets.models fails on a retired model, warns on a deprecated one with its date, and passes on current ones", async () => {
  expect(await check(dir, targetModels)).toMatchObject({ status: "ok" });
  editRouting(dir, (t) => t.replace("model: anthropic/claude-opus-5-5", "model: anthropic/claude-opus-4-5"));
  const deprecated = await check(dir, targetModels);
  expect(deprecated).toMatchObject({ status: "warn", cause: "think: claude-opus-4-5 retires on 2027-01-22 (use claude-opus-5-5)" });
  editRouting(dir, (t) => t.replace("model: anthropic/claude-haiku-5-5", "model: anthropic/claude-3-5-haiku-20241022"));
  const retired = await check(dir, targetModels);
  expect(retired.status).toBe("fail");
  expect(retired.cause).toContain("background: claude-3-5-haiku-20241022 was retired on 2026-02-19 (use claude-haiku-5-5)");
  expect(retired.fix).toMatch(/targets\.<label>\.model/);
});
