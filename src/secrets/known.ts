// The literal secrets of one install: what ccproxy's log writers and `doctor` hide wherever they appear.
import { readFileSync } from "node:fs";
import { readHookSecret } from "../init/hook-secret.js";
import { configFiles } from "../paths.js";
import { referencedVariables } from "../process/litellm-env.js";
import { secretLikeEnvValues } from "./redact.js";

/** Why: the values of the variables the generated config references (provider keys, the master key's variable), every
 * credential-named variable of `env`, master.key and hook.secret. Missing files simply contribute nothing. */
export function knownSecrets(dir: string, env: NodeJS.ProcessEnv = process.env): string[] {
  const files = configFiles(dir);
  let referenced = new Set<string>();
  try {
    referenced = referencedVariables(readFileSync(files.litellmConfig, "utf8"));
  } catch {
    // not generated yet: the credential-named variables still count
  }
  const values = secretLikeEnvValues(env, referenced);
  for (const file of [files.masterKey, files.hookSecret]) {
    const value = readHookSecret(file); // the same trimmed read serves both files
    if (value) values.push(value);
  }
  return values;
}
