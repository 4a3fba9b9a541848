// Installs the pinned LiteLLM into the managed virtualenv: uv when present, else pip; hashes required.
import { createHash } from "node:crypto";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { execa } from "execa";
import { CliError } from "../errors.js";
import { templatesDir } from "../paths.js";
import { litellmPin, managedVenvDir, requirementsFile } from "./pin.js";
import { findPython } from "./python.js";

/** Why: the caller decides how to show progress (a spinner, plain lines, nothing in tests). */
export type ProgressFn = (line: string) => void;

/** Why: `init`, `start` and `doctor` all need to know where LiteLLM is and whether it was just installed. */
export interface LitellmInstall {
  venv: string;
  litellm: string;
  python: string;
  version: string;
  installed: boolean;
}

const MARKER = ".ccproxy-requirements.sha256";
/** Why: wheels only. A source build runs the package's build backend and pulls build tools that no hash pins; every
 * package of the lock ships wheels (checked with `pip install --dry-run --only-binary :all:` for Python 3.11–3.13). */
export const ONLY_BINARY = ["--only-binary", ":all:"] as const;
const PIP_INSTALL = ["-m", "pip", "install", "--disable-pip-version-check", ...ONLY_BINARY, "--require-hashes", "-r"];

/** Why: the exact commands an install runs, testable without running them. */
export function installSteps(useUv: boolean, python: string, venv: string): [string, string[]][] {
  const venvPython = join(venv, "bin", "python");
  return useUv
    ? [
        ["uv", ["venv", "--quiet", "--python", python, venv]],
        ["uv", ["pip", "install", ...ONLY_BINARY, "--require-hashes", "-r", requirementsFile, "--python", venvPython]],
      ]
    : [
        [python, ["-m", "venv", venv]],
        [venvPython, [...PIP_INSTALL, join(templatesDir, "requirements-pip.txt")]],
        [venvPython, [...PIP_INSTALL, requirementsFile]],
      ];
}

/** Why: a venv counts as ready only when the exact requirements file it was built from is recorded. */
function requirementsDigest(): string {
  return createHash("sha256").update(readFileSync(requirementsFile)).digest("hex");
}

/** Why: skip the install when the managed venv already matches the pinned, hashed requirements. */
export function managedInstallIsCurrent(venv = managedVenvDir()): boolean {
  const marker = join(venv, MARKER);
  return existsSync(join(venv, "bin", "litellm")) && existsSync(marker) && readFileSync(marker, "utf8").trim() === requirementsDigest();
}

/** Why: one call that leaves a working, pinned LiteLLM behind, or says exactly why not. */
export async function ensureLitellm(options: { python?: string; onProgress?: ProgressFn } = {}): Promise<LitellmInstall> {
  const venv = managedVenvDir();
  const version = litellmPin();
  const result = { venv, litellm: join(venv, "bin", "litellm"), python: join(venv, "bin", "python"), version };
  if (managedInstallIsCurrent(venv)) return { ...result, installed: false };

  const progress = options.onProgress ?? (() => {});
  const python = await findPython(options.python);
  rmSync(venv, { recursive: true, force: true });
  const uv = await execa("uv", ["--version"], { reject: false });
  const useUv = uv.exitCode === 0 && !uv.failed;
  progress(`installing litellm[proxy]==${version} into ${venv} with ${useUv ? "uv" : "pip"} (Python ${python.version})`);
  for (const [file, args] of installSteps(useUv, python.path, venv)) await runStep(file, args, progress);
  writeFileSync(join(venv, MARKER), `${requirementsDigest()}\n`);
  return { ...result, installed: true };
}

/** Why: streams installer output as progress and turns a failure into a CliError with its last lines. */
async function runStep(file: string, args: string[], progress: ProgressFn): Promise<void> {
  const child = execa(file, args, { reject: false, all: true, buffer: { all: true } });
  child.all?.on("data", (chunk: Buffer) => {
    for (const line of chunk.toString().split("\n")) if (line.trim()) progress(line.trimEnd());
  });
  const done = await child;
  if (done.exitCode === 0) return;
  const tail = String(done.all ?? "").trim().split("\n").slice(-15).join("\n");
  const venvHint = /ensurepip|venv/.test(tail) ? "install the venv module (`apt-get install python3-venv`) or uv, then retry" : undefined;
  throw new CliError(`\`${file} ${args.join(" ")}\` failed (exit ${done.exitCode ?? done.signal}):\n${tail}`, {
    hint: venvHint ?? "check the network access to PyPI, or install LiteLLM yourself and pass --litellm PATH",
  });
}
