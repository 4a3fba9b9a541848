import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/config/issues.js";
import { loadConfig, loadConfigText } from "../../src/config/load.js";
import { tempDir } from "../support/temp-dir.js";

const TARGETS = `targets:
  default: { model: anthropic/claude-sonnet-4-5, api_key: os.environ/ANTHROPIC_API_KEY }
  fast: { model: anthropic/claude-haiku-4-5 }
`;

async function issuesOf(text: string, path = "/tmp/ccproxy.yaml") {
  const error = await loadConfigText(text, path).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ConfigError);
  return (error as ConfigError).issues;
}

describe("loadConfigText: a valid file", () => {
  it("fills defaults and normalizes the hook transport", async () => {
    const loaded = await loadConfigText(`version: 1\n${TARGETS}`, "/etc/cc/ccproxy.yaml");
    expect(loaded.dir).toBe("/etc/cc");
    expect(loaded.config.proxy).toEqual({ host: "127.0.0.1", port: 4000, request_timeout_s: 600, max_body_bytes: 20_000_000, body_timeout_s: 60, num_retries: 0, expose_litellm_routes: false, allowed_fails: 3, watchdog_s: 20 });
    expect(loaded.config.hook).toEqual({ socket: "/etc/cc/hook.sock", timeout_ms: 200, count_timeout_ms: 2000, on_failure: "fail_open" });
    expect(loaded.config.default).toEqual({ label: "default", passthrough: true });
    expect(loaded.rules).toEqual([]);
    expect([...loaded.labels]).toEqual(["default", "fast"]);
    expect(loaded.aliasFor("fast")).toBe("ccproxy-fast");
  });

  it("takes a hook port instead of a socket", async () => {
    const loaded = await loadConfigText(`version: 1\nhook: { port: 4100, on_failure: fail_closed }\n${TARGETS}`, "/x/c.yaml");
    expect(loaded.config.hook).toEqual({ port: 4100, timeout_ms: 200, count_timeout_ms: 2000, on_failure: "fail_closed" });
  });
});

describe("loadConfigText: every error names path, line, value and what is allowed", () => {
  it("reports a YAML syntax error with its line", async () => {
    const issues = await issuesOf(`version: 1\ntargets:\n  default: { model: a/b\nrules: []\n`);
    expect(issues).toEqual([{ path: "", line: 4, message: "YAML syntax: Flow map in block collection must be sufficiently indented and end with a }" }]);
  });

  it("reports an unknown kind, an undefined label and a duplicate name together", async () => {
    const issues = await issuesOf(`version: 1
${TARGETS}rules:
  - { name: a, kind: magic, to: default }
  - name: b
    kind: model
    contains: x
    to: thinker
  - { name: a, kind: web_search, to: fast }
`);
    expect(issues).toEqual([
      { path: "rules[0].kind", line: 6, message: 'unknown kind "magic"; allowed: thinking, model, tokens, web_search, tool, custom' },
      { path: "rules[1].to", line: 10, message: '"thinker" is not a target; defined targets: default, fast' },
      { path: "rules[2].name", line: 11, message: 'duplicate rule name "a" (first used by rules[0])' },
    ]);
  });

  it("rejects an inline API key without echoing it", async () => {
    const issues = await issuesOf(`version: 1\ntargets:\n  default:\n    model: a/b\n    api_key: sk-ant-secret123\n`);
    expect(issues).toEqual([{ path: "targets.default.api_key", line: 5, message: "must be an environment reference such as os.environ/ANTHROPIC_API_KEY; inline secrets are not allowed" }]);
    expect(JSON.stringify(issues)).not.toContain("secret123");
  });

  it("takes forward_oauth on anthropic/ targets and rejects it on others, with its line", async () => {
    const issues = await issuesOf(`version: 1\ntargets:\n  default:\n    model: anthropic/claude-sonnet-5-5\n    api_base: https://llm.corp.example\n    forward_oauth: true\n  local:\n    model: openai/qwen\n    forward_oauth: true\n`);
    expect(issues).toEqual([{ path: "targets.local.forward_oauth", line: 9, message: "only anthropic/ targets can take a Claude subscription token; remove forward_oauth here" }]);
  });

  it("rejects a bad regex with the parser's reason", async () => {
    const issues = await issuesOf(`version: 1\n${TARGETS}rules:\n  - { name: r, kind: model, regex: "claude-(", to: fast }\n`);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ path: "rules[0].regex", line: 6 });
    expect(issues[0]!.message).toMatch(/^invalid regular expression "claude-\(": .*Unterminated group/);
  });

  it("requires exactly one model matcher", async () => {
    const issues = await issuesOf(`version: 1\n${TARGETS}rules:\n  - { name: r, kind: model, contains: a, glob: "b*", to: fast }\n`);
    expect(issues).toEqual([{ path: "rules[0].glob", line: 6, message: "a model rule takes exactly one of contains, glob, regex (got contains, glob)" }]);
  });

  it("reports bad params, unknown keys with the allowed ones, and a missing `to`", async () => {
    const issues = await issuesOf(`version: 1
${TARGETS}rules:
  - { name: t, kind: tokens, above: "lots", to: fast }
  - { name: w, kind: thinking, budget: 5, to: fast }
  - { kind: tool, tool: x }
`);
    expect(issues).toEqual([
      { path: "rules[0].above", line: 6, message: 'Invalid input: expected number, received string (got "lots")' },
      { path: "rules[1].budget", line: 7, message: 'Unrecognized key: "budget"; allowed: name, kind, to, budget_at_least, effort_in' },
      { path: "rules[2].name", line: 8, message: "required (string)" },
      { path: "rules[2].to", line: 8, message: "required: the label a tool rule routes to; one of default, fast" },
    ]);
  });

  it("reports a default label that is not a target, and top-level typos", async () => {
    const issues = await issuesOf(`version: 1\n${TARGETS}default: { label: main }\nprxy: { port: 1 }\n`);
    expect(issues).toEqual([
      { path: "default.label", line: 5, message: '"main" is not a target; defined targets: default, fast' },
      { path: "prxy", line: 6, message: 'Unrecognized key: "prxy"; allowed: version, proxy, hook, targets, rules, default, usage, cluster' },
    ]);
  });

  it("reports wrong types and enum values with the value", async () => {
    const issues = await issuesOf(`version: 2\nproxy: { port: 70000 }\nhook: { on_failure: retry, socket: a, port: 1 }\n${TARGETS}`);
    expect(issues).toEqual([
      { path: "version", line: 1, message: "Invalid input: expected 1 (got 2)" },
      { path: "proxy.port", line: 2, message: "Too big: expected number to be <=65535 (got 70000)" },
      { path: "hook.on_failure", line: 3, message: 'Invalid option: expected one of "fail_open"|"fail_closed" (got "retry")' },
      { path: "hook", line: 3, message: "set either socket or port, not both" },
    ]);
  });

  it("formats all issues into one readable message with a hint", async () => {
    const error = (await loadConfigText(`version: 1\ntargets: {}\n`, "/x/c.yaml").catch((e: unknown) => e)) as ConfigError;
    expect(error.message).toBe("invalid config /x/c.yaml: 2 problems\n  line 1: default.label: \"default\" is not a target; defined targets: (none)\n  line 2: targets: define at least one target");
    expect(error.hint).toMatch(/ccproxy route --explain/);
    expect(error.exitCode).toBe(1);
  });

  it("reports a missing file as a ConfigError", async () => {
    const error = (await loadConfig("/nonexistent/ccproxy.yaml").catch((e: unknown) => e)) as ConfigError;
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.issues[0]!.message).toMatch(/^cannot read the file: ENOENT/);
  });
});

