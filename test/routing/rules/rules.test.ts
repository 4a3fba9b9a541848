import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfigText } from "../../../src/config/load.js";
import { explain } from "../../../src/routing/decide.js";
import type { TokenCount } from "../../../src/routing/tokens.js";
import { MAX_CLIENT_STRING, type RouteSummary } from "../../../src/routing/types.js";
import { globMatcher } from "../../../src/routing/rules/model.js";
import { tempDir } from "../../support/temp-dir.js";

// One rule, targets default + hit; returns explain's verdict for the rule and the chosen label.
async function verdict(rule: string, summary: Partial<RouteSummary>, path = "/tmp/ccproxy.yaml", counted?: TokenCount) {
  const loaded = await loadConfigText(`version: 1\ntargets: { default: { model: a/d }, hit: { model: a/h } }\nrules:\n  - ${rule}\n`, path);
  const s: RouteSummary = { v: 1, call_type: "messages", model: "claude-sonnet-4-5", bytes: { system: 0, messages: 0, tools: 0 }, ...summary };
  const { decision, verdicts } = explain(s, loaded, counted);
  return { ...verdicts[0]!, label: "label" in decision ? decision.label : "need-text" };
}

describe("thinking", () => {
  const rule = "{ name: t, kind: thinking, budget_at_least: 32000, effort_in: [max], to: hit }";
  it.each([
    [{ thinking: { type: "enabled", budget_tokens: 32000 } }, "matched", "thinking budget 32000 ≥ 32000"],
    [{ thinking: { type: "enabled", budget_tokens: 31999 } }, "not matched", "thinking enabled (budget 31999), effort absent: below the bar"],
    [{ thinking: { type: "adaptive" }, effort: "max" }, "matched", 'effort "max" is in [max]'],
    [{ thinking: { type: "adaptive" }, effort: "high" }, "not matched", "thinking adaptive, effort high: below the bar"],
    [{ thinking: { type: "disabled" }, effort: "max" }, "not matched", "thinking is disabled"],
    [{ thinking: { type: "disabled", budget_tokens: 64000 } }, "not matched", "thinking is disabled"],
    [{ thinking: { type: "adaptive", budget_tokens: 64000 } }, "not matched", "thinking adaptive (budget 64000), effort absent: below the bar"],
  ] as const)("%j → %s", async (summary, expected, reason) => {
    const v = await verdict(rule, summary as Partial<RouteSummary>);
    expect([v.verdict, v.reason]).toEqual([expected, reason]);
  });

  it("with no parameters matches any thinking that is not disabled", async () => {
    const rule0 = "{ name: t, kind: thinking, to: hit }";
    expect((await verdict(rule0, { thinking: { type: "adaptive" } })).verdict).toBe("matched");
    expect((await verdict(rule0, { thinking: { type: "disabled" } })).verdict).toBe("not matched");
    expect((await verdict(rule0, {})).reason).toBe("no thinking field");
  });

  it("is skipped for embeddings and text completions", async () => {
    const v = await verdict(rule, { call_type: "embedding", effort: "max" });
    expect([v.verdict, v.label]).toEqual(["skipped", "default"]);
  });
});

