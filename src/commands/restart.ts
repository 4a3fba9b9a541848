// `ccproxy restart`: stop (if running) and start detached again, on the same address unless told otherwise.
import type { Command } from "commander";
import { action } from "../cli/handle-errors.js";
import { withConfigDir } from "../cli/options.js";
import { resolveConfigDir } from "../paths.js";
import { findRunning } from "../state/running.js";
import { isLoopback } from "../supervisor/exposure.js";
import { DEFAULT_GRACE_S, startDetached } from "../supervisor/daemon.js";
import { readyLines } from "../supervisor/ready-message.js";
import { stopRunning } from "../supervisor/stop.js";

interface RestartFlags {
  configDir?: string;
  port?: string;
  host?: string;
  workers?: string;
  allowRemote?: boolean;
}

/** Why: registers `ccproxy restart` on the program (see src/cli.ts). */
export function register(program: Command): void {
  withConfigDir(program.command("restart"))
    .description("stop ccproxy and start it again in the background (keeps its host, port and workers)")
    .option("--port <n>", "LiteLLM port (default: the running one's, else ccproxy.yaml's)")
    .option("--host <addr>", "LiteLLM listen address (default: the running one's, else ccproxy.yaml's)")
    .option("--workers <n>", "LiteLLM worker processes (default: the running one's)")
    .option("--allow-remote", "allow a listen address reachable from the network (default: kept when the running one listens off loopback)")
    .action(action((flags: RestartFlags) => runRestart(flags)));
}

/** Why: a restart reuses the running instance's address, so clients keep working. */
export async function runRestart(flags: RestartFlags, say: (line: string) => void = console.log): Promise<number> {
  const dir = resolveConfigDir(flags.configDir);
  const previous = findRunning(dir, say);
  await stopRunning(dir, say);
  const state = await startDetached(
    dir,
    {
      port: flags.port ? Number(flags.port) : previous?.port,
      host: flags.host ?? previous?.host,
      workers: flags.workers ? Number(flags.workers) : previous?.workers,
      grace: previous ? previous.graceMs / 1000 : DEFAULT_GRACE_S,
      // The running instance was started with --allow-remote if it listens off loopback; a restart keeps that choice.
      allowRemote: flags.allowRemote ?? (previous !== undefined && (flags.host ?? previous.host) === previous.host && !isLoopback(previous.host)),
    },
    say,
  );
  for (const line of readyLines(state, dir)) say(line);
  return 0;
}
