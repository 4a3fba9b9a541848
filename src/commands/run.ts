// `ccproxy run [--subscription] <command> [its arguments…]`: make sure the proxy runs, then run a client pointed at it, signals and exit code passed through.
import { spawn } from "node:child_process";
import { constants } from "node:os";
import { CliError } from "../errors.js";
import { resolveConfigDir } from "../paths.js";
import { findRunning } from "../state/running.js";
import { clientKey } from "../init/master-key.js";
import { hasProviderKey } from "../oauth/provider-keys.js";
import { DEFAULT_GRACE_MS } from "../process/terminate.js";
import { startDetached } from "../supervisor/daemon.js";

/** Why: typed flags of `ccproxy run`. */
export interface RunFlags {
  configDir?: string;
  subscription?: boolean;
  quiet?: boolean;
}

/** Why: the client gets the proxy's URL and master key (provider keys stay with LiteLLM); a subscription login keeps
 * its own credentials, which the proxy accepts from loopback and forwards to Anthropic. */
export function clientEnv(base: NodeJS.ProcessEnv, url: string, masterKey: string | undefined, subscription = false): NodeJS.ProcessEnv {
  if (subscription) return { ...base, ANTHROPIC_BASE_URL: url };
  const env: NodeJS.ProcessEnv = { ...base, ANTHROPIC_BASE_URL: url, OPENAI_BASE_URL: `${url}/v1` };
  if (masterKey) {
    delete env.ANTHROPIC_API_KEY; // Claude Code would send it as x-api-key next to the token
    Object.assign(env, { ANTHROPIC_AUTH_TOKEN: masterKey, OPENAI_API_KEY: masterKey });
  }
  return env;
}

/** Why: the programmatic form; resolves with the command's exit code (128 + n when a signal ended it). */
export async function runCommand(command: string[], flags: RunFlags): Promise<number> {
  const say = (line: string) => process.stderr.write(`${line}\n`);
  const dir = resolveConfigDir(flags.configDir);
  const state = findRunning(dir, say) ?? (await startDetached(dir, { grace: DEFAULT_GRACE_MS / 1000, quiet: flags.quiet }, say));
  const [file, ...args] = command as [string, ...string[]];
  const subscription = flags.subscription ?? !(await hasProviderKey(dir, process.env));
  if (subscription) say("ccproxy run: keeping the client's own login (subscription); only ANTHROPIC_BASE_URL is set");
  const child = spawn(file, args, { stdio: "inherit", env: clientEnv(process.env, state.url, await clientKey(dir), subscription) });
  // Ctrl-C on a terminal already reaches the child (same process group): forwarding it too would double it.
  const forward = (signal: NodeJS.Signals) => (signal !== "SIGINT" || !process.stdin.isTTY) && child.kill(signal);
  const signals = ["SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT"] as const;
  for (const signal of signals) process.on(signal, forward);
  try {
    return await new Promise<number>((resolve, reject) => {
      child.once("error", (error: NodeJS.ErrnoException) =>
        reject(new CliError(`cannot run ${file}: ${error.code === "ENOENT" ? "command not found" : error.message}`, { exitCode: 127 })),
      );
      child.once("exit", (code, signal) => resolve(code ?? 128 + (signal ? constants.signals[signal] : 0)));
    });
  } finally {
    for (const signal of signals) process.off(signal, forward);
  }
}
