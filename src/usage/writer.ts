// Appending usage records: the hook server is the only writer, so any number of LiteLLM workers record safely.
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { appendFile, mkdir, rm, stat } from "node:fs/promises";
import { dayOf, listUsageFiles, usageFileFor } from "./files.js";
import { utcDay, type UsageRecord } from "./record.js";

/** Why: how much history is kept; both bounds apply, the oldest day files go first. */
export interface Retention {
  days: number;
  maxBytes: number;
}

/**
 * Why: appends are serialised through one promise chain (one `write` per file per batch, O_APPEND), so lines never
 * interleave. A file whose last line was cut short (a crash mid-write) gets a newline first: the torn line stays one
 * unreadable line, which readers skip with a warning, and the next record starts clean.
 */
export class UsageWriter {
  private chain: Promise<unknown> = Promise.resolve();
  private readonly clean = new Set<string>();
  private dirReady = false;

  constructor(
    readonly dir: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Appends the records (to their days' files); resolves once they are written, rejects if they could not be. */
  append(records: UsageRecord[]): Promise<void> {
    const next = this.chain.then(() => this.write(records));
    this.chain = next.catch(() => {});
    return next;
  }

  /** Deletes day files older than `days` and, oldest first, those beyond `maxBytes` in total; never today's. */
  prune(retention: Retention): Promise<string[]> {
    const next = this.chain.then(() => this.removeOld(retention));
    this.chain = next.catch(() => {});
    return next;
  }

  private async write(records: UsageRecord[]): Promise<void> {
    if (records.length === 0) return;
    if (!this.dirReady) {
      await mkdir(this.dir, { recursive: true, mode: 0o700 });
      this.dirReady = true;
    }
    const byDay = new Map<string, string[]>();
    for (const record of records) {
      const day = utcDay(record.ts);
      const lines = byDay.get(day) ?? [];
      lines.push(JSON.stringify(record));
      byDay.set(day, lines);
    }
    for (const [day, lines] of byDay) {
      const path = usageFileFor(this.dir, day);
      const lead = this.clean.has(path) || endsClean(path) ? "" : "\n";
      await appendFile(path, `${lead}${lines.join("\n")}\n`, { mode: 0o600 });
      this.clean.add(path);
    }
  }

  private async removeOld({ days, maxBytes }: Retention): Promise<string[]> {
    const today = dayOf(this.now());
    const oldest = dayOf(new Date(this.now().getTime() - days * 86_400_000));
    const files = listUsageFiles(this.dir);
    const removed: string[] = [];
    const sizes = await Promise.all(files.map(async (file) => (await stat(file.path).catch(() => undefined))?.size ?? 0));
    let total = sizes.reduce((a, b) => a + b, 0);
    for (const [index, file] of files.entries()) {
      if (file.day === today) break;
      if (file.day >= oldest && total <= maxBytes) break;
      await rm(file.path, { force: true });
      this.clean.delete(file.path);
      removed.push(file.path);
      total -= sizes[index]!;
    }
    return removed;
  }
}

/** True for a missing or empty file, or one whose last byte is a newline (sync: once per file per process). */
function endsClean(path: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch {
    return true;
  }
  try {
    const size = fstatSync(fd).size;
    if (size === 0) return true;
    const last = Buffer.alloc(1);
    readSync(fd, last, 0, 1, size - 1);
    return last[0] === 0x0a;
  } finally {
    closeSync(fd);
  }
}
