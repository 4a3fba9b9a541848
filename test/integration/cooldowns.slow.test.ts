// Cooldowns (proxy.cooldown_s, allowed_fails): a target with fallbacks that keeps failing is skipped for a while, its
// requests going straight to the next label; a target without fallbacks is never cooled down (it would answer 429).
import { afterAll, beforeAll, beforeEach, expect, test } from "vitest";
import { bootProxy, type ProxyUnderTest } from "../support/proxy-stack.js";

const COOLDOWN_S = 4;
let proxy: ProxyUnderTest;
beforeAll(async () => {
  proxy = await bootProxy((doc) => {
    doc.targets.background.fallbacks = ["think"];
    Object.assign(doc.proxy, { cooldown_s: COOLDOWN_S, allowed_fails: 1 });
  });
}, 150_000);
afterAll(async () => proxy?.close());
beforeEach(() => {
  proxy.anthropic.reset();
  proxy.openai.reset();
});

const ask = (model: string) => proxy.post("/v1/messages", { model, max_tokens: 20, messages: [{ role: "user", content: "hi" }] });
const haikuCalls = () => proxy.anthropic.requests.filter((r) => r.model === "claude-haiku-4-5").length;

test("after more than allowed_fails failures the target is skipped until cooldown_s has passed", async () => {
  proxy.anthropic.setFault({ kind: "status", status: 529, model: "claude-haiku-4-5" });
  for (let i = 0; i < 2; i++) {
    const response = await ask("claude-haiku-4-5");
    expect(response.status, await response.text()).toBe(200);
    expect(response.headers.get("x-ccproxy-target")).toBe("think");
  }
  expect(haikuCalls()).toBe(2);
  const skipped = await ask("claude-haiku-4-5");
  expect(skipped.status).toBe(200);
  expect(skipped.headers.get("x-ccproxy-target")).toBe("think");
  expect(haikuCalls()).toBe(2); // cooled down: not even asked
  proxy.anthropic.setFault(undefined);
  await new Promise((resolve) => setTimeout(resolve, COOLDOWN_S * 1000 + 500));
  const back = await ask("claude-haiku-4-5");
  expect(back.status).toBe(200);
  expect(back.headers.get("x-ccproxy-target")).toBe("background");
  expect(haikuCalls()).toBe(3);
});

test("a target without fallbacks keeps being asked: no cooldown turns its errors into 429s", async () => {
  proxy.anthropic.setFault({ kind: "status", status: 529, model: "claude-sonnet-4-5" });
  for (let i = 0; i < 4; i++) expect((await ask("claude-sonnet-4-5")).status).toBe(529);
  proxy.anthropic.setFault(undefined);
  const response = await ask("claude-sonnet-4-5");
  expect(response.status).toBe(200);
  expect(response.headers.get("x-ccproxy-target")).toBe("default");
  expect(proxy.anthropic.requests).toHaveLength(5);
});
