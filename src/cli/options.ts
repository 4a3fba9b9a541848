// Options every command shares.
import type { Command } from "commander";

/** Why: every command takes --config-dir (env CCPROXY_CONFIG_DIR, default ~/.ccproxy). */
export function withConfigDir(command: Command): Command {
  return command.option("--config-dir <dir>", "config directory (env CCPROXY_CONFIG_DIR, default ~/.ccproxy)");
}

/** Why: commands that read or write usage records take --state-dir (env CCPROXY_STATE_DIR, default the config dir). */
export function withStateDir(command: Command): Command {
  return command.option("--state-dir <dir>", "where ccproxy writes its records (env CCPROXY_STATE_DIR, default the config dir)");
}
