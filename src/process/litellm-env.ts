// LiteLLM's environment, built from an allowlist: a Claude Code user's shell exports ANTHROPIC_BASE_URL (pointing at
// this proxy) and ANTHROPIC_AUTH_TOKEN, and LiteLLM's providers fall back to exactly those variables.
import { readFileSync } from "node:fs";

/** Why: what a Python process needs to run and reach the network (locale, TLS trust, proxies), nothing provider-specific. */
const INHERITED_NAMES = new Set([
  "PATH", "HOME", "USER", "LOGNAME", "SHELL", "TMPDIR", "TEMP", "TMP", "TZ", "LANG", "LANGUAGE",
  "SSL_CERT_FILE", "SSL_CERT_DIR", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE",
  "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "no_proxy", "all_proxy",
]);

/** Why: locale categories, and LiteLLM's own switches (LITELLM_LOG, LITELLM_RUST …) that users set on purpose. */
const INHERITED_PREFIXES = ["LC_", "LITELLM_"];

/** Why: the variables the generated config.yaml names as os.environ/VAR (keys, master key) must still reach LiteLLM. */
export function referencedVariables(configText: string): Set<string> {
  return new Set([...configText.matchAll(/os\.environ\/([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]!));
}

/** Why: the allowlisted subset of `parent` plus exactly what the config references; everything else stays out. */
export function litellmEnv(parent: NodeJS.ProcessEnv, referenced: ReadonlySet<string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(parent)) {
    if (value === undefined) continue;
    if (INHERITED_NAMES.has(name) || referenced.has(name) || INHERITED_PREFIXES.some((p) => name.startsWith(p))) env[name] = value;
  }
  return env;
}

/** Why: spawnLitellm's one call: the env for the config file it is about to start LiteLLM with. */
export function litellmEnvFor(configFile: string, parent: NodeJS.ProcessEnv): Record<string, string> {
  return litellmEnv(parent, referencedVariables(readFileSync(configFile, "utf8")));
}
