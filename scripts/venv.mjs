// Where the tests find the managed LiteLLM venv: the same lookup as the CLI ($CCPROXY_LITELLM_PYTHON, else
// litellm-<pin> in ccproxy's cache dir). Shared by test-setup.mjs and pytest.mjs.
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** Why: both scripts run from the repository root. */
export const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/** Why: the venv is named after the pinned version, which lives in one place: the requirements file. */
export function pinnedVersion() {
  const requirements = readFileSync(join(root, "templates", "requirements-litellm.txt"), "utf8");
  const match = /^litellm(?:\[[^\]]*\])?==([^\s\\]+)/m.exec(requirements);
  if (!match) throw new Error("templates/requirements-litellm.txt has no `litellm==X` line; restore the pin");
  return match[1];
}

/** Why: the interpreter the Python tests run on: the pinned LiteLLM's own. */
export function managedPython(version = pinnedVersion()) {
  if (process.env.CCPROXY_LITELLM_PYTHON) return process.env.CCPROXY_LITELLM_PYTHON;
  const cache = process.env.CCPROXY_CACHE_DIR || join(process.env.XDG_CACHE_HOME || join(homedir(), ".cache"), "ccproxy");
  return join(cache, `litellm-${version}`, "bin", "python");
}
