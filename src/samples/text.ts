// Synthetic content generators: prose, code, shell output. No real prompts, only seeded word salad
// with the statistical texture (punctuation, identifiers, newlines) of what coding agents exchange.
import type { Rng } from "./rng.js";

const WORDS = (
  "the a of to and in is it that for on with as this be are by from at or an not was can will " +
  "function value request model config file error result return type user server client route " +
  "module test build change update check handle parse read write list string number object array " +
  "default option setting path directory process stream token message response header timeout " +
  "should would could must might also then when where which while before after because however " +
  "first next last each every other new old small large quick careful simple clear exact " +
  "project code line branch commit review issue fix bug feature refactor rename move delete add " +
  "cache index queue worker thread socket buffer schema field key label rule hook proxy provider"
).split(" ");

const IDENTS = ["config", "request", "handler", "result", "options", "items", "cache", "router", "summary", "label", "payload", "entry", "count", "total", "state"];
const TYPES = ["string", "number", "boolean", "Config", "Request", "Result<T>", "Map<string, number>", "unknown[]"];
const DIRS = ["src", "lib", "test", "docs", "scripts", "packages/core/src", "packages/cli/src"];

/** Why: natural-language turns (user asks, assistant answers) dominate messages by bytes. */
export function prose(rng: Rng, sentences: number): string {
  const out: string[] = [];
  for (let s = 0; s < sentences; s++) {
    const n = rng.int(6, 22);
    const words = Array.from({ length: n }, () => rng.pick(WORDS));
    if (rng.next() < 0.2) words.splice(rng.int(1, n - 1), 0, `\`${rng.pick(IDENTS)}\``);
    const first = words[0] ?? "the";
    words[0] = first[0]!.toUpperCase() + first.slice(1);
    out.push(words.join(" ") + (rng.next() < 0.1 ? "?" : "."));
    if (rng.next() < 0.15) out.push("\n\n");
  }
  return out.join(" ").replace(/ \n\n /g, "\n\n");
}

/** Why: tool results in coding sessions are mostly source files with line numbers. */
export function code(rng: Rng, lines: number): string {
  const out: string[] = [];
  let depth = 0;
  for (let i = 1; i <= lines; i++) {
    const indent = "  ".repeat(depth);
    const a = rng.pick(IDENTS);
    const b = rng.pick(IDENTS);
    const r = rng.next();
    let line: string;
    if (r < 0.12 && depth < 4) {
      line = `${indent}export function ${a}${cap(b)}(${b}: ${rng.pick(TYPES)}): ${rng.pick(TYPES)} {`;
      depth++;
    } else if (r < 0.22 && depth > 0) {
      depth--;
      line = `${"  ".repeat(depth)}}`;
    } else if (r < 0.4) {
      line = `${indent}const ${a} = ${b}.${rng.pick(IDENTS)}(${rng.int(0, 999)}, "${rng.pick(WORDS)}");`;
    } else if (r < 0.5) {
      line = `${indent}// ${prose(rng, 1)}`;
    } else if (r < 0.65) {
      line = `${indent}if (${a}.${b} === undefined) return ${rng.pick(["null", "false", a, "[]"])};`;
    } else {
      line = `${indent}${a}["${b}"] = { ${b}: ${rng.int(0, 9999)}, ${rng.pick(IDENTS)}: '${rng.pick(WORDS)}' };`;
    }
    out.push(`${String(i).padStart(6)}\t${line}`);
  }
  return out.join("\n");
}

/** Why: Bash tool results (test runs, git output, listings) have their own texture. */
export function shell(rng: Rng, lines: number): string {
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    const r = rng.next();
    if (r < 0.3) out.push(`${rng.pick(DIRS)}/${rng.pick(IDENTS)}.${rng.pick(["ts", "js", "json", "md"])}`);
    else if (r < 0.55) out.push(` ✓ ${rng.pick(DIRS)}/${rng.pick(IDENTS)}.test.ts (${rng.int(1, 40)} tests) ${rng.int(2, 900)}ms`);
    else if (r < 0.75) out.push(`${rng.int(1000000, 9999999).toString(16)} ${prose(rng, 1)}`);
    else out.push(`[${rng.pick(["info", "warn", "debug"])}] ${rng.pick(IDENTS)}=${rng.int(0, 65535)} ${prose(rng, 1)}`);
  }
  return out.join("\n");
}

/** Why: file paths appear in tool inputs. */
export function filePath(rng: Rng): string {
  return `/home/dev/project/${rng.pick(DIRS)}/${rng.pick(IDENTS)}.ts`;
}

function cap(s: string): string {
  return s[0]!.toUpperCase() + s.slice(1);
}
