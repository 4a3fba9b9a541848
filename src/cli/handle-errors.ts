// The one place where errors become messages on stderr and process exit codes.
import chalk from "chalk";
import { CommanderError, type Command } from "commander";
import { CliError } from "../errors.js";
import { processRedactor } from "../secrets/redact.js";

/** Exit codes: 0 ok, 1 a failure the user can fix, 2 bad usage, 70 an internal bug. */
export const EXIT = { ok: 0, failure: 1, usage: 2, internal: 70 } as const;

/** Why: prints an error once, in one format, and returns the exit code it deserves. A crash report may quote a child's
 * last lines (a detached supervisor's stderr is its log file), so the text is redacted like any log line. */
export function reportError(error: unknown, out: NodeJS.WritableStream = process.stderr): number {
  const stderr = { write: (text: string) => out.write(processRedactor.redact(text)) };
  if (error instanceof CliError) {
    stderr.write(`${chalk.red("error:")} ${error.message}\n`);
    if (error.hint) stderr.write(`${chalk.dim("hint:")} ${error.hint}\n`);
    return error.exitCode;
  }
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  stderr.write(`${chalk.red("internal error:")} ${detail}\n`);
  stderr.write(`${chalk.dim("hint:")} this is a ccproxy bug; please report it with the lines above.\n`);
  return EXIT.internal;
}

/** Why: wraps a command action so that every failure goes through reportError. */
export function action<A extends unknown[]>(fn: (...args: A) => Promise<number | void>) {
  return async (...args: A): Promise<void> => {
    try {
      const code = await fn(...args);
      process.exitCode = code ?? EXIT.ok;
    } catch (error) {
      process.exitCode = reportError(error);
    }
  };
}

/** Why: commander's parse errors (unknown option, missing argument, bad value) are usage errors: exit 2, the message
 * once in our format, and the command's usage line as the hint. Help and --version pass through as exit 0. */
export function usageErrors(command: Command): (error: CommanderError) => never {
  return (error) => {
    if (error.exitCode === 0) throw error;
    const names: string[] = [];
    for (let c: Command | null = command; c; c = c.parent) names.unshift(c.name());
    const usage = `usage: ${names.join(" ")} ${command.usage()}`;
    if (error.code === "commander.help") throw new CliError("no command given", { exitCode: EXIT.usage, hint: `${usage}; \`ccproxy --help\` lists the commands` });
    throw new CliError(error.message.replace(/^error: /, ""), { exitCode: EXIT.usage, hint: `${usage}\n      \`${names.join(" ")} --help\` says more` });
  };
}

/** Why: the CLI's top level: a usage error thrown while parsing is reported like any other error. */
export function exitCodeOf(error: unknown): number {
  if (error instanceof CommanderError && error.exitCode === 0) return EXIT.ok;
  return reportError(error);
}
