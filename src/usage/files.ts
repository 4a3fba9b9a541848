// The usage files: one append-only JSONL file per UTC day, usage-YYYY-MM-DD.jsonl, in <state dir>/usage/.
import { readdirSync } from "node:fs";
import { join } from "node:path";

const NAME = /^usage-(\d{4}-\d{2}-\d{2})\.jsonl$/;

/** Why: the file a record of that UTC day goes to. */
export function usageFileFor(dir: string, day: string): string {
  return join(dir, `usage-${day}.jsonl`);
}

/** Why: writer (retention) and reader (a --since window) list the same files, oldest first. */
export function listUsageFiles(dir: string): { day: string; path: string }[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .map((name) => NAME.exec(name))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => ({ day: match[1]!, path: join(dir, match[0]) }))
    .sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
}

/** Why: the UTC day of a moment, as file names and record timestamps spell it. */
export function dayOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}
