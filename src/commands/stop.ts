// `ccproxy stop`: ask the supervisor to stop gracefully; force it after the bound.
import { resolveConfigDir } from "../paths.js";
import { stopRunning } from "../supervisor/stop.js";

/** Why: the programmatic form; "not running" is not an error. */
export async function runStop(flags: { configDir?: string }, say: (line: string) => void = console.log): Promise<number> {
  await stopRunning(resolveConfigDir(flags.configDir), say);
  return 0;
}
