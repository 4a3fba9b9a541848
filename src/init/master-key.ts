// The LiteLLM master key: LiteLLM 1.108 refuses to start without one, so init generates it once.
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
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
