// Reading the detached run's log files: the last lines, merged in time order, and following new lines.
import { closeSync, openSync, readFileSync, readSync, statSync } from "node:fs";
import { join } from "node:path";
import { configFiles } from "../paths.js";
import { lineSplitter } from "../process/lines.js";

/** Why: the three files a detached run writes; `ccproxy logs --hook` / `--litellm` pick one. */
export function logFiles(dir: string): Record<"ccproxy" | "hook" | "litellm", string> {
  const logs = configFiles(dir).logs;
  return { ccproxy: join(logs, "ccproxy.log"), hook: join(logs, "hook.log"), litellm: join(logs, "litellm.log") };
}

/** Why: the last `n` lines of several files, merged by their ISO timestamp prefix and tagged with their name. */
export function lastLines(files: Record<string, string>, n: number): string[] {
  const tagged: { at: string; line: string }[] = [];
  for (const [name, path] of Object.entries(files)) {
    let text: string;
    try {
      text = readFileSync(path, "utf8");
    } catch {
      continue;
    }
    for (const line of text.split("\n").filter(Boolean).slice(-n)) tagged.push({ at: line.slice(0, 24), line: `[${name}] ${line}` });
  }
  return tagged
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0))
    .slice(-n)
    .map((entry) => entry.line);
}

/** Why: `logs -f` and `start --detach` read what was appended since the last call; a shrunk file was rotated. */
export function follower(path: string, offset: number, onLine: (line: string) => void): () => void {
  let position = offset;
  const splitter = lineSplitter(onLine);
  return () => {
    let size: number;
    try {
      size = statSync(path).size;
    } catch {
      return;
    }
    if (size < position) position = 0;
    if (size === position) return;
    const fd = openSync(path, "r");
    try {
      const buffer = Buffer.alloc(size - position);
      position += readSync(fd, buffer, 0, buffer.length, position);
      splitter.push(buffer);
    } finally {
      closeSync(fd);
    }
  };
}
