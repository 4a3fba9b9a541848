// The hook server's log: stderr only, because stdout carries the one readiness line the supervisor reads.

/** Why: the server logs through this, so tests can capture or silence it. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** Why: the default log, one timestamped line per event on stderr. */
export function createStderrLogger(stream: NodeJS.WritableStream = process.stderr): Logger {
  const line = (level: string) => (message: string) => {
    stream.write(`${new Date().toISOString()} ${level} ${message}\n`);
  };
  return { info: line("info"), warn: line("warn"), error: line("error") };
}

/** Why: tests that feed garbage on purpose should not fill the terminal. */
export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
