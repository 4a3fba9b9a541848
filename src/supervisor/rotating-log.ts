// Detached children write to log files that must not fill the disk: a size cap and numbered rotation.
import { closeSync, existsSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeSync } from "node:fs";
import { dirname } from "node:path";

/** Why: the default, 10 MB per file and three rotated copies (name.1 … name.3). */
export const LOG_LIMITS = { maxBytes: 10 * 1024 * 1024, keep: 3 } as const;

/** Why: appends lines synchronously (no lost tail on exit) and rotates name → name.1 → … → name.keep. */
export class RotatingLog {
  private fd: number;
  private size: number;

  constructor(
    readonly path: string,
    private readonly limits: { maxBytes: number; keep: number } = LOG_LIMITS,
  ) {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    this.fd = openSync(path, "a", 0o600);
    this.size = statSync(path).size;
  }

  /** Writes one line (a newline is added), rotating first when it would cross the cap. */
  write(line: string): void {
    const bytes = Buffer.from(`${line}\n`);
    if (this.size > 0 && this.size + bytes.length > this.limits.maxBytes) this.rotate();
    writeSync(this.fd, bytes);
    this.size += bytes.length;
  }

  close(): void {
    closeSync(this.fd);
  }

  private rotate(): void {
    closeSync(this.fd);
    rmSync(`${this.path}.${this.limits.keep}`, { force: true });
    for (let n = this.limits.keep - 1; n >= 1; n--) {
      if (existsSync(`${this.path}.${n}`)) renameSync(`${this.path}.${n}`, `${this.path}.${n + 1}`);
    }
    renameSync(this.path, `${this.path}.1`);
    this.fd = openSync(this.path, "a", 0o600);
    this.size = 0;
  }
}
