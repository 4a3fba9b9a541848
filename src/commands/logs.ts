// `ccproxy logs [-f] [-n N] [--hook|--litellm]`: the detached run's log files, merged in time order.
import { existsSync, statSync } from "node:fs";
import { resolveConfigDir } from "../paths.js";
import { follower, lastLines, logFiles } from "../state/log-files.js";

/** Why: typed flags, the same shape commander produces and tests pass. */
export interface LogsFlags {
  configDir?: string;
  follow?: boolean;
  lines: number;
  hook?: boolean;
  litellm?: boolean;
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
