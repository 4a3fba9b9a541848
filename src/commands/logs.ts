// `ccproxy logs [-f] [-n N] [--hook|--litellm]`: the detached run's log files, merged in time order.
import { existsSync, statSync } from "node:fs";
import { InvalidArgumentError, Option, type Command } from "commander";
import { action } from "../cli/handle-errors.js";
import { withConfigDir } from "../cli/options.js";
import { resolveConfigDir } from "../paths.js";
import { follower, lastLines, logFiles } from "../state/log-files.js";

interface LogsFlags {
  configDir?: string;
  follow?: boolean;
  lines: number;
  hook?: boolean;
  litellm?: boolean;
}

/** Why: registers `ccproxy logs` on the program (see src/cli.ts). */
export function register(program: Command): void {
  const count = (value: string) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`expected a whole number, got "${value}"`);
    return n;
  };
  withConfigDir(program.command("logs"))
    .description("show the logs of a detached ccproxy (supervisor, hook server and LiteLLM)")
    .option("-f, --follow", "keep printing new lines until Ctrl-C")
    .option("-n, --lines <n>", "how many of the last lines to show", count, 50)
    .addOption(new Option("--hook", "only the hook server's log").conflicts("litellm"))
    .option("--litellm", "only LiteLLM's log")
    .action(action((flags: LogsFlags) => runLogs(flags)));
}

/** Why: the programmatic form; following ends on SIGINT/SIGTERM with exit 0. */
export async function runLogs(flags: LogsFlags, say: (line: string) => void = console.log): Promise<number> {
  const dir = resolveConfigDir(flags.configDir);
  const all = logFiles(dir);
  const selected: Record<string, string> = flags.hook ? { hook: all.hook } : flags.litellm ? { litellm: all.litellm } : all;
  if (!Object.values(selected).some((path) => existsSync(path))) {
    say(`no logs in ${dir}/logs yet: \`ccproxy start --detach\` writes them (a foreground start prints to the terminal)`);
    return 0;
  }
  for (const line of lastLines(selected, flags.lines)) say(line);
  if (!flags.follow) return 0;
  const readers = Object.entries(selected).map(([name, path]) =>
    follower(path, existsSync(path) ? statSync(path).size : 0, (line) => say(`[${name}] ${line}`)),
  );
  return new Promise((resolve) => {
    const timer = setInterval(() => readers.forEach((read) => read()), 250);
    const end = () => {
      clearInterval(timer);
      resolve(0);
    };
    process.once("SIGINT", end).once("SIGTERM", end);
  });
}
