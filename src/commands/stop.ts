// `ccproxy stop`: ask the supervisor to stop gracefully; force it after the bound.
import type { Command } from "commander";
import { action } from "../cli/handle-errors.js";
import { withConfigDir } from "../cli/options.js";
import { resolveConfigDir } from "../paths.js";
import { stopRunning } from "../supervisor/stop.js";

/** Why: registers `ccproxy stop` on the program (see src/cli.ts). */
export function register(program: Command): void {
  withConfigDir(program.command("stop"))
    .description("stop a running ccproxy (graceful, then forced)")
    .action(action((flags: { configDir?: string }) => runStop(flags)));
}

/** Why: the programmatic form; "not running" is not an error. */
export async function runStop(flags: { configDir?: string }, say: (line: string) => void = console.log): Promise<number> {
  await stopRunning(resolveConfigDir(flags.configDir), say);
  return 0;
}
