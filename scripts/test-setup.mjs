#!/usr/bin/env node
// The first step of `npm test`: everything the tests need that npm does not install — the pinned LiteLLM venv
// (created by `ccproxy init` into the cache dir, without touching your config dir) and the Python test packages
// (hash-pinned, test/requirements-python.txt). Quick when both are there already.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { managedPython, root } from "./venv.mjs";

function run(command, args, env = process.env) {
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", env });
  if (result.status !== 0) {
    console.error(`test setup: \`${command} ${args.join(" ")}\` failed (${result.error?.message ?? `exit ${result.status}`})`);
    process.exit(1);
  }
}

const python = managedPython();
if (!existsSync(python) && !process.env.CCPROXY_LITELLM_PYTHON) {
  console.error(`test setup: installing the pinned LiteLLM into ${join(python, "..", "..")} (once)`);
  const scratch = mkdtempSync(join(tmpdir(), "ccproxy-test-setup-"));
  try {
    run(process.execPath, [join(root, "bin", "ccproxy"), "init"], { ...process.env, CCPROXY_CONFIG_DIR: scratch });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
const probe = spawnSync(python, ["-c", "import pytest, pytest_asyncio"], { stdio: "ignore" });
if (probe.status !== 0) {
  console.error("test setup: installing the Python test packages (test/requirements-python.txt) into that venv (once)");
  const uv = spawnSync("uv", ["--version"], { stdio: "ignore" }).status === 0;
  const requirements = join(root, "test", "requirements-python.txt");
  if (uv) run("uv", ["pip", "install", "--quiet", "--python", python, "--only-binary", ":all:", "--require-hashes", "-r", requirements]);
  else run(python, ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--only-binary", ":all:", "--require-hashes", "-r", requirements]);
}
