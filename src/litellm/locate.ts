// Which LiteLLM executable a config dir uses: a user's own (--litellm) or the managed venv's.
import { accessSync, constants, existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { CliError } from "../errors.js";
import { writeSecret } from "../init/managed-files.js";
import { managedInstallIsCurrent } from "./install.js";
import { managedVenvDir } from "./pin.js";

const RECORD = "install.json";

/** Why: `init --litellm PATH` is remembered so `start` and `doctor` use the same executable. */
export function recordExternalLitellm(configDir: string, path: string): void {
  try {
    accessSync(path, constants.X_OK);
  } catch {
    throw new CliError(`--litellm ${path} is not an executable file`, {
      hint: "pass the path of the `litellm` command of your install, e.g. ~/venv/bin/litellm",
    });
  }
  writeSecret(join(configDir, RECORD), `${JSON.stringify({ litellm: path }, null, 2)}\n`);
}

/** Why: env CCPROXY_LITELLM beats the recorded --litellm beats the managed venv. */
export function locateLitellm(configDir: string): { litellm: string; managed: boolean } | undefined {
  if (process.env.CCPROXY_LITELLM) return { litellm: process.env.CCPROXY_LITELLM, managed: false };
  const record = join(configDir, RECORD);
  if (existsSync(record)) return { litellm: (JSON.parse(readFileSync(record, "utf8")) as { litellm: string }).litellm, managed: false };
  const venv = managedVenvDir();
  return managedInstallIsCurrent(venv) ? { litellm: join(venv, "bin", "litellm"), managed: true } : undefined;
}
