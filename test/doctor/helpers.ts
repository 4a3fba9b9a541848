// Deliberately broken installs for doctor's tests: temp config dirs, a fake managed venv, fake Pythons.
import { createHash } from "node:crypto";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { vi } from "vitest";
import { createContext } from "../../src/doctor/context.js";
import { runChecks } from "../../src/doctor/runner.js";
import type { Check, CheckResult } from "../../src/doctor/types.js";
import { syncConfigDir } from "../../src/init/sync.js";
import { litellmPin, requirementsFile } from "../../src/litellm/pin.js";
import { tempDir } from "../support/temp-dir.js";

/** A fresh config dir as `ccproxy init --no-install` leaves it (short path: Unix socket paths are limited). */
export async function configDir(): Promise<string> {
  const dir = tempDir("ccpd-");
  await syncConfigDir(dir);
  return dir;
}

/** What the fake Python reports about itself. */
export interface FakePython {
  version?: string;
  litellm?: string | null;
  sitePackages?: string[];
  providers?: string[];
}

/** A shell script answering doctor's three Python snippets (findPython's, the facts, the provider list); every run
 * leaves a line in `<its folder>/ran` (tests prove a suspect interpreter is never started). */
export function writeFakePython(path: string, fake: FakePython = {}): string {
  const version = fake.version ?? "3.11.7";
  const facts = { executable: path, python: version, litellm: fake.litellm === undefined ? litellmPin() : fake.litellm, site_packages: fake.sitePackages ?? [] };
  writeExecutable(path, [
    "#!/bin/sh",
    `echo "$*" >> '${join(dirname(path), "ran")}'`,
    'case "$2" in',
    `  *provider_list*) echo '${JSON.stringify(fake.providers ?? ["anthropic", "openai", "gemini"])}' ;;`,
    `  *importlib*) echo '${JSON.stringify(facts)}' ;;`,
    `  *) echo '${path}'; echo '${version}' ;;`,
    "esac",
  ]);
  return path;
}

/** A managed venv for the pin under a temp cache dir (CCPROXY_CACHE_DIR), with a fake python and litellm. */
export function fakeVenv(fake: FakePython & { validate?: { exitCode: number; say: string } } = {}): { venv: string } {
  const cache = tempDir("ccpd-cache-");
  const venv = join(cache, `litellm-${litellmPin()}`);
  mkdirSync(join(venv, "bin"), { recursive: true });
  writeFakePython(join(venv, "bin", "python"), fake);
  // The files a real venv has, which the supply-chain check reads instead of running Python.
  const site = join(venv, "lib", "python3.11", "site-packages");
  mkdirSync(site, { recursive: true });
  writeFileSync(join(venv, "pyvenv.cfg"), `home = /usr/bin\ninclude-system-site-packages = false\nversion = ${fake.version ?? "3.11.7"}\n`);
  const litellm = fake.litellm === undefined ? litellmPin() : fake.litellm;
  if (litellm !== null) mkdirSync(join(site, `litellm-${litellm}.dist-info`));
  const validate = fake.validate ?? { exitCode: 0, say: "LiteLLM: config OK (6 models)" };
  writeExecutable(join(venv, "bin", "litellm"), ["#!/bin/sh", "cat >&2 <<'SAID'", validate.say, "SAID", `exit ${validate.exitCode}`]);
  const digest = createHash("sha256").update(readFileSync(requirementsFile)).digest("hex");
  writeFileSync(join(venv, ".ccproxy-requirements.sha256"), `${digest}\n`);
  vi.stubEnv("CCPROXY_CACHE_DIR", cache);
  vi.stubEnv("CCPROXY_LITELLM", undefined);
  return { venv };
}

function writeExecutable(path: string, lines: string[]): void {
  writeFileSync(path, `${lines.join("\n")}\n`);
  chmodSync(path, 0o755);
}

/** Runs one check (or a few) against a config dir, as `ccproxy doctor` would. */
export async function check(dir: string, ...checks: Check[]): Promise<CheckResult> {
  const [result] = await runChecks(checks, createContext(dir));
  return result!;
}

/** Edits a config dir's ccproxy.yaml in place. */
export function editRouting(dir: string, edit: (text: string) => string): void {
  const path = join(dir, "ccproxy.yaml");
  writeFileSync(path, edit(readFileSync(path, "utf8")));
}
