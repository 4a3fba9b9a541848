// Shared by the supervisor's slow tests: a temp config dir wired to a mock, the CLI as a real process, /proc checks.
import { execa } from "execa";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { configFiles } from "../../src/paths.js";
import { readState, type ProxyState } from "../../src/state/state-file.js";
import { testRoutingYaml } from "../support/proxy-stack.js";
import { tempDir } from "../support/temp-dir.js";

/** Why: the upstream key LiteLLM reads (os.environ/MOCK_KEY); a config dir that cannot exist guards ~/.ccproxy. */
export const env = { ...process.env, MOCK_KEY: "sk-mock-upstream-key", FORCE_COLOR: "0", CCPROXY_CONFIG_DIR: "/proc/ccproxy-tests-must-pass-config-dir" };

/** Why: the built CLI, run exactly as users run it. */
export const bin = fileURLToPath(new URL("../../bin/ccproxy", import.meta.url));

/** Why: a short /tmp path keeps the hook socket under the Unix path limit. */
export function configDirFor(mockUrl: string): string {
  const dir = tempDir("ccp-");
  writeFileSync(configFiles(dir).routing, testRoutingYaml(mockUrl, mockUrl), { mode: 0o600 });
  return dir;
}

/** Why: one CLI invocation to completion, never throwing, output captured; --config-dir goes before any `--`. */
export function cli(dir: string, command: string, ...args: string[]) {
  return execa(process.execPath, [bin, command, "--config-dir", dir, ...args], { env, reject: false, all: true });
}

/** Why: "no process of ours is left": every live process whose command line names this config dir. */
export function processesOf(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    try {
      const command = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0").join(" ");
      if (command.includes(dir) && Number(entry) !== process.pid) found.push(`${entry} ${command}`);
    } catch {
      // exited while we looked
    }
  }
  return found;
}

/** Why: the state file as the supervisor last wrote it. */
export function stateOf(dir: string): ProxyState | undefined {
  return readState(configFiles(dir).state);
}

/** Why: polls a condition with a deadline, for restarts and shutdowns that take seconds. */
export async function eventually<T>(check: () => Promise<T | undefined> | T | undefined, timeoutMs: number, what: string): Promise<T> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const value = await check();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
}

/** Why: a real request through LiteLLM and the hook to the mock, with the master key. */
export async function ask(url: string, dir: string, stream = false): Promise<Response> {
  const key = readFileSync(configFiles(dir).masterKey, "utf8").trim();
  return fetch(`${url}/v1/messages`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
    body: JSON.stringify({ model: "claude-sonnet-4-5", max_tokens: 50, stream, messages: [{ role: "user", content: "hello" }] }),
  });
}
