// `ccproxy usage`: the JSON is stable (same records, same --since → the same bytes), the table never shows unknown as 0.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runUsage } from "../../src/commands/usage.js";
import { ccproxyBin } from "../../src/supervisor/spawn.js";
import { parseSince } from "../../src/usage/since.js";
import { record } from "../usage/fixtures.js";
import { tempDir } from "../support/temp-dir.js";

let configDir: string;
const RECORDS = [
  record({ id: "a1", ts: "2026-11-29T09:00:00.000Z", label: "default", rule: null, model: "anthropic/claude-sonnet-5-5", cost: 0.02, latency_ms: 900, session: "s1" }),
  record({ id: "a2", ts: "2026-11-29T09:05:00.000Z", label: "think", rule: "deep-thinking", model: "anthropic/claude-opus-5-5", cost: 0.3, latency_ms: 4000, session: "s1" }),
  record({ id: "a3", ts: "2026-11-30T10:00:00.000Z", label: "local", rule: "local", model: "openai/qwen", provider: "openai", cost: null, latency_ms: 300, session: "s2", cache_read: 0 }),
  record({ id: "a4", ts: "2026-11-30T10:01:00.000Z", label: "default", rule: null, model: "anthropic/claude-sonnet-5-5", ok: false, error: { type: "UpstreamError", code: 529 }, in: 0, out: 0, cache_read: 0, cost: 0, latency_ms: 50, session: "s2" }),
  record({ id: "old", ts: "2026-10-01T10:00:00.000Z", cost: 100 }),
];

beforeAll(() => {
  configDir = tempDir("ccp-usage-cmd-");
  mkdirSync(join(configDir, "usage"));
  const byDay = new Map<string, string[]>();
  for (const r of RECORDS) byDay.set(r.ts.slice(0, 10), [...(byDay.get(r.ts.slice(0, 10)) ?? []), JSON.stringify(r)]);
  for (const [day, lines] of byDay) writeFileSync(join(configDir, "usage", `usage-${day}.jsonl`), `${lines.join("\n")}\n`);
  // a torn line at the end of the last day's file: skipped with a warning
  writeFileSync(join(configDir, "usage", "usage-2026-11-30.jsonl"), `${byDay.get("2026-11-30")!.join("\n")}\n{"v":1,"ts":"2026-11-30T11:`);
});

async function run(flags: Parameters<typeof runUsage>[0]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runUsage({ configDir, stateDir: undefined, ...flags }, (l) => out.push(l), (l) => err.push(l));
  return { code, out: out.join("\n"), err: err.join("\n") };
}

const SINCE = parseSince("2026-11-01T00:00:00Z");

