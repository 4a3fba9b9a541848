// Options and argument parsers several commands share; light on purpose, since cli.ts loads it for every command.
import { InvalidArgumentError, type Command } from "commander";
import { parseWorkers } from "../process/workers.js";
import { GROUP_BY, type GroupBy } from "../usage/aggregate.js";
import { parseSince } from "../usage/since.js";

/** Why: every command takes --config-dir (env CCPROXY_CONFIG_DIR, default ~/.ccproxy). */
export function withConfigDir(command: Command): Command {
  return command.option("--config-dir <dir>", "config directory (env CCPROXY_CONFIG_DIR, default ~/.ccproxy)");
}

/** Why: commands that read or write usage records take --state-dir (env CCPROXY_STATE_DIR, default the config dir). */
export function withStateDir(command: Command): Command {
  return command.option("--state-dir <dir>", "where ccproxy writes its records (env CCPROXY_STATE_DIR, default the config dir)");
}

/** A whole number in [min, max], or commander's option error naming what was expected. */
function wholeNumber(value: string, min: number, max: number, expected: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`expected ${expected}, got "${value}"`);
  return n;
}

/** A parser whose plain Error becomes commander's option error (exit 2 with the usage line). */
function optionError<T>(parse: (value: string) => T): (value: string) => T {
  return (value) => {
    try {
      return parse(value);
    } catch (error) {
      throw new InvalidArgumentError((error as Error).message);
    }
  };
}

/** Why: ports, worker counts and grace seconds are whole numbers 1-65535; a typo is refused before anything runs. */
export const positiveInt = (value: string): number => wholeNumber(value, 1, 65535, "a whole number 1-65535");

/** Why: the hook server's --port says "port" in its message, as users read it. */
export const parsePort = (value: string): number => wholeNumber(value, 1, 65535, "a port number 1-65535");

/** Why: `logs -n 0` is allowed (follow only), a negative or fractional count is not. */
export const count = (value: string): number => wholeNumber(value, 0, Number.MAX_SAFE_INTEGER, "a whole number");

/** Why: `--workers auto|N`: auto is one LiteLLM worker per core, capped (src/process/workers.ts). */
export const workersOption = optionError(parseWorkers);

/** Why: `usage --since` takes a duration, a date or an ISO time; anything else names the forms (usage/since.ts). */
export const parseSinceOption = optionError(parseSince);

/** Why: `usage --by` groups by one of a fixed list of keys. */
export function parseBy(value: string): GroupBy {
  if ((GROUP_BY as readonly string[]).includes(value)) return value as GroupBy;
  throw new InvalidArgumentError(`expected one of ${GROUP_BY.join(", ")}, got "${value}"`);
}
