// Which LiteLLM executable a config dir uses: a user's own (`init --litellm`) or the managed venv's.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { configFiles } from "../paths.js";
import { managedInstallIsCurrent } from "./install.js";
import { managedVenvDir } from "./pin.js";

/** Why: env CCPROXY_LITELLM beats the recorded --litellm beats the managed venv. */
export function locateLitellm(configDir: string): { litellm: string; managed: boolean } | undefined {
  if (process.env.CCPROXY_LITELLM) return { litellm: process.env.CCPROXY_LITELLM, managed: false };
  const record = configFiles(configDir).litellmRecord;
  if (existsSync(record)) return { litellm: (JSON.parse(readFileSync(record, "utf8")) as { litellm: string }).litellm, managed: false };
  const venv = managedVenvDir();
  return managedInstallIsCurrent(venv) ? { litellm: join(venv, "bin", "litellm"), managed: true } : undefined;
}
