// Where the supervisor's and its children's lines go: the terminal (prefixed, coloured) or log files. Every line passes
// through the redactor first: children print provider errors and tracebacks that may quote a key.
import chalk from "chalk";
import { join } from "node:path";
import { processRedactor, type Redactor } from "../secrets/redact.js";
import { RotatingLog } from "./rotating-log.js";

/** Why: the supervisor writes through this, so foreground and detached runs differ in one object only. */
export interface OutputSink {
  child(name: string, stream: "stdout" | "stderr", line: string): void;
  supervisor(line: string): void;
  close(): void;
}

const COLOURS: Record<string, (text: string) => string> = { hook: chalk.cyan, litellm: chalk.magenta, ccproxy: chalk.bold };

/** Why: the supervisor probes both children every 2 s; LiteLLM's access-log line for each successful probe would be
 * most of its log (a failing probe is logged, and the supervisor says what it does about it). */
export const OWN_HEALTH_PROBE = /"GET \/health\/(?:liveliness|readiness) HTTP\/1\.[01]" 200\b/;

/** Why: LiteLLM colours some lines itself, ignoring NO_COLOR; with colours off (NO_COLOR, --no-color, not a terminal)
 * its escape codes are removed too. */
export function stripAnsi(line: string): string {
  return line.replace(/\x1b\[[0-9;]*[A-Za-z]/g, "");
}

/** Why: foreground runs show every line with a coloured `[name]` prefix, stderr lines dimmed red. */
export function consoleSink(out: NodeJS.WritableStream = process.stdout, redactor: Redactor = processRedactor): OutputSink {
  const prefix = (name: string) => (COLOURS[name] ?? chalk.white)(`[${name}]`);
  return {
    child: (name, stream, line) => {
      const text = redactor.redact(chalk.level === 0 ? stripAnsi(line) : line);
      out.write(`${prefix(name)} ${stream === "stderr" ? chalk.red(text) : text}\n`);
    },
    supervisor: (line) => out.write(`${prefix("ccproxy")} ${redactor.redact(line)}\n`),
    close: () => {},
  };
}

/** Why: ISO timestamps let `ccproxy logs` merge the files in time order. */
export function stamp(line: string, now = new Date()): string {
  return `${now.toISOString()} ${line}`;
}

/** Why: detached runs write logs/<child>.log and their own lines to logs/ccproxy.log, all rotated alike. A log that
 * stops accepting lines (a full disk) is reported once in ccproxy.log, and its dropped lines counted in it once it
 * accepts lines again; nothing throws into the supervisor. */
export function fileSink(logsDir: string, options: { redactor?: Redactor; limits?: { maxBytes: number; keep: number } } = {}): OutputSink {
  const redactor = options.redactor ?? processRedactor;
  const files = new Map<string, RotatingLog>();
  const trouble = (message: string) => fileFor("ccproxy").write(stamp(`warning: ${message}`));
  const fileFor = (name: string) => {
    let log = files.get(name);
    if (!log) files.set(name, (log = new RotatingLog(join(logsDir, `${name}.log`), options.limits, trouble)));
    return log;
  };
  return {
    child: (name, stream, line) => {
      if (!OWN_HEALTH_PROBE.test(line)) fileFor(name).write(stamp(redactor.redact(stream === "stderr" ? `! ${line}` : line)));
    },
    supervisor: (line) => fileFor("ccproxy").write(stamp(redactor.redact(line))),
    close: () => {
      for (const log of files.values()) log.close();
    },
  };
}

/** Why: the bench and the integration tests run the stack without a terminal or log files to write to. */
export const discardSink: OutputSink = { child: () => {}, supervisor: () => {}, close: () => {} };
