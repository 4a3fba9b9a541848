// The README's fenced YAML blocks, so tests can prove that what the README shows loads (and, for the recipes, works).
// Per docs/decisions: a block is ccproxy config when its info string is `yaml ccproxy` or an HTML comment
// `<!-- ccproxy.yaml -->` stands right before it; any other YAML block is only checked to parse.
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

export const README = join(import.meta.dirname, "..", "..", "README.md");

/** Why: every YAML block of the README, in order. */
export function readmeYamlBlocks(text = readFileSync(README, "utf8")): YamlBlock[] {
  const lines = text.split("\n");
  const blocks: YamlBlock[] = [];
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
    if (fence[1] === "yaml" || fence[1] === "yml") {
      const marked = fence[2]!.split(/\s+/).includes("ccproxy") || /^<!--\s*ccproxy\.yaml\s*-->$/.test(lines[i - 1]?.trim() ?? "");
      blocks.push({ text: lines.slice(i + 1, end).join("\n"), line: i + 1, headings: [...headings], ccproxy: marked });
    }
    i = end;
  }
  return blocks;
}
