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
