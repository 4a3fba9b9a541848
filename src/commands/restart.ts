// `ccproxy restart`: stop (if running) and start detached again, on the same address unless told otherwise.
import { resolveConfigDir } from "../paths.js";
import { findRunning } from "../state/running.js";
import { DEFAULT_GRACE_MS } from "../process/terminate.js";
import { startDetached } from "../supervisor/daemon.js";
import { isLoopback } from "../supervisor/exposure.js";
import { readyLines } from "../supervisor/ready-message.js";
import { stopRunning } from "../supervisor/stop.js";

/** Why: typed flags, the same shape commander produces and tests pass. */
export interface RestartFlags {
  configDir?: string;
  port?: string;
  host?: string;
  workers?: number;
  allowRemote?: boolean;
  quiet?: boolean;
  verbose?: boolean;
}

/** Why: a restart reuses the running instance's address, so clients keep working. */
export async function runRestart(flags: RestartFlags, say: (line: string) => void = console.log): Promise<number> {
  const dir = resolveConfigDir(flags.configDir);
  const previous = findRunning(dir, say);
  await stopRunning(dir, flags.quiet ? () => {} : say); // --quiet: the stop's progress lines are not news
  const state = await startDetached(
    dir,
    {
      port: flags.port ? Number(flags.port) : previous?.port,
      host: flags.host ?? previous?.host,
      workers: flags.workers ?? previous?.workers,
      grace: (previous?.graceMs ?? DEFAULT_GRACE_MS) / 1000,
      // The running instance was started with --allow-remote if it listens off loopback; a restart keeps that choice.
      allowRemote: flags.allowRemote ?? (previous !== undefined && (flags.host ?? previous.host) === previous.host && !isLoopback(previous.host)),
      quiet: flags.quiet,
      verbose: flags.verbose,
    },
    say,
  );
  for (const line of readyLines(state, dir)) say(line);
  return 0;
}
