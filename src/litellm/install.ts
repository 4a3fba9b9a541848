// Installs the pinned LiteLLM into the managed virtualenv: uv when present, else pip; hashes required. One progress
// line while it runs, the installer's full output in a log file, and a lock so two first runs do not race.
import { createHash } from "node:crypto";
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { execa } from "execa";
import { CliError } from "../errors.js";
import { templatesDir } from "../paths.js";
import { withFileLock } from "../process/file-lock.js";
import { lineSplitter, Tail } from "../process/lines.js";
import { silentProgress, type Progress } from "../process/progress.js";
import { nextCount, packageCount, type InstallCount } from "./installer-output.js";
import { litellmPin, managedVenvDir, requirementsFile } from "./pin.js";
import { findPython } from "./python.js";

/** Why: `init`, `start` and `doctor` all need to know where LiteLLM is and whether it was just installed. */
export interface LitellmInstall {
  venv: string;
  litellm: string;
  python: string;
  version: string;
  installed: boolean;
}

/** Why: how an install reports: a progress line, and the file that gets the installer's full output. */
export interface InstallOptions {
  python?: string;
  progress?: Progress;
  /** Default: install-litellm-<version>.log beside the venv. */
  logFile?: string;
}

const MARKER = ".ccproxy-requirements.sha256";
/** Why: wheels only. A source build runs the package's build backend and pulls build tools that no hash pins; every
 * package of the lock ships wheels (checked with `pip install --dry-run --only-binary :all:` for Python 3.11–3.13). */
export const ONLY_BINARY = ["--only-binary", ":all:"] as const;
const PIP_INSTALL = ["-m", "pip", "install", "--disable-pip-version-check", "--progress-bar", "off", ...ONLY_BINARY, "--require-hashes", "-r"];

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

/** Why: one call that leaves a working, pinned LiteLLM behind, or says exactly why not. Two processes installing at
 * once take turns: the second waits on the lock, then finds the venv current. */
export async function ensureLitellm(options: InstallOptions = {}): Promise<LitellmInstall> {
  const venv = managedVenvDir();
  const version = litellmPin();
  const result = { venv, litellm: join(venv, "bin", "litellm"), python: join(venv, "bin", "python"), version };
  if (managedInstallIsCurrent(venv)) return { ...result, installed: false };
  const progress = options.progress ?? silentProgress;
  return withFileLock(
    venv,
    async () => {
      if (managedInstallIsCurrent(venv)) return { ...result, installed: false }; // the other process finished it
      await install(venv, version, options.logFile ?? `${venv}.install.log`, options.python, progress);
      return { ...result, installed: true };
    },
    { onWait: () => progress.update(`waiting for another ccproxy that is installing litellm ${version} (${venv}.lock)`) },
  );
}

async function install(venv: string, version: string, logFile: string, pythonFlag: string | undefined, progress: Progress): Promise<void> {
  const python = await findPython(pythonFlag);
  rmSync(venv, { recursive: true, force: true });
  const uv = await execa("uv", ["--version"], { reject: false });
  const useUv = uv.exitCode === 0 && !uv.failed;
  mkdirSync(dirname(logFile), { recursive: true });
  const log = createWriteStream(logFile, { flags: "w", mode: 0o600 });
  const header = `installing litellm[proxy]==${version} into ${venv} with ${useUv ? "uv" : "pip"} (Python ${python.version} at ${python.path})`;
  log.write(`${header}\n`);
  progress.log(header);
  progress.note(`full installer output: ${logFile}`);
  let count: InstallCount = { total: packageCount(readFileSync(requirementsFile, "utf8")), collected: 0, status: "" };
  const steps = installSteps(useUv, python.path, venv);
  try {
    for (const [index, [file, args]] of steps.entries()) {
      const counts = index === steps.length - 1; // the lock's packages; earlier steps make the venv and update pip
      progress.update(counts ? `downloading packages 0/${count.total}` : index === 0 ? "creating the virtualenv" : "updating pip to the pinned version");
      await runStep(file, args, logFile, (line) => {
        log.write(`${line}\n`);
        progress.log(line);
        const next = counts ? nextCount(count, line) : count;
        if (next !== count) progress.update((count = next).status);
      });
    }
  } finally {
    await new Promise((resolve) => log.end(resolve));
  }
  writeFileSync(join(venv, MARKER), `${requirementsDigest()}\n`);
}

/** Why: feeds every line of a step to `onLine` and turns a failure into a CliError with its last lines and the log. */
async function runStep(file: string, args: string[], logFile: string, onLine: (line: string) => void): Promise<void> {
  const tail = new Tail(15);
  const split = lineSplitter((line) => {
    if (!line.trim()) return;
    tail.push(line.trimEnd());
    onLine(line.trimEnd());
  });
  onLine(`$ ${file} ${args.join(" ")}`);
  const child = execa(file, args, { reject: false, all: true, buffer: false, env: { PIP_NO_INPUT: "1" } });
  child.all?.on("data", (chunk: Buffer) => split.push(chunk));
  const done = await child;
  split.flush();
  if (done.exitCode === 0) return;
  const lines = tail.lines().join("\n");
  const venvHint = /ensurepip|venv/.test(lines) ? "install the venv module (`apt-get install python3-venv`) or uv, then retry" : undefined;
  throw new CliError(`\`${file} ${args.join(" ")}\` failed (exit ${done.exitCode ?? done.signal}); its last lines:\n${lines}\nfull output: ${logFile}`, {
    hint: venvHint ?? "check the network access to PyPI, or install LiteLLM yourself and pass --litellm PATH",
  });
}
