// Builds the facts doctor's checks share, each computed at most once per run.
import { loadConfig } from "../config/load.js";
import { configFiles } from "../paths.js";
import { isStale } from "../state/running.js";
import { readState } from "../state/state-file.js";
import { litellmInstall, providerList, pythonFacts } from "./python-facts.js";
import { scanSiteDirs, siteDirsOf } from "./site-scan.js";
import type { DoctorContext } from "./types.js";

/** Why: `import litellm` alone can take this long on a busy 2-core machine. */
export const PROVIDERS_TIMEOUT_MS = 60_000;

/** Why: one context per run; nothing is read until a check asks, and nothing twice. */
export function createContext(dir: string): DoctorContext {
  const files = configFiles(dir);
  const install = once(() => litellmInstall(dir));
  const siteScan = once(() => {
    const found = install();
    return found ? scanSiteDirs(siteDirsOf(found.python)) : undefined;
  });
  const compromised = () => (siteScan()?.indicators.length ?? 0) > 0;
  const facts = once(async () => {
    const found = install();
    return found && !compromised() ? pythonFacts(found.python) : undefined;
  });
  return {
    dir,
    files,
    config: once(() => loadConfig(files.routing)),
    install,
    siteScan,
    facts,
    providers: once(async () => {
      const found = install();
      if (!found) throw new Error("LiteLLM is not installed");
      if (compromised()) throw new Error("not run: LiteLLM's environment shows signs of compromise (see litellm.supply_chain)");
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
