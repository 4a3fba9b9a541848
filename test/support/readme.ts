// The README's fenced blocks, so tests can prove that what the README shows loads (and, for the recipes, works).
// Per docs/decisions: a block is ccproxy config when its info string is `yaml ccproxy` or an HTML comment
// `<!-- ccproxy.yaml -->` stands right before it; any other YAML block is only checked to parse. A code block whose
// info string names a file (```js route.mjs) is that file, written beside ccproxy.yaml when the config blocks load.
import { readFileSync } from "node:fs";
import { join } from "node:path";

/** Why: one block with where it stands, for failure messages that point at the README line. */
export interface YamlBlock {
  text: string;
  /** 1-based line of the opening fence. */
  line: number;
  /** The `## …`/`### …` headings the block stands under, outermost first. */
  headings: string[];
  ccproxy: boolean;
}

/** Why: a file the README shows in full (a custom rule module), by the name its fence gives it. */
export interface FileBlock {
  name: string;
  text: string;
  line: number;
}

export const README = join(import.meta.dirname, "..", "..", "README.md");

interface Fence {
  lang: string;
  info: string;
  text: string;
  line: number;
  headings: string[];
  marked: boolean;
}

function fences(text: string): Fence[] {
  const lines = text.split("\n");
  const found: Fence[] = [];
  const headings: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const heading = /^(#{2,6}) (.*)$/.exec(lines[i]!);
    if (heading) {
      headings.length = heading[1]!.length - 2;
      headings.push(heading[2]!.trim());
      continue;
    }
    const fence = /^```(\S*)\s*(.*)$/.exec(lines[i]!);
    if (!fence) continue;
    const end = lines.indexOf("```", i + 1);
    if (end < 0) throw new Error(`README.md:${i + 1}: a code fence that never closes`);
    const marked = /^<!--\s*ccproxy\.yaml\s*-->$/.test(lines[i - 1]?.trim() ?? "");
    found.push({ lang: fence[1]!, info: fence[2]!, text: lines.slice(i + 1, end).join("\n"), line: i + 1, headings: [...headings], marked });
    i = end;
  }
  return found;
}

/** Why: every YAML block of the README, in order. */
export function readmeYamlBlocks(text = readFileSync(README, "utf8")): YamlBlock[] {
  return fences(text)
    .filter((f) => f.lang === "yaml" || f.lang === "yml")
    .map((f) => ({ text: f.text, line: f.line, headings: f.headings, ccproxy: f.marked || f.info.split(/\s+/).includes("ccproxy") }));
}

/** Why: every block whose info string names a file (```js route.mjs). */
export function readmeFileBlocks(text = readFileSync(README, "utf8")): FileBlock[] {
  return fences(text)
    .filter((f) => f.lang !== "yaml" && f.lang !== "yml" && /^[\w.-]+\.(mjs|js|ts|mts)$/.test(f.info.trim()))
    .map((f) => ({ name: f.info.trim(), text: f.text, line: f.line }));
}