describe("model", () => {
  it.each([
    ["contains: HAIKU", "claude-3-5-haiku-20241022", true],
    ["contains: opus", "claude-3-5-haiku-20241022", false],
    ['glob: "claude-*-haiku-*"', "claude-3-5-haiku-20241022", true],
    ['glob: "claude-?-5-haiku*"', "claude-3-5-haiku-20241022", true],
    ['glob: "haiku"', "claude-3-5-haiku-20241022", false],
    ['regex: "^gpt-4(o|\\\\.1)"', "gpt-4o-mini", true],
    ['regex: "^GPT"', "gpt-4o-mini", false],
  ])("%s on %s → %s", async (param, model, hit) => {
    const v = await verdict(`{ name: m, kind: model, ${param}, to: hit }`, { model });
    expect(v.label).toBe(hit ? "hit" : "default");
  });

  // The glob the matcher replaced: a backtracking RegExp, exponential in the stars against a long model string.
  const globAsRegExp = (pattern: string) =>
    new RegExp(`^${pattern.split("*").map((s) => s.split("?").map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join(".")).join(".*")}$`, "is");

  it("globs agree with the RegExp they replaced, on every pattern and name of a small exhaustive alphabet", () => {
    const words = (alphabet: string[], max: number): string[] => {
      const out = [""];
      for (let n = 1, level = [""]; n <= max; n++) out.push(...(level = level.flatMap((w) => alphabet.map((c) => w + c))));
      return out;
    };
    const names = words(["a", "b", "A"], 4);
    for (const pattern of words(["a", "b", "*", "?"], 4).filter((p) => p.length > 0)) {
      const mine = globMatcher(pattern);
      const theirs = globAsRegExp(pattern);
      for (const name of names) expect(mine(name), `${pattern} on "${name}"`).toBe(theirs.test(name));
    }
  });

  it("matches a many-star glob against a long client model without backtracking", () => {
    const many = globMatcher("*a*a*a*a*a*a*a*a*b");
    expect(many("a".repeat(200_000))).toBe(false); // the RegExp form would run for hours on this
    expect(many("a".repeat(200_000) + "b")).toBe(true);
    expect(globMatcher("*?*?*?*?*x")("?".repeat(100_000))).toBe(false);
  });

  it("caps the client's model before matching, and says so in the reason", async () => {
    const long = "claude-" + "x".repeat(100_000) + "-haiku";
    const v = await verdict("{ name: m, kind: model, contains: haiku, to: hit }", { model: long });
    expect(v.label).toBe("default"); // "-haiku" lies beyond the cap
    expect(v.reason.length).toBeLessThan(MAX_CLIENT_STRING + 100);
  });

  it("runs a catastrophic user regex in linear time when V8's linear engine can take it", async () => {
    const v = await verdict('{ name: m, kind: model, regex: "^(a+)+$", to: hit }', { model: "a".repeat(200) + "b" });
    expect(v.verdict).toBe("not matched"); // backtracking: ~2^200 steps
  });
});

describe("tokens", () => {
  it("matches above the threshold, not at it, and asks for text inside the band", async () => {
    const rule = "{ name: big, kind: tokens, above: 1000, to: hit }";
    expect(await verdict(rule, { bytes: { system: 0, messages: 7000, tools: 0 } })).toMatchObject({ verdict: "matched", reason: "~2,000 estimated tokens > 1,000" });
    expect(await verdict(rule, { bytes: { system: 0, messages: 700, tools: 0 } })).toMatchObject({ verdict: "not matched", reason: "~200 estimated tokens ≤ 1,000" });
    expect(await verdict(rule, { bytes: { system: 0, messages: 3500, tools: 0 } })).toMatchObject({ verdict: "needs text", label: "need-text" });
    const text = { system: "", messages: "word".repeat(1).concat(" word".repeat(999)), tools: "" }; // 1,000 tokens
    expect(await verdict(rule, { bytes: { system: 0, messages: 5000, tools: 0 }, text })).toMatchObject({ verdict: "not matched", reason: "1,000 counted tokens ≤ 1,000" });
  });

  it("decides from a count made elsewhere: exact, past every threshold, or an estimate after the deadline", async () => {
    const rule = "{ name: big, kind: tokens, above: 1000, to: hit }";
    const bytes = { system: 0, messages: 3500, tools: 0 }; // ~1,000 estimated: inside the band
    expect(await verdict(rule, { bytes }, undefined, { tokens: 1001, exact: true })).toMatchObject({ verdict: "matched", reason: "1,001 counted tokens > 1,000" });
    expect(await verdict(rule, { bytes }, undefined, { tokens: 1300, exact: true, atLeast: true })).toMatchObject({ verdict: "matched", reason: "more than 1,300 counted tokens > 1,000" });
    expect(await verdict(rule, { bytes }, undefined, { tokens: 990, exact: false, note: "exact count stopped at its 1000 ms deadline" }))
      .toMatchObject({ verdict: "not matched", reason: "~990 estimated tokens ≤ 1,000 (exact count stopped at its 1000 ms deadline)" });
    // A count that stopped below this threshold (config changed meanwhile): the estimate decides.
    expect(await verdict(rule, { bytes: { system: 0, messages: 3600, tools: 0 } }, undefined, { tokens: 500, exact: true, atLeast: true }))
      .toMatchObject({ verdict: "matched", reason: "~1,029 estimated tokens > 1,000 (the count stopped early)" });
  });

  it("never asks for a text too large to send; the estimate decides", async () => {
    const rule = "{ name: big, kind: tokens, above: 1000000, to: hit }";
    expect(await verdict(rule, { bytes: { system: 0, messages: 3_400_000, tools: 0 } }))
      .toMatchObject({ verdict: "not matched", reason: "~971,429 estimated tokens ≤ 1,000,000 (over 3,000,000 bytes, too large to count exactly)" });
  });

  it("applies to count_tokens and embeddings too", async () => {
    const rule = "{ name: big, kind: tokens, above: 10, to: hit }";
    expect((await verdict(rule, { call_type: "embedding", bytes: { system: 0, messages: 7000, tools: 0 } })).label).toBe("hit");
    expect((await verdict(rule, { call_type: "count_tokens", bytes: { system: 0, messages: 7000, tools: 0 } })).label).toBe("hit");
  });
});

