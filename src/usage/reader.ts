// Reading the usage files back: every readable record in a time window; a torn or corrupt line is skipped and named.
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { dayOf, listUsageFiles } from "./files.js";
import { checkRecord, type UsageRecord } from "./record.js";

/** Why: a skipped line, so the warning can say where and why. */
export interface SkippedLine {
  file: string;
  line: number;
  problem: string;
}

/** Why: the records and what could not be read. */
export interface UsageRead {
  records: UsageRecord[];
  skipped: SkippedLine[];
}

/** Why: `usage`, `statusline` (without a running server) and the hook server's start-up replay read alike. */
export function readUsage(dir: string, since: Date, until?: Date): UsageRead {
  const first = dayOf(since);
  const last = until ? dayOf(until) : "9999-12-31";
  const records: UsageRecord[] = [];
  const skipped: SkippedLine[] = [];
  const from = since.getTime();
  const to = until ? until.getTime() : Infinity;
  for (const file of listUsageFiles(dir)) {
    if (file.day < first || file.day > last) continue;
    let text: string;
    try {
      text = readFileSync(file.path, "utf8");
    } catch (error) {
      skipped.push({ file: basename(file.path), line: 0, problem: `unreadable: ${(error as Error).message}` });
      continue;
    }
    const lines = text.split("\n");
    for (const [index, line] of lines.entries()) {
      if (line === "") continue;
      const parsed = parseLine(line, index === lines.length - 1);
      if (typeof parsed === "string") {
        skipped.push({ file: basename(file.path), line: index + 1, problem: parsed });
        continue;
      }
      const at = Date.parse(parsed.ts);
      if (at >= from && at <= to) records.push(parsed);
    }
  }
  records.sort((a, b) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : 0));
  return { records, skipped };
}

function parseLine(line: string, last: boolean): UsageRecord | string {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return last ? "truncated record (no newline; cut short while being written?)" : "not valid JSON";
  }
  return checkRecord(value);
}

/** Why: one warning line for the user, naming the first few places. */
export function describeSkipped(skipped: SkippedLine[]): string | undefined {
  if (skipped.length === 0) return undefined;
  const shown = skipped.slice(0, 3).map((s) => `${s.file}${s.line ? ` line ${s.line}` : ""}: ${s.problem}`);
  const more = skipped.length > 3 ? `; and ${skipped.length - 3} more` : "";
  return `warning: skipped ${skipped.length} unreadable usage record${skipped.length === 1 ? "" : "s"} (${shown.join("; ")}${more})`;
}
