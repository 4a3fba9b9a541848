// The checks `ccproxy doctor` runs, in the order the report lists them.
import type { Check } from "../types.js";
import { configSync, configValid, hookTemplate } from "./config-files.js";
import { litellmVersion, supplyChain } from "./litellm.js";
import { liveRequests } from "./live.js";
import { proxyHost, proxyPort, proxyRoutes } from "./network.js";
import { filePermissions } from "./permissions.js";
import { hookHealth, litellmReadiness } from "./running.js";
import { routingSelfTest } from "./self-test.js";
import { nodeVersion, litellmVenv, pythonFound } from "./runtime.js";
import { targetApiBase, targetEnv, targetModels, targetProviders } from "./targets.js";
import { validateConfig } from "./validate-config.js";

/** Why: install first, then config, then targets, then the machine, then the running proxy; --live adds the paid check. */
export function doctorChecks(options: { live?: boolean } = {}): Check[] {
  return [
    nodeVersion, pythonFound, litellmVenv, litellmVersion, supplyChain,
    configValid, configSync, hookTemplate, validateConfig,
    targetProviders, targetModels, targetEnv, targetApiBase,
    proxyPort, proxyHost, proxyRoutes, filePermissions,
    hookHealth, litellmReadiness, routingSelfTest,
    ...(options.live ? [liveRequests] : []),
  ];
}
