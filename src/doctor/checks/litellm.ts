// The LiteLLM package itself: the pinned version, and no trace of the known-malicious releases.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { KNOWN_BAD_LITELLM, litellmPin } from "../../litellm/pin.js";
import type { LitellmInstallInfo } from "../python-facts.js";
import type { Check } from "../types.js";
import { installOrSkip, isFinding } from "./needs.js";

const ROTATE = "rotate every API key and cloud credential this machine holds, delete that environment, then run `ccproxy init`";

/** Why: routing is tested against one LiteLLM version; another one (or none) in that environment breaks in odd ways. */
export const litellmVersion: Check = {
  id: "litellm.version",
  title: "LiteLLM version",
  async run(ctx) {
    const install = installOrSkip(ctx);
    if (isFinding(install)) return install;
    const facts = await ctx.facts();
    if (!facts) return { status: "fail", cause: `${install.python} (LiteLLM's Python) does not run`, fix: reinstall(install) };
    const pin = litellmPin();
    if (facts.litellm === null) return { status: "fail", cause: `LiteLLM is not installed in the environment of ${facts.executable}`, fix: reinstall(install) };
    if (facts.litellm !== pin) return { status: "fail", cause: `LiteLLM ${facts.litellm} in ${facts.executable}; ccproxy pins ${pin}`, fix: reinstall(install) };
    return { status: "ok", cause: `LiteLLM ${pin} (the pin) on Python ${facts.python}` };
  },
};

/** Why: 1.82.7/1.82.8 stole credentials and 1.82.8 left litellm_init.pth behind, which runs on every Python start. */
export const supplyChain: Check = {
  id: "litellm.supply_chain",
  title: "LiteLLM supply chain",
  async run(ctx) {
    const install = installOrSkip(ctx);
    if (isFinding(install)) return install;
    const facts = await ctx.facts();
    if (!facts) return { status: "skip", cause: "LiteLLM's Python does not run (see litellm.version)" };
    const problems = findCompromise(facts.litellm, facts.sitePackages);
    if (problems.length) return { status: "fail", cause: `${problems.join("; ")}: assume your credentials are stolen`, fix: ROTATE };
    return { status: "ok", cause: `no known-bad release, no litellm_init.pth in ${facts.sitePackages.length} site-packages folders` };
  },
};

/** Why: pure, so tests can point it at a fake site-packages folder. */
export function findCompromise(version: string | null, sitePackages: readonly string[]): string[] {
  const problems: string[] = [];
  if (version && (KNOWN_BAD_LITELLM as readonly string[]).includes(version)) problems.push(`LiteLLM ${version} is a known-malicious release`);
  for (const dir of sitePackages) {
    const pth = join(dir, "litellm_init.pth");
    if (existsSync(pth)) problems.push(`${pth} exists (dropped by the malicious 1.82.8; runs on every Python start)`);
  }
  return problems;
}

function reinstall(install: LitellmInstallInfo): string {
  return install.managed
    ? `delete the venv and reinstall: rm -rf ${join(install.litellm, "..", "..")} && ccproxy init`
    : `install the pin there (pip install 'litellm[proxy]==${litellmPin()}') or use the managed venv (remove install.json from the config dir, then \`ccproxy init\`)`;
}
