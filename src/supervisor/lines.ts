// Child output arrives in arbitrary chunks; logs, prefixes and crash reports need whole lines.

/** Why: turns a byte stream into lines (the last partial line is held until its newline or flush). */
export function lineSplitter(onLine: (line: string) => void): { push(chunk: Buffer | string): void; flush(): void } {
  let pending = "";
  return {
    push(chunk) {
      const parts = (pending + chunk.toString()).split(/\r?\n/);
      pending = parts.pop() ?? "";
      for (const part of parts) onLine(part);
    },
    flush() {
      if (pending) onLine(pending);
      pending = "";
    },
  };
}

/** Why: keeps a child's last stderr lines so a crash report can say what it printed before dying. */
export class Tail {
  private readonly buffer: string[] = [];
  constructor(private readonly max = 20) {}

  push(line: string): void {
    this.buffer.push(line);
    if (this.buffer.length > this.max) this.buffer.shift();
  }

  lines(): string[] {
    return [...this.buffer];
  }
}
