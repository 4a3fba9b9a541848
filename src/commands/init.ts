// `ccproxy init`: writes the config dir and installs the pinned LiteLLM.
import { setUpConfigDir, type SetupOptions } from "../init/setup.js";
import { resolveConfigDir } from "../paths.js";

/** Why: typed flags, the same shape commander produces and tests pass. */
export interface InitFlags extends SetupOptions {
  configDir?: string;
}

/** Why: the programmatic form of `ccproxy init`, used by tests. */
export async function runInit(options: InitFlags, out: (line: string) => void = console.log): Promise<number> {
  await setUpConfigDir(resolveConfigDir(options.configDir), options, out);
  return 0;
}
