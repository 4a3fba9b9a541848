// Every YAML block of the README loads: ccproxy config blocks as ccproxy.yaml (the same checks as `ccproxy start`),
// others as YAML. The "Other providers" recipes are also held to the wire API the README's table promises.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { loadConfigText } from "../src/config/load.js";
import { decide } from "../src/routing/decide.js";
import { summarize } from "../src/routing/summary.js";
import { renderLitellmConfig } from "../src/litellm/render-config.js";
import { wireRoute } from "../src/providers/wire-api.js";
import { readmeFileBlocks, readmeYamlBlocks } from "./support/readme.js";
import { tempDir } from "./support/temp-dir.js";

const blocks = readmeYamlBlocks();
const files = readmeFileBlocks();

/** A config dir holding the README's named files (custom rule modules), so a block that names one loads it for real. */
function readmeDir(): string {
  const dir = tempDir("ccp-readme-");
  for (const file of files) writeFileSync(join(dir, file.name), `${file.text}\n`);
  return dir;
}
const recipes = blocks.filter((b) => b.ccproxy && b.headings[0] === "Other providers");

describe("README YAML", () => {
  it.each(blocks.filter((b) => b.ccproxy).map((b) => [`README.md:${b.line} (${b.headings.join(" › ")})`, b] as const))("%s loads as ccproxy.yaml", async (_, block) => {
    const loaded = await loadConfigText(block.text, join(readmeDir(), "ccproxy.yaml"));
    expect(() => renderLitellmConfig(loaded)).not.toThrow();
  });

  it.each(blocks.filter((b) => !b.ccproxy).map((b) => [`README.md:${b.line}`, b] as const))("%s is YAML", (_, block) => {
    expect(() => parse(block.text)).not.toThrow();
  });

  it("the Other providers section has a recipe per provider, each using the API its table row names", async () => {
    const routes: Record<string, string> = {};
    for (const block of recipes) {
      const { config } = await loadConfigText(block.text, "/tmp/readme/ccproxy.yaml");
      const target = config.targets[config.default.label]!;
      routes[block.headings.at(-1)!] = `${target.model} → ${wireRoute(target).name}`;
    }
    expect(routes).toEqual({
      OpenAI: "openai/gpt-5.5 → OpenAI Responses API",
      "An OpenAI-compatible server: llama.cpp, vLLM, LM Studio": "openai/qwen3-coder → OpenAI chat completions",
      Ollama: "ollama_chat/qwen3-coder → Ollama /api/chat",
      Gemini: "gemini/gemini-pro-latest → Gemini generateContent",
      DeepSeek: "deepseek/deepseek-chat → Anthropic Messages",
      OpenRouter: "openrouter/qwen/qwen3-coder → OpenAI chat completions",
      "Mixing providers": "anthropic/claude-sonnet-5-5 → Anthropic Messages",
    });
  });

  it("the guide's custom rule module routes as the guide says: a short tool-free question to cheap, the rest on", async () => {
    const block = blocks.find((b) => b.headings[0] === "A custom rule module" && b.ccproxy)!;
    expect(files.map((f) => f.name)).toContain("route.mjs");
    const table = await loadConfigText(block.text, join(readmeDir(), "ccproxy.yaml"));
    const ask = (extra: object) => decide(summarize({ model: "claude-sonnet-5-5", max_tokens: 256, messages: [{ role: "user", content: "hi" }], ...extra }, "messages"), table);
    expect(ask({})).toMatchObject({ label: "cheap", rule: "short-questions" });
    expect(ask({ tools: [{ name: "Bash", input_schema: { type: "object" } }] })).toMatchObject({ label: "default" });
  });

  it("the guide's rule example sends the notebook tool to local and GPT names to gpt", async () => {
    const block = blocks.find((b) => b.headings[0] === "Writing a rule" && b.ccproxy)!;
    const table = await loadConfigText(block.text, join(readmeDir(), "ccproxy.yaml"));
    const ask = (model: string, tools: object[] = []) => decide(summarize({ model, max_tokens: 256, messages: [{ role: "user", content: "hi" }], tools }, "messages"), table);
    expect(ask("claude-sonnet-5-5", [{ name: "NotebookEdit", input_schema: { type: "object" } }])).toMatchObject({ label: "local", rule: "notebooks-local" });
    expect(ask("gpt-5.5")).toMatchObject({ label: "gpt", rule: "gpt-by-name" });
    expect(ask("claude-sonnet-5-5")).toMatchObject({ label: "default" });
  });

  it("finds ccproxy blocks by info string or by an HTML comment before them", () => {
    const text = "## A\n```yaml ccproxy\nversion: 1\n```\n<!-- ccproxy.yaml -->\n```yaml\nversion: 1\n```\n### B\n```yaml\nx: 1\n```\n```sh\nls\n```\n";
    expect(readmeYamlBlocks(text).map((b) => [b.line, b.ccproxy, b.headings])).toEqual([[2, true, ["A"]], [6, true, ["A"]], [10, false, ["A", "B"]]]);
  });

  it("finds files the README shows in full by the name in their fence", () => {
    const text = "```js route.mjs\nexport default () => undefined;\n```\n```js\nconsole.log(1)\n```\n```sh\nls x.mjs\n```\n";
    expect(readmeFileBlocks(text)).toEqual([{ name: "route.mjs", text: "export default () => undefined;", line: 1 }]);
  });
});
