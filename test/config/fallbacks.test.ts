// Fallback chains: the order LiteLLM walks them, the OAuth filter, and the load-time checks.
import { describe, expect, it } from "vitest";
import { chainsFor, fallbackChain, hasFallbacks, longestChain } from "../../src/config/fallbacks.js";
import { ConfigError } from "../../src/config/issues.js";
import { forwardsOAuth } from "../../src/oauth/forward.js";
import { loadConfigText } from "../../src/config/load.js";
import type { Target } from "../../src/config/schema.js";

const anthropic = (extra: Partial<Target> = {}): Target => ({ model: "anthropic/claude-sonnet-5-5", ...extra });

describe("fallbackChain", () => {
  it("walks a fallback's own list before the rest of the first (depth first), each label once", () => {
    const targets = {
      default: anthropic({ fallbacks: ["a", "b"] }),
      a: anthropic({ fallbacks: ["c", "default"] }),
      b: anthropic({ fallbacks: ["d", "a"] }),
      c: anthropic(),
      d: anthropic(),
    };
    expect(fallbackChain(targets, "default")).toEqual(["a", "c", "b", "d"]);
    expect(fallbackChain(targets, "b")).toEqual(["d", "a", "c", "default"]);
    expect(fallbackChain(targets, "c")).toEqual([]);
    expect(longestChain(targets)).toBe(4);
  });

  it("sends a context-window error down context_window_fallbacks, else down fallbacks", () => {
    const targets = { default: anthropic({ fallbacks: ["b"], context_window_fallbacks: ["long"] }), b: anthropic({ fallbacks: ["c"] }), c: anthropic(), long: anthropic() };
    expect(fallbackChain(targets, "default", "context_window_fallbacks")).toEqual(["long"]);
    expect(fallbackChain(targets, "b", "context_window_fallbacks")).toEqual(["c"]);
  });

  it("keeps only forward_oauth targets in the chains an OAuth request may walk", () => {
    const targets: Record<string, Target> = {
      default: anthropic({ fallbacks: ["gateway", "local", "official"] }),
      gateway: anthropic({ api_base: "https://llm.example.com", forward_oauth: true }),
      local: { model: "openai/qwen", api_base: "http://127.0.0.1:8080/v1" },
      official: anthropic(),
    };
    expect(chainsFor(targets, "default", forwardsOAuth)).toEqual({
      fallbacks: ["gateway", "local", "official"],
      context_window_fallbacks: ["gateway", "local", "official"],
      oauth_fallbacks: ["gateway", "official"],
      oauth_context_window_fallbacks: ["gateway", "official"],
    });
  });

  it("says whether any target names a fallback", () => {
    expect(hasFallbacks({ a: anthropic() })).toBe(false);
    expect(hasFallbacks({ a: anthropic({ fallbacks: [] }) })).toBe(false);
    expect(hasFallbacks({ a: anthropic({ context_window_fallbacks: ["b"] }), b: anthropic() })).toBe(true);
  });
});

const BASE = `version: 1
targets:
  default: { model: anthropic/claude-sonnet-5-5, fallbacks: [fast] }
  fast: { model: anthropic/claude-haiku-5-5 }
`;

async function issuesOf(text: string) {
  const error = await loadConfigText(text, "/tmp/ccproxy.yaml").then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ConfigError);
  return (error as ConfigError).issues.map((i) => `${i.line} ${i.path}: ${i.message}`);
}

describe("loading fallbacks", () => {
  it("accepts fallbacks and cooldowns together", async () => {
    const loaded = await loadConfigText(`${BASE}proxy: { cooldown_s: 10 }\n`, "/tmp/ccproxy.yaml");
    expect(loaded.config.targets.default!.fallbacks).toEqual(["fast"]);
    expect(loaded.config.proxy).toMatchObject({ cooldown_s: 10, allowed_fails: 3 });
  });

  it("names an unknown label, the target itself and a duplicate, with their lines", async () => {
    const text = `version: 1
targets:
  default:
    model: anthropic/claude-sonnet-5-5
    fallbacks: [fast, nope, default, fast]
  fast: { model: anthropic/claude-haiku-5-5, context_window_fallbacks: [ghost] }
`;
    expect(await issuesOf(text)).toEqual([
      '5 targets.default.fallbacks[1]: "nope" is not a target; defined targets: default, fast',
      '5 targets.default.fallbacks[2]: "default" is this target itself; name other targets',
      '5 targets.default.fallbacks[3]: "fast" is listed twice',
      '6 targets.fast.context_window_fallbacks[0]: "ghost" is not a target; defined targets: default, fast',
    ]);
  });

  it("refuses cooldowns without fallbacks: every request to a cooled-down target would be a 429", async () => {
    const text = `version: 1\nproxy: { cooldown_s: 30 }\ntargets:\n  default: { model: anthropic/claude-sonnet-5-5 }\n`;
    expect(await issuesOf(text)).toEqual([expect.stringMatching(/^2 proxy\.cooldown_s: cooldowns need fallbacks/)]);
  });

  it("lists fallbacks among a target's allowed keys", async () => {
    const text = `version: 1\ntargets:\n  default: { model: anthropic/claude-sonnet-5-5, fallback: [x] }\n`;
    expect((await issuesOf(text))[0]).toContain("allowed: model, api_base, api_key, forward_oauth, api, fallbacks, context_window_fallbacks");
  });
});
