// Config problems: where they are (key path and YAML line), what is wrong, one error carrying them all.
import type { Document, LineCounter } from "yaml";
import type { core } from "zod";
import { CliError } from "../errors.js";

/** Why: each problem names the key path, the YAML line, the bad value and what is allowed. */
export interface Issue {
  path: string;
  line?: number;
  message: string;
}

/** Why: the config is rejected as a whole, with every problem listed, not only the first. */
export class ConfigError extends CliError {
  constructor(readonly file: string, readonly issues: Issue[]) {
    super(
      `invalid config ${file}: ${issues.length} problem${issues.length === 1 ? "" : "s"}\n` +
        issues.map((i) => `  ${i.line ? `line ${i.line}: ` : ""}${i.path ? `${i.path}: ` : ""}${i.message}`).join("\n"),
      { hint: "fix the lines above; `ccproxy route --explain <request.json>` shows how a request would be routed" },
    );
  }
}

export type Segment = string | number;

/** Why: `rules[2].to`, the spelling users see in messages and docs. */
export function formatPath(path: readonly Segment[]): string {
  return path.map((s, i) => (typeof s === "number" ? `[${s}]` : i === 0 ? s : `.${s}`)).join("");
}

/** Why: finds the YAML line of a key path, or of its nearest existing parent when the key is missing. */
export function lineOf(doc: Document, counter: LineCounter, path: readonly Segment[]): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
    const range = (node as { range?: [number, number, number] } | undefined)?.range;
    if (range) return counter.linePos(range[0]).line;
  }
  return undefined;
}

const SECRET_KEYS = new Set(["api_key", "master_key"]);

/** Why: zod's message plus the offending value (never for secret-bearing keys) and the allowed keys. */
export function fromZod(issue: core.$ZodIssue, prefix: readonly Segment[], allowed?: (path: Segment[]) => string[] | undefined): { path: Segment[]; message: string } {
  const path = [...prefix, ...(issue.path as Segment[])];
  let message = issue.message;
  if (issue.code === "unrecognized_keys") {
    const keys = allowed?.(path);
    if (keys) message += `; allowed: ${keys.join(", ")}`;
    if (issue.keys.length === 1) path.push(issue.keys[0]!);
  } else if (issue.code === "invalid_type" && issue.input === undefined) {
    message = `required (${issue.expected})`;
  } else if (issue.input !== undefined && !SECRET_KEYS.has(String(path.at(-1)))) {
    message += ` (got ${JSON.stringify(issue.input)})`;
  }
  return { path, message };
}
