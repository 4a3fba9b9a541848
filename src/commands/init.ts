// `ccproxy init`: writes the config dir and installs the pinned LiteLLM.
import type { Command } from "commander";
import { action } from "../cli/handle-errors.js";
import { withConfigDir } from "../cli/options.js";
import { setUpConfigDir, type SetupOptions } from "../init/setup.js";
import { resolveConfigDir } from "../paths.js";

interface InitOptions extends SetupOptions {
  configDir?: string;
}

/** Why: registers `ccproxy init` on the program (see src/cli.ts). */
export function register(program: Command): void {
  withConfigDir(program.command("init"))
    .description("write ccproxy.yaml, LiteLLM's config.yaml and the hook, and install the pinned LiteLLM")
    .option("--force", "replace files you edited (a .bak copy is kept)")
    .option("--python <path>", "Python interpreter for the managed virtualenv (3.10–3.14)")
    .option("--litellm <path>", "use this existing `litellm` executable instead of the managed virtualenv")
    .option("--no-install", "write the files only; do not install LiteLLM")
    .action(action((options: InitOptions) => runInit(options)));
}

/** Why: the programmatic form of `ccproxy init`, used by tests. */
export async function runInit(options: InitOptions, out: (line: string) => void = console.log): Promise<number> {
  await setUpConfigDir(resolveConfigDir(options.configDir), options, out);
  return 0;
}
