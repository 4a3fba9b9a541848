// What `start` and `restart` print once the proxy serves: where it is and how to point a client at it.
import chalk from "chalk";
import { existsSync } from "node:fs";
import { configFiles } from "../paths.js";
import type { ProxyState } from "../state/state-file.js";

/** Why: the next thing a user needs is the two environment variables, with the key's file rather than the key. */
export function readyLines(state: ProxyState, dir: string): string[] {
  const keyFile = configFiles(dir).masterKey;
  return [
    chalk.green(`ccproxy is ready at ${state.url}`),
    "point Claude Code (or any Anthropic client) at it:",
    `  export ANTHROPIC_BASE_URL=${state.url}`,
    `  export ANTHROPIC_AUTH_TOKEN=${existsSync(keyFile) ? `$(cat ${keyFile})` : "<the key proxy.master_key names>"}`,
    `or just: ccproxy run claude`,
  ];
}
