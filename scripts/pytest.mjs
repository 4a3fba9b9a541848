#!/usr/bin/env node
// Runs the Python tests (test/python) with the managed LiteLLM venv's interpreter: the last step of
// `npm test`. The hook runs inside LiteLLM, so it is tested against the exact pinned LiteLLM.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const NO_TESTS_COLLECTED = 5;

/** Why: the venv is named after the pinned version, which lives in one place: the requirements file. */
function pinnedVersion() {
  const requirements = readFileSync(join(root, "templates", "requirements-litellm.txt"), "utf8");
  const match = /^litellm(?:\[[^\]]*\])?==([^\s\\]+)/m.exec(requirements);
  if (!match) {
    console.error("pytest: templates/requirements-litellm.txt has no `litellm==X` line; restore the pin");
    process.exit(1);
  }
  return match[1];
}

/** Why: same lookup as the CLI: $CCPROXY_LITELLM_PYTHON, else the venv in ccproxy's cache dir. */
function managedPython(version) {
  if (process.env.CCPROXY_LITELLM_PYTHON) return process.env.CCPROXY_LITELLM_PYTHON;
  const cache = process.env.CCPROXY_CACHE_DIR || join(process.env.XDG_CACHE_HOME || join(homedir(), ".cache"), "ccproxy");
  return join(cache, `litellm-${version}`, "bin", "python");
}

const version = pinnedVersion();
const python = managedPython(version);
if (!existsSync(python)) {
  console.error(
    `pytest: no Python at ${python} (the managed LiteLLM ${version} venv).\n` +
      "Fix: run `ccproxy init` (or .ci/run) to create it, then install the test packages with\n" +
      `  ${python} -m pip install --require-hashes -r test/requirements-python.txt\n` +
      "or point CCPROXY_LITELLM_PYTHON at a Python that has litellm, pytest and pytest-asyncio.",
  );
  process.exit(1);
}

const result = spawnSync(python, ["-m", "pytest", "test/python", "-q"], { cwd: root, stdio: "inherit" });
if (result.error) {
  console.error(`pytest: cannot run ${python}: ${result.error.message}`);
  process.exit(1);
}
if (result.status === NO_TESTS_COLLECTED) console.error("pytest: no tests were collected from test/python; that is a failure");
process.exit(result.status === NO_TESTS_COLLECTED ? 1 : (result.status ?? 1));
