#!/usr/bin/env node
// Runs the Python tests (test/python) with the managed LiteLLM venv's interpreter: the last step of
// `npm test`. The hook runs inside LiteLLM, so it is tested against the exact pinned LiteLLM.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { managedPython, pinnedVersion, root } from "./venv.mjs";

const NO_TESTS_COLLECTED = 5;

const version = pinnedVersion();
const python = managedPython(version);
if (!existsSync(python)) {
  console.error(
    `pytest: no Python at ${python} (the managed LiteLLM ${version} venv).\n` +
      "Fix: run `npm test` (its set-up step, scripts/test-setup.mjs, creates it and installs the test packages),\n" +
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
