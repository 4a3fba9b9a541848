// Temp dirs for tests: made under /tmp, all removed when the test file ends (test/support/setup.ts).
import { mkdtempSync, rmSync } from "node:fs";

const made: string[] = [];

/** Why: a short /tmp path keeps a hook socket inside it under the Unix path limit; the dir never outlives its test file. */
export function tempDir(prefix = "ccp-"): string {
  const dir = mkdtempSync(`/tmp/${prefix}`);
  made.push(dir);
  return dir;
}

/** Why: called once per test file, after its last test, by the setup file vitest.config.ts names. */
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}
