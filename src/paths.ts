// Where ccproxy keeps its files: the config dir (user-edited and generated files) and the cache dir.
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** Why: --config-dir beats CCPROXY_CONFIG_DIR beats ~/.ccproxy, everywhere. */
export function resolveConfigDir(flag?: string): string {
  return resolve(flag ?? process.env.CCPROXY_CONFIG_DIR ?? join(homedir(), ".ccproxy"));
}

/**
 * Why: everything ccproxy writes (so far: the usage records) goes to the state dir, so the config dir may be read-only.
 * --state-dir beats CCPROXY_STATE_DIR beats the config dir itself; the one place that decides it.
 */
export function resolveStateDir(configDir: string, flag?: string): string {
  return resolve(flag ?? (process.env.CCPROXY_STATE_DIR || configDir));
}

/** Why: the files inside a state dir, named once. */
export function stateFiles(stateDir: string) {
  return {
    dir: stateDir,
    /** One append-only JSONL file per UTC day: usage-YYYY-MM-DD.jsonl. */
    usage: join(stateDir, "usage"),
  };
}

/** Why: the managed LiteLLM venv is shared by all config dirs, so it lives in the cache dir. */
export function resolveCacheDir(): string {
  const base = process.env.CCPROXY_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "ccproxy");
  return resolve(base);
}

/** Why: the file LiteLLM loads by path (`callbacks: ["ccproxy_hook.handler"]`), in templates/ and in every config dir. */
export const hookShimName = "ccproxy_hook.py";

/** Why: the hook's Python package: a folder beside the shim, in templates/ and in every config dir. */
export const hookPackageName = "ccproxy_hook_pkg";

/** Why: one list of file names inside a config dir, so commands never spell them twice. */
export function configFiles(dir: string) {
  return {
    dir,
    routing: join(dir, "ccproxy.yaml"),
    litellmConfig: join(dir, "config.yaml"),
    hookModule: join(dir, hookShimName),
    hookPackage: join(dir, hookPackageName),
    hookSettings: join(dir, "ccproxy_hook.json"),
    masterKey: join(dir, "master.key"),
    hookSecret: join(dir, "hook.secret"),
    /** The LiteLLM executable `init --litellm PATH` chose. */
    litellmRecord: join(dir, "install.json"),
    state: join(dir, "state.json"),
    /** Present while `stop` drains: /health/readiness answers 503 so a load balancer stops sending requests. */
    drain: join(dir, "draining"),
    logs: join(dir, "logs"),
  };
}

/** Why: the repository's templates/ folder, found from the compiled or the source file alike. */
export const templatesDir = resolve(fileURLToPath(new URL("../templates", import.meta.url)));
