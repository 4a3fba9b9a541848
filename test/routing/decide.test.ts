import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadConfig, loadConfigText, type LoadedConfig } from "../../src/config/load.js";
import { templatesDir } from "../../src/paths.js";
import { samples, sampleCallTypes, type SampleName } from "../../src/samples/index.js";
import { decide, explain } from "../../src/routing/decide.js";
import { summarize } from "../../src/routing/summary.js";
import type { RouteDecision } from "../../src/routing/types.js";

let template: LoadedConfig;
beforeAll(async () => {
  template = await loadConfig(join(templatesDir, "ccproxy.yaml"));
});

function route(name: SampleName, patch: Record<string, unknown> = {}): RouteDecision {
  const body = { ...samples[name](), ...patch };
  const d = decide(summarize(body, sampleCallTypes[name]), template);
  if ("need" in d) throw new Error(`${name} needed text`);
  return d;
}

describe("decide with templates/ccproxy.yaml", () => {
  it.each([
    ["claudeCodeMain", "default", null],
    ["claudeCodeMainBudget", "default", null],
    ["subagent", "default", null],
    ["title", "default", null],
    ["haikuTitle", "background", "haiku"],
    ["webSearch", "web_search", "web-search"],
    ["longContext", "long_context", "long-context"],
    ["deepThinking", "think", "deep-thinking"],
    ["openaiChat", "default", null],
    ["openaiResponses", "web_search", "web-search"],
    ["textCompletion", "default", null],
    ["embeddings", "default", null],
  ] as const)("%s → %s", (name, label, rule) => {
    const d = route(name);
    const requested = samples[name]().model as string;
    expect(d.label).toBe(label);
    expect(d.rule).toBe(rule);
    // default.passthrough (on in the template) keeps a Claude id the rules do not move
    const kept = rule === null && requested.startsWith("claude-");
    expect(d.alias).toBe(kept ? requested : `ccproxy-${label}`);
    expect(d.model).toBe(kept ? `anthropic/${requested}` : template.config.targets[label]!.model);
  });

  it("long context wins over a Haiku model and over a web-search tool", () => {
    expect(route("longContext", { model: "claude-3-5-haiku-20241022" }).label).toBe("long_context");
    const tools = [...(samples.longContext().tools as object[]), { type: "web_search_20250305", name: "web_search" }];
    expect(route("longContext", { tools }).label).toBe("long_context");
  });

  it("a budget of 32000 is deliberate; Claude Code's 31999 is not", () => {
    expect(route("claudeCodeMainBudget", { thinking: { type: "enabled", budget_tokens: 32000 } }).label).toBe("think");
    expect(route("claudeCodeMainBudget", { thinking: { type: "enabled", budget_tokens: 31999 } }).label).toBe("default");
  });

  it("the main request's client tool named WebSearch does not route to web_search", () => {
    expect(samples.claudeCodeMain().tools).toContainEqual(expect.objectContaining({ name: "WebSearch" }));
    expect(route("claudeCodeMain").label).toBe("default");
  });

  it("explain skips thinking and web_search rules for embeddings and names every rule", () => {
    const { decision, verdicts } = explain(summarize(samples.embeddings(), "embedding"), template);
    expect((decision as RouteDecision).label).toBe("default");
    expect(verdicts.map((v) => [v.rule, v.verdict])).toEqual([
      ["long-context", "not matched"],
      ["web-search", "skipped"],
      ["haiku", "not matched"],
      ["deep-thinking", "skipped"],
    ]);
    expect(verdicts[1]!.reason).toBe("web_search rules do not apply to embedding requests");
  });

  it("explain marks rules after the winner as not reached, with their own verdict", () => {
    const { decision, verdicts } = explain(summarize(samples.haikuTitle(), "messages"), template);
    expect((decision as RouteDecision).rule).toBe("haiku");
    expect(verdicts[2]).toMatchObject({ verdict: "matched", reason: 'model "claude-3-5-haiku-20241022" matches contains "haiku"' });
    expect(verdicts[3]).toMatchObject({ verdict: "not reached" });
    expect(verdicts[3]!.reason).toMatch(/^\(not matched\) /);
  });
});

