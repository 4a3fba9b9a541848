// A Claude Code user's shell exports ANTHROPIC_BASE_URL (this proxy) and ANTHROPIC_AUTH_TOKEN; started from it,
// LiteLLM must not inherit them, or its Anthropic provider calls the proxy itself, over and over.
import { afterAll, beforeAll, expect, test } from "vitest";
import { refusingUrl } from "../../src/mock-provider/server.js";
import { decisionCount, readHookStats } from "../support/hook-stats.js";
import { bootProxy, type ProxyUnderTest } from "../support/proxy-stack.js";

let proxy: ProxyUnderTest;
beforeAll(async () => {
  const refusing = await refusingUrl();
  proxy = await bootProxy(
    (doc) => {
      doc.targets.default = { model: "anthropic/claude-sonnet-5-5", api_key: "os.environ/MOCK_KEY" }; // no api_base: Anthropic's own
      doc.proxy.request_timeout_s = 10;
    },
    {},
    (url) => ({
      ANTHROPIC_BASE_URL: url, ANTHROPIC_API_BASE: url, ANTHROPIC_AUTH_TOKEN: "sk-from-the-shell", OPENAI_BASE_URL: `${url}/v1`,
      // nothing leaves the machine: the real endpoint is reached only through a proxy that refuses
      HTTPS_PROXY: refusing, HTTP_PROXY: refusing, NO_PROXY: "127.0.0.1,localhost",
    }),
  );
}, 150_000);
afterAll(async () => proxy?.close());

test("one request: exactly one routing decision and a clean upstream error, no loop back into the proxy", async () => {
  const before = await readHookStats(proxy.stack.hookProbe);
  const response = await proxy.post("/v1/messages", { model: "claude-sonnet-5-5", max_tokens: 10, messages: [{ role: "user", content: "hi" }] });
  const body = (await response.json()) as any;
  expect(response.status, JSON.stringify(body)).toBeGreaterThanOrEqual(500);
  expect(body).toMatchObject({ type: "error", error: { type: expect.stringMatching(/^Upstream(Unavailable|Error|Timeout)$/) } });
  expect(JSON.stringify(body)).not.toContain("sk-from-the-shell");
  await new Promise((resolve) => setTimeout(resolve, 1_000)); // a loop would keep deciding after the answer
  expect(decisionCount(await readHookStats(proxy.stack.hookProbe)) - decisionCount(before)).toBe(1);
  expect(proxy.anthropic.requests).toHaveLength(0);
});
