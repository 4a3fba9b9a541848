// Guards for checks that depend on another check's subject: they skip, naming the check that explains why.
import type { LoadedConfig } from "../../config/load.js";
import type { DoctorContext, Finding } from "../types.js";
import type { LitellmInstallInfo } from "../python-facts.js";

/** Why: a broken ccproxy.yaml is reported once (config.valid); dependent checks say "skipped" instead of failing too. */
export async function configOrSkip(ctx: DoctorContext): Promise<LoadedConfig | Finding> {
  try {
    return await ctx.config();
  } catch {
    return { status: "skip", cause: "ccproxy.yaml does not load (see config.valid)" };
  }
}

/** Why: the same for checks that need a LiteLLM install (reported by litellm.venv). */
export function installOrSkip(ctx: DoctorContext): LitellmInstallInfo | Finding {
  return ctx.install() ?? { status: "skip", cause: "LiteLLM is not installed (see litellm.venv)" };
}

/** Why: narrows the union the two guards return. */
export function isFinding(value: object): value is Finding {
  return "status" in value && "cause" in value;
}

/** Why: LiteLLM's Python runs every .pth at start; a check that would start it skips when the file scan found an indicator. */
export function runnableOrSkip(ctx: DoctorContext): LitellmInstallInfo | Finding {
  const install = installOrSkip(ctx);
  if (isFinding(install)) return install;
  return ctx.siteScan()?.indicators.length
    ? { status: "skip", cause: "not run: LiteLLM's environment shows signs of compromise (see litellm.supply_chain)" }
    : install;
}