describe("decide near a token threshold", () => {
  const yaml = (above: number) => `version: 1
targets: { default: { model: a/b }, big: { model: a/c } }
rules: [ { name: big, kind: tokens, above: ${above}, to: big } ]
`;

  it("asks for the text when the estimate is within the band, then counts exactly", async () => {
    const body = samples.claudeCodeMain();
    const cheap = summarize(body, "messages");
    const full = summarize(body, "messages", { text: true });
    const { countTokensExact, estimateTokens } = await import("../../src/routing/tokens.js");
    const exact = countTokensExact(full.text!);
    const near = await loadConfigText(yaml(Math.round(estimateTokens(cheap.bytes) * 1.05)), "/tmp/x.yaml");
    expect(decide(cheap, near)).toEqual({ need: "text" });
    const below = await loadConfigText(yaml(exact - 1), "/tmp/x.yaml");
    expect(decide(full, below)).toMatchObject({ label: "big", reason: `rule big: ${exact.toLocaleString("en-US")} counted tokens > ${(exact - 1).toLocaleString("en-US")}` });
    const above = await loadConfigText(yaml(exact), "/tmp/x.yaml");
    expect(decide(full, above)).toMatchObject({ label: "default", rule: null });
  });

  it("decides from bytes alone when the estimate is far from the threshold", async () => {
    const cfg = await loadConfigText(yaml(1_000_000), "/tmp/x.yaml");
    expect(decide(summarize(samples.size600k(), "messages"), cfg)).toMatchObject({ label: "default" });
  });

  it("passthrough keeps the client's Claude model through the default target's provider when nothing matches", async () => {
    const cfg = await loadConfigText(`version: 1\ntargets: { default: { model: anthropic/claude-sonnet-5-5 } }\ndefault: { label: default, passthrough: true }\n`, "/tmp/x.yaml");
    expect(decide(summarize(samples.title(), "messages"), cfg)).toEqual({
      label: "default", model: "anthropic/claude-sonnet-4-5-20250929", alias: "claude-sonnet-4-5-20250929", rule: null,
      reason: "no rule matched; the client's model claude-sonnet-4-5-20250929 is kept (default.passthrough), served through default's provider and key",
    });
    const opus = { ...summarize(samples.title(), "messages"), model: "claude-opus-5-5" };
    expect(decide(opus, cfg)).toMatchObject({ label: "default", model: "anthropic/claude-opus-5-5", alias: "claude-opus-5-5" });
  });

  it("passthrough is the default, and keeps only Claude ids", async () => {
    const cfg = await loadConfigText(`version: 1\ntargets: { default: { model: anthropic/claude-sonnet-5-5 } }\n`, "/tmp/x.yaml");
    const asking = (model: string) => decide({ ...summarize(samples.title(), "messages"), model }, cfg);
    expect(asking("claude-haiku-5-5")).toMatchObject({ alias: "claude-haiku-5-5" });
    for (const model of ["gpt-5", "ccproxy-think", "claude-", "Claude-opus", `claude-${"x".repeat(200)}`, "claude-opus-5-5 ", "*"]) {
      expect(asking(model), model).toMatchObject({ label: "default", model: "anthropic/claude-sonnet-5-5", alias: "ccproxy-default", reason: "no rule matched; default label" });
    }
  });

  it("passthrough does not apply when the default target is another provider, or when it is off", async () => {
    const other = await loadConfigText(`version: 1\ntargets: { default: { model: openai/gpt-5 } }\ndefault: { passthrough: true }\n`, "/tmp/x.yaml");
    expect(decide(summarize(samples.title(), "messages"), other)).toMatchObject({ model: "openai/gpt-5", alias: "ccproxy-default" });
    const off = await loadConfigText(`version: 1\ntargets: { default: { model: anthropic/claude-sonnet-5-5 } }\ndefault: { passthrough: false }\n`, "/tmp/x.yaml");
    expect(decide(summarize(samples.title(), "messages"), off)).toMatchObject({ model: "anthropic/claude-sonnet-5-5", alias: "ccproxy-default" });
  });
});
