// The hook channel's per-install secret (see src/hook-server/auth.ts): generated once, 0600, beside master.key.
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { writeSecret } from "./managed-files.js";

/** Why: 32 random bytes as hex; written once and reused, so a running hook server and a restarted LiteLLM agree. */
export function ensureHookSecret(path: string): "created" | "unchanged" {
  if (existsSync(path) && readHookSecret(path)) return "unchanged";
  writeSecret(path, `${randomBytes(32).toString("hex")}\n`);
  return "created";
}

/** Why: the hook server and ccproxy's own tools read it; undefined when the file is missing or empty. */
export function readHookSecret(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8").trim() || undefined;
  } catch {
    return undefined;
  }
}
