// The repo's model table against the installed @anthropic-ai/sdk's own deprecation table and the shipped template.
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { describeLifecycle, modelLifecycle, RETIREMENTS, retiringTargets } from "../../src/models/retirements.js";
import { templatesDir } from "../../src/paths.js";

// The SDK does not export the file, so load it by path from the package's own folder.
const require = createRequire(import.meta.url);
const sdkDir = dirname(require.resolve("@anthropic-ai/sdk"));
const sdkTable: Record<string, string> = require(join(sdkDir, "internal/data/deprecated-models.js")).DEPRECATED_MODELS;

describe("the model table", () => {
  it("covers every entry of the installed SDK's deprecation table, with the same date", () => {
    expect(Object.keys(sdkTable).length).toBeGreaterThan(0);
    for (const [model, date] of Object.entries(sdkTable)) {
      expect(RETIREMENTS[model], `${model} is in @anthropic-ai/sdk's table but not in src/models/retirements.ts`).toBeDefined();
      expect(new Date(`${RETIREMENTS[model]!.retires}T12:00:00Z`).toDateString()).toBe(new Date(`${date.replace(/(\d+)(st|nd|rd|th)/, "$1")} 12:00 UTC`).toDateString());
    }
  });

  it("the shipped template names no model the SDK or our table lists as deprecated or retired", () => {
    const template = parse(readFileSync(`${templatesDir}/ccproxy.yaml`, "utf8")) as { targets: Record<string, { model: string }> };
    for (const { model } of Object.values(template.targets)) {
      const id = model.replace(/^anthropic\//, "");
      expect(sdkTable[id], `template target ${model} is deprecated in @anthropic-ai/sdk`).toBeUndefined();
      expect(modelLifecycle(model, new Date("2027-12-31")).state).toBe("active");
    }
  });
});

describe("modelLifecycle", () => {
  const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

  it("is deprecated before the retirement day and retired from that UTC day on", () => {
    expect(modelLifecycle("anthropic/claude-sonnet-4-5", day("2026-11-29"))).toMatchObject({ state: "deprecated", retires: "2026-11-30" });
    expect(modelLifecycle("anthropic/claude-sonnet-4-5", day("2026-11-30"))).toMatchObject({ state: "retired", replacement: "claude-sonnet-5-5" });
    expect(modelLifecycle("claude-opus-4-5-20251101", day("2026-11-30"))).toMatchObject({ state: "deprecated", retires: "2027-01-22" });
  });

  it("leaves current models and other providers' schedules alone", () => {
    expect(modelLifecycle("anthropic/claude-sonnet-5-5", day("2026-11-30"))).toEqual({ state: "active" });
    expect(modelLifecycle("bedrock/claude-sonnet-4-5", day("2026-12-30"))).toEqual({ state: "active" });
    expect(modelLifecycle("openai/gpt-5", day("2026-12-30"))).toEqual({ state: "active" });
  });

  it("lists retiring targets by label with one wording", () => {
    const found = retiringTargets({ default: { model: "anthropic/claude-sonnet-4-5" }, think: { model: "anthropic/claude-opus-4-5" }, fast: { model: "anthropic/claude-haiku-5-5" } }, day("2026-11-30"));
    expect(found.map((f) => describeLifecycle(f.label, f.lifecycle))).toEqual([
      "default: claude-sonnet-4-5 was retired on 2026-11-30 (use claude-sonnet-5-5)",
      "think: claude-opus-4-5 retires on 2027-01-22 (use claude-opus-5-5)",
    ]);
  });
});