describe("custom rules", () => {
  const dir = tempDir("ccproxy-custom-");
  const cfg = (module: string, extra = "") => `version: 1\n${TARGETS}rules:\n  - { name: mine, kind: custom, module: ${module}${extra} }\n`;

  it("loads a .mjs default export and a .ts named `route` export", async () => {
    writeFileSync(join(dir, "a.mjs"), `export default (req, ctx) => req.model.includes("haiku") ? "fast" : undefined;\n`);
    writeFileSync(join(dir, "b.ts"), `import type {} from "node:fs";\nexport function route(req: { model: string }, ctx: { labels: string[]; tokens(): number }): string | undefined {\n  return ctx.tokens() > 0 && ctx.labels.includes("fast") ? "fast" : undefined;\n}\n`);
    for (const m of ["./a.mjs", "b.ts"]) {
      const loaded = await loadConfigText(cfg(m), join(dir, "ccproxy.yaml"));
      expect(loaded.rules[0]).toMatchObject({ name: "mine", kind: "custom", to: null, files: [join(dir, m)] });
      expect(loaded.files).toEqual([join(dir, "ccproxy.yaml"), join(dir, m)]);
    }
  });

  it("rejects a missing module, a module without a function, one that fails to load, and a `to`", async () => {
    writeFileSync(join(dir, "nofn.mjs"), `export const x = 1;\n`);
    writeFileSync(join(dir, "broken.mjs"), `throw new Error("boom at load");\n`);
    const text = `version: 1\n${TARGETS}rules:
  - { name: a, kind: custom, module: ./missing.mjs }
  - { name: b, kind: custom, module: ./nofn.mjs }
  - { name: c, kind: custom, module: ./broken.mjs }
  - { name: d, kind: custom, module: ./nofn.mjs, to: fast }
  - { name: e, kind: custom, module: ./x.py }
`;
    const issues = await issuesOf(text, join(dir, "ccproxy.yaml"));
    expect(issues[0]).toEqual({ path: "rules[0].module", line: 6, message: `module "./missing.mjs" not found (looked for ${join(dir, "missing.mjs")})` });
    expect(issues[1]).toEqual({ path: "rules[1].module", line: 7, message: 'module "./nofn.mjs" exports no function: expected a default export or a named "route" export (found: x)' });
    expect(issues[2]).toMatchObject({ path: "rules[2].module", line: 8 });
    expect(issues[2]!.message).toBe('module "./broken.mjs" failed to load: boom at load');
    expect(issues[3]).toEqual({ path: "rules[3].to", line: 9, message: 'a custom rule returns its label from the module; remove "to"' });
    expect(issues[4]).toEqual({ path: "rules[4].module", line: 10, message: '"./x.py" must end in .mjs, .js, .ts, .mts' });
  });
});
