// The LiteLLM version we pin, read from the hashed requirements file that installs it.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { resolveCacheDir, templatesDir } from "../paths.js";

/** Why: the requirements file is the single source of the pin; everything else reads it. */
export const requirementsFile = join(templatesDir, "requirements-litellm.txt");

/** Why: releases that must never run (malicious uploads, or named compromised by scanners). */
export const KNOWN_BAD_LITELLM = ["1.82.7", "1.82.8", "1.107.0"] as const;

/** Why: the exact `litellm==X` of the requirements file. */
export function litellmPin(): string {
  const match = /^litellm(?:\[[^\]]*\])?==([^\s\\]+)/m.exec(readFileSync(requirementsFile, "utf8"));
  if (!match?.[1]) throw new Error(`no litellm==<version> line in ${requirementsFile}`);
  return match[1];
}

/** Why: one managed venv per pinned version, shared by every config dir on the machine. */
export function managedVenvDir(): string {
  return join(resolveCacheDir(), `litellm-${litellmPin()}`);
}
