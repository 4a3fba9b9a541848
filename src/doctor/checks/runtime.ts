// The runtime ccproxy needs: a recent Node.js, a Python LiteLLM supports, and a LiteLLM install.
import { accessSync, constants, readFileSync } from "node:fs";
import { CliError } from "../../errors.js";
import { managedVenvDir } from "../../litellm/pin.js";
import { findPython } from "../../litellm/python.js";
import type { Check } from "../types.js";

const engines = (JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as { engines: { node: string } }).engines.node;

/** Why: ccproxy uses Node APIs from 20.19 on; an older Node fails in odd places. */
export const nodeVersion: Check = {
  id: "node.version",
  title: "Node.js",
  async run() {
    const [wantMajor = 0, wantMinor = 0] = engines.replace(/^>=/, "").split(".").map(Number);
    const [major = 0, minor = 0] = process.versions.node.split(".").map(Number);
    const ok = major > wantMajor || (major === wantMajor && minor >= wantMinor);
    return ok
      ? { status: "ok", cause: `Node.js ${process.versions.node} (needs ${engines})` }
      : { status: "fail", cause: `Node.js ${process.versions.node} is too old (needs ${engines})`, fix: "install Node.js 20.19 or newer (e.g. `nvm install 22`)" };
  },
};

/** Why: the managed venv is built with this interpreter; the pinned lock installs on Python 3.11–3.13. */
export const pythonFound: Check = {
  id: "python.found",
  title: "Python",
  async run() {
    try {
      const python = await findPython();
      return { status: "ok", cause: `Python ${python.version} at ${python.path}` };
    } catch (error) {
      if (!(error instanceof CliError)) throw error;
      return { status: "fail", cause: error.message, fix: error.hint ?? "install Python 3.11–3.13" };
    }
  },
};

/** Why: `start` needs a LiteLLM: the managed venv of this ccproxy's pin, or the user's own (`init --litellm`). */
export const litellmVenv: Check = {
  id: "litellm.venv",
  title: "LiteLLM install",
  async run(ctx) {
    const install = ctx.install();
    if (!install) {
      return { status: "fail", cause: `no managed LiteLLM venv at ${managedVenvDir()} (missing, or built from another pin)`, fix: "run `ccproxy init` (installs the pinned LiteLLM)" };
    }
    try {
      accessSync(install.litellm, constants.X_OK);
    } catch {
      return { status: "fail", cause: `${install.litellm} is not an executable file`, fix: "run `ccproxy init` (or `ccproxy init --litellm <path of your litellm>`)" };
    }
    return { status: "ok", cause: install.managed ? `managed venv ${managedVenvDir()}` : `your own LiteLLM at ${install.litellm} (not the managed venv)` };
  },
};
