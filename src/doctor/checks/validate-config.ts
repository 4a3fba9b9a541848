// LiteLLM's own verdict on config.yaml: `litellm --config … --validate_config` (it also imports our hook).
import { existsSync } from "node:fs";
import { execa } from "execa";
import { readMasterKey } from "../../init/master-key.js";
import { MASTER_KEY_ENV } from "../../litellm/render-config.js";
import { LITELLM_ENV } from "../python-facts.js";
import type { Check } from "../types.js";
import { isFinding, runnableOrSkip } from "./needs.js";

/** Why: LiteLLM 1.108 takes 5–15 s to import; the check gets its own, longer budget. */
export const VALIDATE_TIMEOUT_MS = 90_000;

/** Why: catches what only LiteLLM knows: a bad model_list entry, a callback that fails to import. */
export const validateConfig: Check = {
  id: "litellm.validate_config",
  title: "LiteLLM config check",
  timeoutMs: VALIDATE_TIMEOUT_MS + 5_000,
  async run(ctx) {
    const install = runnableOrSkip(ctx);
    if (isFinding(install)) return install;
    if (!existsSync(ctx.files.litellmConfig)) return { status: "skip", cause: "config.yaml is missing (see config.sync)" };
    const masterKey = existsSync(ctx.files.masterKey) ? { [MASTER_KEY_ENV]: readMasterKey(ctx.files.masterKey) } : {};
    const run = await execa(install.litellm, ["--config", ctx.files.litellmConfig, "--validate_config"], {
      cwd: ctx.dir,
      env: { ...LITELLM_ENV, ...masterKey },
      reject: false,
      timeout: VALIDATE_TIMEOUT_MS,
    });
    if (run.timedOut) return { status: "warn", cause: `LiteLLM did not finish validating within ${VALIDATE_TIMEOUT_MS / 1000} s`, fix: "run it yourself: litellm --config config.yaml --validate_config" };
    const said = `${run.stdout}\n${run.stderr}`.split("\n").map((l) => l.trim()).filter(Boolean);
    if (run.exitCode === 0) return { status: "ok", cause: said.find((l) => l.startsWith("LiteLLM: config OK")) ?? "LiteLLM accepts config.yaml" };
    const reason = said.find((l) => l.includes("config validation failed")) ?? said.at(-1) ?? `exit ${run.exitCode}`;
    return { status: "fail", cause: reason, fix: "a Python error in ccproxy_hook.py or ccproxy_hook_pkg/: `ccproxy init --force` restores them; a model_list error: fix the target in ccproxy.yaml" };
  },
};
