// Where the supervisor's and its children's lines go: the terminal (prefixed, coloured) or log files.
import chalk from "chalk";
import { join } from "node:path";
import { RotatingLog } from "./rotating-log.js";

/** Why: the supervisor writes through this, so foreground and detached runs differ in one object only. */
export interface OutputSink {
  child(name: string, stream: "stdout" | "stderr", line: string): void;
  supervisor(line: string): void;
  close(): void;
}

const COLOURS: Record<string, (text: string) => string> = { hook: chalk.cyan, litellm: chalk.magenta, ccproxy: chalk.bold };

/** Why: foreground runs show every line with a coloured `[name]` prefix, stderr lines dimmed red. */
export function consoleSink(out: NodeJS.WritableStream = process.stdout): OutputSink {
  const prefix = (name: string) => (COLOURS[name] ?? chalk.white)(`[${name}]`);
  return {
    child: (name, stream, line) => out.write(`${prefix(name)} ${stream === "stderr" ? chalk.red(line) : line}\n`),
    supervisor: (line) => out.write(`${prefix("ccproxy")} ${line}\n`),
    close: () => {},
  };
}

/** Why: ISO timestamps let `ccproxy logs` merge the files in time order. */
export function stamp(line: string, now = new Date()): string {
  return `${now.toISOString()} ${line}`;
}

/** Why: detached runs write logs/<child>.log (rotated) and their own lines to stdout, which is logs/ccproxy.log. */
export function fileSink(logsDir: string, out: NodeJS.WritableStream = process.stdout): OutputSink {
  const files = new Map<string, RotatingLog>();
  const fileFor = (name: string) => {
    let log = files.get(name);
    if (!log) files.set(name, (log = new RotatingLog(join(logsDir, `${name}.log`))));
    return log;
  };
  return {
    child: (name, stream, line) => fileFor(name).write(stamp(stream === "stderr" ? `! ${line}` : line)),
    supervisor: (line) => out.write(`${stamp(line)}\n`),
    close: () => {
      for (const log of files.values()) log.close();
    },
  };
}
