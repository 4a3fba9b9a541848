// The hash-pinned lock installs on every Python ccproxy claims (3.11–3.13): the managed venv proves 3.11 in every
// run; this proves the others, each into a throwaway venv, wheels only, hashes required, as `ccproxy init` installs
// (no bytecode compilation: the import below is the proof, and compiling ~300 MB of site-packages doubles the time).
import { execa } from "execa";
import { existsSync, readdirSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { expect, test } from "vitest";
import { litellmPin, requirementsFile } from "../../src/litellm/pin.js";
import { templatesDir } from "../../src/paths.js";
import { tempDir } from "../support/temp-dir.js";

const scratch = tempDir("ccp-lock-");

/** python3.X on PATH, else pyenv's build of it. */
function interpreter(minor: number): string {
  const pyenv = join(process.env.PYENV_ROOT ?? join(homedir(), ".pyenv"), "versions");
  const built = existsSync(pyenv) ? readdirSync(pyenv).filter((v) => v.startsWith(`3.${minor}.`)).sort().at(-1) : undefined;
  return built ? join(pyenv, built, "bin", "python3") : `python3.${minor}`;
}

const PIP = ["-m", "pip", "install", "--quiet", "--no-compile", "--disable-pip-version-check", "--only-binary", ":all:", "--require-hashes", "-r"];

test.concurrent.each([12, 13])("the lock installs on Python 3.%i and imports the pinned LiteLLM", async (minor) => {
  const venv = join(scratch, `py3${minor}`);
  await execa(interpreter(minor), ["-m", "venv", venv]);
  const python = join(venv, "bin", "python");
  await execa(python, [...PIP, join(templatesDir, "requirements-pip.txt")]);
  await execa(python, [...PIP, requirementsFile]);
  const imported = await execa(python, ["-c", "import sys, litellm, importlib.metadata as m; print('%d.%d' % sys.version_info[:2], m.version('litellm'))"]);
  expect(imported.stdout.trim()).toBe(`3.${minor} ${litellmPin()}`);
}, 600_000);
