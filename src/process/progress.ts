// One line of progress for a long wait (the LiteLLM install, LiteLLM's start-up): a spinner redrawn in place on a
// terminal, an occasional plain line elsewhere (CI logs, a detached run's log file), nothing with --quiet.

/** Why: what a long step reports; `log` is a line of the child's own output (shown with --verbose only). */
export interface Progress {
  update(status: string): void;
  log(line: string): void;
  /** A line shown even without --verbose (not with --quiet): where the full output goes. */
  note(line: string): void;
  /** Lets another writer print whole lines to the same stream: the progress line is cleared first, redrawn after. */
  around(write: () => void): void;
  /** Clears the line; prints `final` (if any) as an ordinary line. */
  stop(final?: string): void;
}

/** Why: how the line is drawn; tests pass a fake stream and clock. */
export interface ProgressOptions {
  label: string;
  out?: { write(text: string): unknown; isTTY?: boolean; columns?: number };
  /** Redraw in place (default: the stream is a terminal). */
  tty?: boolean;
  verbose?: boolean;
  quiet?: boolean;
  /** Plain mode: at most one status line this often (a changed phase always prints). */
  plainEveryMs?: number;
  now?: () => number;
}

const FRAMES = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
const CLEAR = "\r\x1b[2K";

/** Why: elapsed time as people read it on a progress line: 7 s, 1 m 05 s. */
export function formatElapsed(ms: number): string {
  const s = Math.floor(ms / 1000);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} m ${String(s % 60).padStart(2, "0")} s`;
}

/** Why: one object that every long wait reports to, so the install and the start-up look and behave alike. */
export function progressLine(options: ProgressOptions): Progress {
  const out = options.out ?? process.stderr;
  const now = options.now ?? Date.now;
  const started = now();
  const tty = options.tty ?? Boolean(out.isTTY);
  let status = "";
  let frame = 0;
  let lastPlain = -Infinity;
  let lastPhase = "";
  const text = () => `${options.label}: ${status} · ${formatElapsed(now() - started)}`;
  // A line longer than the terminal wraps, and \r redraws only its last row: cut it to the width.
  const fit = (line: string) => (out.columns && line.length >= out.columns ? `${line.slice(0, out.columns - 2)}…` : line);
  const draw = () => out.write(`${CLEAR}${fit(`${FRAMES[frame++ % FRAMES.length]} ${text()}`)}`);
  const timer = tty && !options.quiet ? setInterval(draw, 100) : undefined;
  timer?.unref();
  const above = (line: string) => {
    out.write(tty ? `${CLEAR}${line}\n` : `${line}\n`);
    if (tty && !options.quiet && status) draw();
  };
  return {
    update(next) {
      status = next;
      if (options.quiet) return;
      if (tty) return void draw();
      const phase = next.replace(/\d+/g, "#"); // "downloading 12/117" and "downloading 13/117" are one phase
      if (phase === lastPhase && now() - lastPlain < (options.plainEveryMs ?? 10_000)) return;
      lastPhase = phase;
      lastPlain = now();
      out.write(`${text()}\n`);
    },
    log(line) {
      if (options.verbose) above(line);
    },
    note(line) {
      if (!options.quiet || options.verbose) above(line);
    },
    around(write) {
      if (tty && !options.quiet) out.write(CLEAR);
      write();
      if (tty && !options.quiet && status) draw();
    },
    stop(final) {
      if (timer) clearInterval(timer);
      if (tty && !options.quiet) out.write(CLEAR);
      if (final) out.write(`${final}\n`);
    },
  };
}

/** Why: callers that show nothing (tests, the bench) still pass a Progress. */
export const silentProgress: Progress = { update: () => {}, log: () => {}, note: () => {}, around: (write) => write(), stop: () => {} };
