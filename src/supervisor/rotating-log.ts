// Detached children write to log files that must not fill the disk: a size cap and numbered rotation.
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeSync } from "node:fs";
import { dirname } from "node:path";

/** Why: 10 MB per file and three rotated copies (name.1 … name.3) keep a detached run under 40 MB per child. */
export const LOG_LIMITS = { maxBytes: 10 * 1024 * 1024, keep: 3 } as const;

/** Why: told once when a log stops accepting lines (ENOSPC, EIO, a removed folder) and once when it works again. */
export type LogTrouble = (message: string) => void;

function describe(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  return e.code ? `${e.code}: ${e.message.replace(/^\w+: /, "").replace(/, \w+(?: '.*')?$/, "")}` : String(error);
}

/**
 * Why: appends lines synchronously (no lost tail on exit) and rotates name → name.1 → … → name.keep. A write that fails
 * (a full disk) never throws into the supervisor: the line is dropped and counted, the trouble reported once, and the
 * count written into the file as soon as it accepts lines again.
 */
export class RotatingLog {
  private fd: number | undefined;
  private size = 0;
  private dropped = 0;
  private failure: string | undefined;

  constructor(
    readonly path: string,
    private readonly limits: { maxBytes: number; keep: number } = LOG_LIMITS,
    private readonly onTrouble: LogTrouble = () => {},
  ) {
    try {
      this.open();
    } catch {
      this.fd = undefined; // the first write tries again, and reports the failure if it persists
    }
  }

  /** Writes one line (a newline is added), rotating first when it would cross the cap; never throws. */
  write(line: string): void {
    try {
      if (this.fd === undefined) this.open();
      const bytes = Buffer.from(`${line}\n`);
      const note = this.dropped ? Buffer.from(`${new Date().toISOString()} [ccproxy] ${this.dropped} log lines were dropped (${this.failure})\n`) : undefined;
      if (this.size > 0 && this.size + bytes.length + (note?.length ?? 0) > this.limits.maxBytes) this.rotate();
      if (note) {
        this.append(note);
        this.dropped = 0;
      }
      this.append(bytes);
    } catch (error) {
      this.close(); // reopened by the next write: the file may have been removed, or the disk freed meanwhile
      this.dropped += 1;
      if (this.failure === undefined) {
        this.failure = describe(error); // set before telling anyone, so a report written back into this log cannot loop
        this.onTrouble(`cannot write ${this.path} (${this.failure}); dropping its lines until it can`);
      }
      return;
    }
    if (this.failure !== undefined) {
      const failure = this.failure;
      this.failure = undefined;
      this.onTrouble(`${this.path} accepts lines again (after ${failure})`);
    }
  }

  close(): void {
    const fd = this.fd;
    this.fd = undefined;
    if (fd !== undefined) {
      try {
        closeSync(fd);
      } catch {
        // a close error (EIO) leaves nothing to do
      }
    }
  }

  private open(): void {
    mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
    const fd = openSync(this.path, "a", 0o600);
    this.size = fstatSync(fd).size;
    this.fd = fd;
  }

  /** A short write (the disk filled mid-line) is completed or throws; never leaves the size count wrong. */
  private append(bytes: Buffer): void {
    let offset = 0;
    while (offset < bytes.length) offset += writeSync(this.fd!, bytes, offset);
    this.size += bytes.length;
  }

  private rotate(): void {
    this.close();
    rmSync(`${this.path}.${this.limits.keep}`, { force: true });
    for (let n = this.limits.keep - 1; n >= 1; n--) {
      if (existsSync(`${this.path}.${n}`)) renameSync(`${this.path}.${n}`, `${this.path}.${n + 1}`);
    }
    if (existsSync(this.path) && statSync(this.path).size > 0) renameSync(this.path, `${this.path}.1`);
    this.open();
  }
}