describe("web_search and tool", () => {
  it("web_search matches a server tool's type, never a tool merely named WebSearch", async () => {
    const rule = "{ name: ws, kind: web_search, to: hit }";
    expect((await verdict(rule, { tools: [{ name: "WebSearch" }, { name: "web_search" }] })).verdict).toBe("not matched");
    expect(await verdict(rule, { tools: [{ name: "web_search", type: "web_search_20250305" }] })).toMatchObject({ verdict: "matched", reason: 'tool "web_search" has type web_search_20250305' });
    expect((await verdict(rule, { call_type: "responses", tools: [{ type: "web_search_preview" }] })).verdict).toBe("matched");
  });

  it("tool matches an exact tool name", async () => {
    const rule = "{ name: gh, kind: tool, tool: mcp__github__create_issue, to: hit }";
    expect((await verdict(rule, { tools: [{ name: "mcp__github__create_issue" }] })).label).toBe("hit");
    expect((await verdict(rule, { tools: [{ name: "mcp__github__create" }] })).reason).toBe('no tool named "mcp__github__create_issue"');
    expect((await verdict(rule, {})).verdict).toBe("not matched");
  });
});

describe("custom at decision time", () => {
  const dir = tempDir("ccproxy-rule-");
  const cases: [string, string, string, string][] = [
    ["ok.mjs", `export default (r, c) => c.tokens() >= 0 && r.model.startsWith("claude") ? "hit" : undefined;`, "matched", 'ok.mjs returned "hit"'],
    ["none.mjs", `export default () => undefined;`, "not matched", "none.mjs returned no label"],
    ["throws.mjs", `export default () => { throw new Error("kaboom"); };`, "not matched", "throws.mjs threw: kaboom"],
    ["unknown.mjs", `export default () => "nope";`, "not matched", 'unknown.mjs returned "nope", which is not a target label'],
    ["async.mjs", `export default async () => "hit";`, "not matched", "async.mjs returned a Promise (must be synchronous), not a label"],
  ];
  it.each(cases)("%s", async (file, source, expected, reason) => {
    writeFileSync(join(dir, file), source + "\n");
    const v = await verdict(`{ name: c, kind: custom, module: ${file} }`, {}, join(dir, "ccproxy.yaml"));
    expect([v.verdict, v.reason, v.label]).toEqual([expected, reason, expected === "matched" ? "hit" : "default"]);
  });
});
