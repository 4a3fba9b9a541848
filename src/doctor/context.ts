// Builds the facts doctor's checks share, each computed at most once per run.
import { loadConfig } from "../config/load.js";
import { configFiles } from "../paths.js";
import { isStale } from "../state/running.js";
import { readState } from "../state/state-file.js";
import { litellmInstall, providerList, pythonFacts } from "./python-facts.js";
import type { DoctorContext } from "./types.js";

/** Why: `import litellm` alone can take this long on a busy 2-core machine. */
export const PROVIDERS_TIMEOUT_MS = 60_000;

/** Why: one context per run; nothing is read until a check asks, and nothing twice. */
export function createContext(dir: string): DoctorContext {
  const files = configFiles(dir);
  const install = once(() => litellmInstall(dir));
  const facts = once(async () => {
    const found = install();
    return found ? pythonFacts(found.python) : undefined;
  });
  return {
    dir,
    files,
    config: once(() => loadConfig(files.routing)),
    install,
    facts,
    providers: once(async () => {
      const found = install();
      if (!found) throw new Error("LiteLLM is not installed");
      return providerList(found.python, PROVIDERS_TIMEOUT_MS);
    }),
    // Read-only on purpose: unlike findRunning, doctor never removes a stale state file or kills orphans.
    running: once(() => {
      const state = readState(files.state);
      return state && !isStale(state) ? state : undefined;
    }),
  };
}

function once<T>(fn: () => T): () => T {
  let cached: { value: T } | undefined;
  return () => (cached ??= { value: fn() }).value;
}
