// Appending usage records: the hook server is the only writer, so any number of LiteLLM workers record safely.
import { closeSync, fstatSync, mkdirSync, openSync, readSync, writeSync } from "node:fs";
import { rm, stat } from "node:fs/promises";
import { dayOf, listUsageFiles, usageFileFor } from "./files.js";
import { utcDay, type UsageRecord } from "./record.js";

/** Why: how much history is kept; both bounds apply, the oldest day files go first. */
export interface Retention {
  days: number;
  maxBytes: number;
}

/**
 * Why: the hook server appends each batch with one write(2) on a file descriptor it keeps open (O_APPEND), so lines
 * never interleave and a batch costs no thread-pool round trips: synchronous, a few microseconds into the page cache,
 * where three async fs calls per batch had cost the otherwise idle server a wake-up each. A file whose last line was
 * cut short (a crash mid-write) gets a newline first: the torn line stays one unreadable line, which readers skip with
 * a warning, and the next record starts clean. A file deleted or replaced under us is reopened.
 */
export class UsageWriter {
  private chain: Promise<unknown> = Promise.resolve();
  private current: { path: string; fd: number } | undefined;

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

  /** Waits for the writes in flight, then closes the file. */
  async close(): Promise<void> {
    await this.chain;
    this.release();
  }

  private write(records: UsageRecord[]): void {
    if (records.length === 0) return;
    const byDay = new Map<string, string[]>();
    for (const record of records) {
      const day = utcDay(record.ts);
      const lines = byDay.get(day) ?? [];
      lines.push(JSON.stringify(record));
      byDay.set(day, lines);
    }
    for (const [day, lines] of byDay) {
      const { fd, lead } = this.open(usageFileFor(this.dir, day));
      try {
        writeAll(fd, Buffer.from(`${lead}${lines.join("\n")}\n`));
      } catch (error) {
        this.release(); // part of the batch may be on disk: the next open checks the last byte again
        throw error;
      }
    }
  }

  /** The descriptor for `path`, opened (and checked for a torn last line) unless it is the one already open. */
  private open(path: string): { fd: number; lead: string } {
    if (this.current?.path === path) {
      try {
        if (fstatSync(this.current.fd).nlink > 0) return { fd: this.current.fd, lead: "" };
      } catch {
        // closed or gone: reopen below
      }
    }
    this.release();
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const fd = openSync(path, "a+", 0o600);
    this.current = { path, fd };
    return { fd, lead: endsClean(fd) ? "" : "\n" };
  }

  private release(): void {
    if (!this.current) return;
    try {
      closeSync(this.current.fd);
    } catch {
      // already closed
    }
    this.current = undefined;
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
      if (this.current?.path === file.path) this.release();
      await rm(file.path, { force: true });
      removed.push(file.path);
      total -= sizes[index]!;
    }
    return removed;
  }
}

/** True for an empty file, or one whose last byte is a newline. */
function endsClean(fd: number): boolean {
  const size = fstatSync(fd).size;
  if (size === 0) return true;
  const last = Buffer.alloc(1);
  readSync(fd, last, 0, 1, size - 1);
  return last[0] === 0x0a;
}

/** write(2) may write less than asked (a full disk, a signal); the rest follows, or the error surfaces. */
function writeAll(fd: number, data: Buffer): void {
  let offset = 0;
  while (offset < data.length) offset += writeSync(fd, data, offset, data.length - offset);
}
