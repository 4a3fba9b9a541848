// Whether this shell carries a provider key for the proxy: without one, `ccproxy run` keeps the client's own login.
import { loadConfig } from "../config/load.js";
import { configFiles } from "../paths.js";

/** Why: a target's key names an environment variable (os.environ/VAR); set in the shell, it is an API-key user. */
export async function hasProviderKey(dir: string, env: NodeJS.ProcessEnv): Promise<boolean> {
  const { config } = await loadConfig(configFiles(dir).routing);
  return Object.values(config.targets).some((t) => t.api_key?.startsWith("os.environ/") && Boolean(env[t.api_key.slice("os.environ/".length)]));
}
