// forward_oauth: where a client's subscription token may travel.
import { expect, it } from "vitest";
import { forwardsOAuth, oauthLabels } from "../../src/oauth/forward.js";

it("defaults to true for anthropic/ targets on Anthropic's own endpoint only", () => {
  expect(forwardsOAuth({ model: "anthropic/claude-sonnet-5-5" })).toBe(true);
  expect(forwardsOAuth({ model: "anthropic/claude-sonnet-5-5", api_base: "https://api.anthropic.com/" })).toBe(true);
  expect(forwardsOAuth({ model: "anthropic/claude-sonnet-5-5", api_base: "https://gateway.example.com" })).toBe(false);
  expect(forwardsOAuth({ model: "openai/gpt-5" })).toBe(false);
  expect(forwardsOAuth({ model: "bedrock/anthropic.claude-sonnet-5-5" })).toBe(false);
});

it("forward_oauth: true opens another anthropic/ host (a company gateway), never another provider", () => {
  expect(forwardsOAuth({ model: "anthropic/claude-sonnet-5-5", api_base: "https://gateway.example.com", forward_oauth: true })).toBe(true);
  expect(forwardsOAuth({ model: "anthropic/claude-sonnet-5-5", forward_oauth: false })).toBe(false);
  expect(forwardsOAuth({ model: "openai/gpt-5", api_base: "http://127.0.0.1:8080/v1", forward_oauth: true })).toBe(false);
});

it("lists the labels an OAuth request may be served by", () => {
  expect(oauthLabels({
    default: { model: "anthropic/claude-sonnet-5-5" },
    local: { model: "openai/qwen", api_base: "http://127.0.0.1:8080/v1" },
    corp: { model: "anthropic/claude-opus-5-5", api_base: "https://llm.corp.example", forward_oauth: true },
  })).toEqual(["default", "corp"]);
});
