import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/config/issues.js";
import { CliError } from "../../src/errors.js";
import { inferCallType } from "../../src/routing/infer.js";
import { summarize } from "../../src/routing/summary.js";
import { samples, sampleCallTypes, type SampleName } from "../../src/samples/index.js";
import { runRoute, type RouteOptions } from "../../src/commands/route.js";
import { tempDir } from "../support/temp-dir.js";

const dir = tempDir("ccproxy-route-");
const emptyConfigDir = tempDir("ccproxy-route-cfg-");

async function run(body: unknown, options: RouteOptions = {}) {
  const file = join(dir, `req-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, typeof body === "string" ? body : JSON.stringify(body));
  let out = "";
  let err = "";
  const code = await runRoute(file, { configDir: emptyConfigDir, ...options }, { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

describe("ccproxy route", () => {
  it("prints label, model, rule and reason, and says which config it used", async () => {
    const { code, out, err } = await run(samples.haikuTitle());
    expect(code).toBe(0);
    expect(err).toMatch(/^config: .*templates\/ccproxy\.yaml \(built-in template; run `ccproxy init` to get your own\)/);
    expect(out).toContain("label   background");
    expect(out).toContain("model   anthropic/claude-haiku-5-5 (alias ccproxy-background)");
    expect(out).toContain("rule    haiku");
    expect(out).toContain('reason  rule haiku: model "claude-3-5-haiku-20241022" matches contains "haiku"');
  });

  it("--json prints one object", async () => {
    const { out } = await run(samples.webSearch(), { json: true });
    expect(JSON.parse(out)).toEqual({
      label: "web_search", model: "anthropic/claude-sonnet-5-5", alias: "ccproxy-web_search", rule: "web-search",
      reason: 'rule web-search: tool "web_search" has type web_search_20250305',
    });
  });

  it("--explain lists every rule's verdict; --call-type overrides inference", async () => {
    const { out } = await run(samples.embeddings(), { explain: true });
    expect(out).toMatch(/call type embedding, model text-embedding-3-small/);
    expect(out).toMatch(/web-search .*skipped: web_search rules do not apply to embedding requests/);
    expect(out).toMatch(/deep-thinking .*skipped/);
    const json = JSON.parse((await run(samples.embeddings(), { explain: true, json: true, callType: "aresponses" })).out);
    expect(json.call_type).toBe("responses");
    expect(json.verdicts.map((v: { verdict: string }) => v.verdict)).toEqual(["not matched", "not matched", "not matched", "not matched"]);
  });

  it("uses --config, and the config dir's ccproxy.yaml when present", async () => {
    const cfgDir = tempDir("ccproxy-route-own-");
    writeFileSync(join(cfgDir, "ccproxy.yaml"), "version: 1\ntargets: { default: { model: openai/gpt-4o } }\n");
    const { out, err } = await run(samples.title(), { configDir: cfgDir });
    expect(err).toContain(`config: ${join(cfgDir, "ccproxy.yaml")} (config dir)`);
    expect(out).toContain("model   openai/gpt-4o");
    expect((await run(samples.title(), { config: join(cfgDir, "ccproxy.yaml") })).err).toContain("(--config)");
  });

  it("counts tokens exactly, as the hook would, when the estimate is too close to a threshold", async () => {
    const cfg = join(dir, "near.yaml");
    writeFileSync(cfg, "version: 1\ntargets: { default: { model: a/b }, big: { model: a/c } }\nrules: [ { name: big, kind: tokens, above: 18000, to: big } ]\n");
    expect(JSON.parse((await run(samples.claudeCodeMain(), { config: cfg, json: true })).out)).toMatchObject({ label: "big", reason: "rule big: 18,433 counted tokens > 18,000" });
  });

  it("accepts a hook summary as input", async () => {
    const summary = summarize(samples.deepThinking(), "messages");
    expect(JSON.parse((await run(summary, { json: true })).out).label).toBe("think");
  });

  it("fails with a CliError and a hint on a missing file, bad JSON, bad call type and bad config", async () => {
    const missing = await runRoute(join(dir, "nope.json"), {}, { out: () => {}, err: () => {} }).catch((e) => e);
    expect(missing).toBeInstanceOf(CliError);
    expect(missing.message).toBe(`cannot read ${join(dir, "nope.json")}: ENOENT`);
    expect(missing.hint).toMatch(/JSON request body/);
    const bad = await run("{ not json").catch((e) => e);
    expect(bad.message).toMatch(/is not valid JSON: /);
    const ct = await run({}, { callType: "fax" }).catch((e) => e);
    expect([ct.message, ct.exitCode]).toEqual(['unknown call type "fax"', 2]);
    const cfg = join(dir, "bad.yaml");
    writeFileSync(cfg, "version: 1\ntargets: { default: { model: a/b } }\nrules: [ { name: x, kind: nope, to: default } ]\n");
    const cerr = await run({}, { config: cfg }).catch((e) => e);
    expect(cerr).toBeInstanceOf(ConfigError);
    expect(cerr.message).toContain('line 3: rules[0].kind: unknown kind "nope"');
  });
});

describe("inferCallType", () => {
  it.each(Object.keys(samples) as SampleName[])("recognises the %s sample", (name) => {
    expect(inferCallType(samples[name]())).toBe(sampleCallTypes[name]);
  });

  it("tells chat from messages for claude models sent through the OpenAI API", () => {
    expect(inferCallType({ model: "claude-sonnet-4-5", messages: [{ role: "user", content: "x" }] })).toBe("messages");
    expect(inferCallType({ model: "claude-sonnet-4-5", messages: [{ role: "tool", content: "x" }] })).toBe("chat");
    expect(inferCallType({ model: "llama3", messages: [] })).toBe("chat");
    expect(inferCallType({ model: "m", input: [[1, 2], [3]] })).toBe("embedding");
    expect(inferCallType(42)).toBe("other");
  });
});

describe("ccproxy route: fallback chains", () => {
  const cfgDir = tempDir("ccproxy-route-chain-");
  writeFileSync(join(cfgDir, "ccproxy.yaml"), `version: 1
targets:
  default: { model: anthropic/claude-sonnet-5-5, fallbacks: [local, backup], context_window_fallbacks: [long] }
  local: { model: openai/qwen, api_base: "http://127.0.0.1:8080/v1", fallbacks: [backup] }
  backup: { model: anthropic/claude-haiku-5-5 }
  long: { model: anthropic/claude-sonnet-5-5 }
default: { label: default, passthrough: false }
`);

  it("lists the chain, the context-window chain and what an OAuth request may use", async () => {
    const { out } = await run(samples.title(), { configDir: cfgDir, explain: true });
    expect(out).toContain("fallback local → backup");
    expect(out).toContain("  prompt too long for the model: long");
    expect(out).toContain("  Claude subscription (OAuth) requests: backup");
    const json = JSON.parse((await run(samples.title(), { configDir: cfgDir, explain: true, json: true })).out);
    expect(json.chains).toEqual({ fallbacks: ["local", "backup"], context_window_fallbacks: ["long"], oauth_fallbacks: ["backup"], oauth_context_window_fallbacks: ["long"] });
  });

  it("says when a label has no chain (with --explain only)", async () => {
    const { out } = await run(samples.title(), { explain: true });
    expect(out).toMatch(/fallback \(none: the error goes to the client\)/);
    expect((await run(samples.title())).out).not.toContain("fallback");
  });
});
