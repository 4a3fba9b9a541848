// Options every command shares.
import type { Command } from "commander";

/** Why: every command takes --config-dir (env CCPROXY_CONFIG_DIR, default ~/.ccproxy). */
export function withConfigDir(command: Command): Command {
  return command.option("--config-dir <dir>", "config directory (env CCPROXY_CONFIG_DIR, default ~/.ccproxy)");
}
