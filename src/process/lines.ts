// Child output arrives in arbitrary chunks; logs, prefixes and crash reports need whole lines.

/** Why: a child that prints without a newline (a progress bar, a huge JSON dump) must not grow the supervisor's memory
 * without bound; a longer line is cut here and the rest of it, up to the next newline, dropped. */
export const MAX_LINE_CHARS = 64 * 1024;

/** Why: cut a long line at a token boundary when one is near, so a key is never split into a half that escapes redaction. */
function cutPoint(text: string, max: number): number {
  const window = text.slice(Math.max(0, max - 256), max);
  const boundary = Math.max(window.lastIndexOf(" "), window.lastIndexOf("\t"), window.lastIndexOf('"'), window.lastIndexOf(","));
  return boundary > 0 ? max - window.length + boundary : max;
}

/** Why: turns a byte stream into lines (the last partial line is held until its newline or flush, up to `maxChars`). */
export function lineSplitter(
  onLine: (line: string) => void,
  maxChars = MAX_LINE_CHARS,
): { push(chunk: Buffer | string): void; flush(): void } {
  let pending = "";
  let dropping = 0; // characters of an over-long line dropped so far, until its newline
  const emitLong = () => {
    const cut = cutPoint(pending, maxChars);
    dropping = pending.length - cut;
    onLine(`${pending.slice(0, cut)} [… line cut at ${cut} characters]`);
    pending = "";
  };
  return {
    push(chunk) {
      const parts = chunk.toString().split(/\r?\n/);
      const last = parts.pop() ?? "";
      for (const part of parts) {
        if (dropping) {
          dropping = 0; // the rest of the over-long line ends here
          pending = "";
          continue;
        }
        onLine(pending + part);
        pending = "";
      }
      if (dropping) {
        dropping += last.length;
        return;
      }
      pending += last;
      if (pending.length > maxChars) emitLong();
    },
    flush() {
      if (pending && !dropping) onLine(pending);
      pending = "";
      dropping = 0;
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