describe("ccproxy usage --json", () => {
  it("is exactly this for --by label", async () => {
    const { code, out, err } = await run({ since: SINCE, json: true });
    expect(code).toBe(0);
    expect(err).toBe("warning: skipped 1 unreadable usage record (usage-2026-11-30.jsonl line 3: truncated record (no newline; cut short while being written?))");
    const totals = (requests: number, errors: number, tin: number, out: number, cacheRead: number, cost: number | null, unpriced: number, p50: number) => ({
      requests, errors, tokens: { in: tin, out, cache_read: cacheRead, cache_write: 0 }, cost_usd: cost, unpriced_requests: unpriced, latency_ms: { p50 },
    });
    expect(JSON.parse(out)).toEqual({
      since: "2026-11-01T00:00:00.000Z",
      by: "label",
      groups: [
        { key: "think", ...totals(1, 0, 1000, 100, 800, 0.3, 0, 4000) },
        { key: "default", ...totals(2, 1, 1000, 100, 800, 0.02, 0, 50) },
        { key: "local", ...totals(1, 0, 1000, 100, 0, null, 1, 300) },
      ],
      total: totals(4, 1, 3000, 300, 1600, 0.32, 1, 300),
      skipped_records: 1,
    });
    expect(Object.keys(JSON.parse(out).groups[0])).toEqual(["key", "requests", "errors", "tokens", "cost_usd", "unpriced_requests", "latency_ms"]);
  });

  it("prints the same bytes every time, in this process and from the CLI", async () => {
    const first = (await run({ since: SINCE, json: true, by: "rule" })).out;
    expect((await run({ since: SINCE, json: true, by: "rule" })).out).toBe(first);
    const cli = spawnSync(process.execPath, [ccproxyBin, "usage", "--config-dir", configDir, "--since", "2026-11-01T00:00:00Z", "--by", "rule", "--json"], { encoding: "utf8", env: { ...process.env, CCPROXY_STATE_DIR: "" } });
    expect(cli.status).toBe(0);
    expect(cli.stdout).toBe(`${first}\n`);
    expect(cli.stderr).toMatch(/^warning: skipped 1 unreadable usage record/);
    expect(JSON.parse(first).groups.map((g: { key: string }) => g.key)).toEqual(["deep-thinking", "(default)", "local"]);
  });

  it.each([
    ["model", ["anthropic/claude-opus-5-5", "anthropic/claude-sonnet-5-5", "openai/qwen"]],
    ["session", ["s1", "s2"]],
  ] as const)("groups --by %s", async (by, keys) => {
    expect(JSON.parse((await run({ since: SINCE, json: true, by })).out).groups.map((g: { key: string }) => g.key)).toEqual(keys);
  });

  it("--by day uses local calendar days, oldest first", async () => {
    const days = JSON.parse((await run({ since: SINCE, json: true, by: "day" })).out).groups;
    expect(days.map((d: { requests: number }) => d.requests)).toEqual([2, 2]);
    expect(days[0].key < days[1].key).toBe(true);
  });

  it("reads <state dir>/usage: --state-dir beats CCPROXY_STATE_DIR beats the config dir", async () => {
    expect(JSON.parse((await run({ since: SINCE, json: true, stateDir: join(configDir, "elsewhere") })).out).total.requests).toBe(0);
    const saved = process.env.CCPROXY_STATE_DIR;
    try {
      process.env.CCPROXY_STATE_DIR = join(configDir, "elsewhere");
      expect(JSON.parse((await run({ since: SINCE, json: true })).out).total.requests).toBe(0);
      expect(JSON.parse((await run({ since: SINCE, json: true, stateDir: configDir })).out).total.requests).toBe(4);
    } finally {
      if (saved === undefined) delete process.env.CCPROXY_STATE_DIR;
      else process.env.CCPROXY_STATE_DIR = saved;
    }
  });
});

describe("ccproxy usage (table)", () => {
  it("shows unknown cost as unknown, a partly priced total with its unpriced count, and the totals row", async () => {
    const { out } = await run({ since: SINCE });
    const lines = out.split("\n");
    expect(lines[0]).toMatch(/^usage since .*, by label \(.*\/usage\)$/);
    expect(lines[1]).toMatch(/^ {2}label +requests +errors +tokens in +out +cache read \/ write +cost +p50 latency$/);
    expect(lines.find((l) => l.trim().startsWith("local"))).toMatch(/local +1 +0 +1\.00k +100 +- +unknown +300 ms$/);
    expect(lines.find((l) => l.trim().startsWith("think"))).toMatch(/think +1 +0 +1\.00k +100 +800 \/ 0 +\$0\.3000 +4\.0 s$/);
    expect(lines.find((l) => l.trim().startsWith("total"))).toMatch(/total +4 +1 +3\.00k +300 +1\.60k \/ 0 +\$0\.3200 \+1 unpriced +300 ms$/);
    expect(out).toContain("1 request(s) went to models LiteLLM has no price for: their cost is unknown, not counted as 0");
    expect(out).not.toMatch(/\$0\.0000/);
  });

  it("says so when nothing was recorded", async () => {
    const { out } = await run({ since: new Date("2027-01-01T00:00:00Z") });
    expect(out).toMatch(/^no usage recorded since .* \(records in .*\/usage\)$/);
  });

  it("rejects a bad --by or --since, naming the allowed forms", () => {
    for (const [flag, value, message] of [
      ["--by", "week", 'expected one of label, model, rule, session, day, got "week"'],
      ["--since", "soon", 'expected a duration (30m, 24h, 7d, 2w), a date (2026-11-01) or an ISO time, got "soon"'],
    ]) {
      let stderr = "";
      try {
        execFileSync(process.execPath, [ccproxyBin, "usage", "--config-dir", configDir, flag!, value!], { encoding: "utf8", stdio: "pipe" });
      } catch (error) {
        stderr = (error as { stderr: string }).stderr;
        expect((error as { status: number }).status).not.toBe(0);
      }
      expect(stderr).toContain(message);
    }
  });
});
