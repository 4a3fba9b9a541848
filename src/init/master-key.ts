// The LiteLLM master key: LiteLLM 1.108 refuses to start without one, so init generates it once.
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { loadConfig, type LoadedConfig } from "../config/load.js";
import { configFiles } from "../paths.js";
import { writeSecret } from "./managed-files.js";

/** Why: a fresh key is written once (0600) and reused; an existing file is never replaced. */
export function ensureMasterKey(path: string): "created" | "unchanged" {
  if (existsSync(path)) return "unchanged";
  writeSecret(path, `sk-${randomBytes(32).toString("hex")}\n`);
  return "created";
}

/** Why: `start` exports it to LiteLLM and `run` hands it to the client as its credential. */
export function readMasterKey(path: string): string {
  return readFileSync(path, "utf8").trim();
}

/** Why: master.key is absent when ccproxy.yaml names proxy.master_key; LiteLLM then reads that variable itself. */
export function masterKeyOf(dir: string): string | undefined {
  const path = configFiles(dir).masterKey;
  return existsSync(path) ? readMasterKey(path) : undefined;
}

/** Why: the credential a client sends: master.key, else proxy.master_key (an os.environ/ reference); loads the config only then. */
export async function clientKey(dir: string, loaded?: LoadedConfig): Promise<string | undefined> {
  const key = masterKeyOf(dir);
  if (key) return key;
  const configured = (loaded ?? (await loadConfig(configFiles(dir).routing))).config.proxy.master_key;
  return configured?.startsWith("os.environ/") ? process.env[configured.slice("os.environ/".length)] : configured;
}
