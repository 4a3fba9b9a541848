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

/** Why: ports, worker counts and grace seconds are whole numbers 1-65535; a typo is refused before anything runs. */
export function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new InvalidArgumentError(`expected a whole number 1-65535, got "${value}"`);
  return n;
}

/** Why: `--workers auto|N`: auto is one LiteLLM worker per core, capped (src/process/workers.ts). */
export function workersOption(value: string): number {
  try {
    return parseWorkers(value);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

/** Why: the hook server's --port says "port" in its message, as users read it. */
export function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new InvalidArgumentError(`expected a port number 1-65535, got "${value}"`);
  return port;
}

/** Why: `logs -n 0` is allowed (follow only), a negative or fractional count is not. */
export function count(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`expected a whole number, got "${value}"`);
  return n;
}

/** Why: `usage --since` takes a duration, a date or an ISO time; anything else names the forms (usage/since.ts). */
export function parseSinceOption(value: string): Date {
  try {
    return parseSince(value);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

/** Why: `usage --by` groups by one of a fixed list of keys. */
export function parseBy(value: string): GroupBy {
  if ((GROUP_BY as readonly string[]).includes(value)) return value as GroupBy;
  throw new InvalidArgumentError(`expected one of ${GROUP_BY.join(", ")}, got "${value}"`);
}
