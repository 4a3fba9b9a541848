import { describe, expect, it } from "vitest";
import { claudeCodeToolNames, samples, type SampleName } from "../../src/samples/index.js";

const size = (b: unknown) => Buffer.byteLength(JSON.stringify(b));

describe("samples", () => {
  it("are deterministic", () => {
    for (const name of Object.keys(samples) as SampleName[]) expect(JSON.stringify(samples[name]()), name).toBe(JSON.stringify(samples[name]()));
  });

  it("the 2.1.x main request has the shape recorded from Claude Code (~76 KB, streaming, adaptive thinking)", () => {
    const b = samples.claudeCodeMain() as Record<string, any>;
    expect(size(b)).toBeGreaterThan(70_000);
    expect(size(b)).toBeLessThan(82_000);
    expect(b).toMatchObject({ max_tokens: 32000, stream: true, thinking: { type: "adaptive" }, output_config: { effort: "high" } });
    expect(b.tools.map((t: { name: string }) => t.name)).toEqual(claudeCodeToolNames);
    expect(claudeCodeToolNames).toHaveLength(24);
    expect(claudeCodeToolNames).toContain("WebSearch");
    expect(b.system.every((s: { type: string }) => s.type === "text")).toBe(true);
    expect(b.system.some((s: { cache_control?: unknown }) => s.cache_control)).toBe(true);
    expect(b.messages.some((m: { role: string }) => m.role === "system")).toBe(true);
    expect(JSON.parse(b.metadata.user_id)).toHaveProperty("session_id");
  });

  it("side requests have their recorded shapes and sizes", () => {
    const title = samples.title() as Record<string, any>;
    expect(title.tools).toBeUndefined();
    expect(title.thinking).toEqual({ type: "disabled" });
    expect(title.output_config.format.type).toBe("json_schema");
    expect(size(title)).toBeGreaterThan(1_000);
    expect(size(title)).toBeLessThan(3_000);
    const ws = samples.webSearch() as Record<string, any>;
    expect(ws.tools).toEqual([{ type: "web_search_20250305", name: "web_search", max_uses: 8 }]);
    expect(ws.tool_choice).toEqual({ type: "tool", name: "web_search" });
    expect(size(ws)).toBeLessThan(1_500);
    expect(samples.haikuTitle()).toMatchObject({ model: "claude-3-5-haiku-20241022", max_tokens: 512 });
    expect(samples.claudeCodeMainBudget()).toMatchObject({ thinking: { type: "enabled", budget_tokens: 31999 } });
    expect(samples.deepThinking()).toMatchObject({ output_config: { effort: "max" } });
    expect(samples.subagent()).toMatchObject({ thinking: { type: "disabled" } });
  });

  it("size variants are near 1 KB, 76 KB and 600 KB", () => {
    expect(size(samples.size1k())).toBeGreaterThan(500);
    expect(size(samples.size1k())).toBeLessThan(1_500);
    expect(Math.abs(size(samples.size76k()) - 76_000)).toBeLessThan(4_000);
    expect(Math.abs(size(samples.size600k()) - 600_000)).toBeLessThan(10_000);
  });
});
