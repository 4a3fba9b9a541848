// The LiteLLM package itself: the pinned version, and no trace of the known-malicious releases.
import { join } from "node:path";
import { litellmPin } from "../../litellm/pin.js";
import type { LitellmInstallInfo } from "../python-facts.js";
import type { Check } from "../types.js";
import { installOrSkip, isFinding, runnableOrSkip } from "./needs.js";

const ROTATE = "rotate every API key and cloud credential this machine holds, delete that environment, then run `ccproxy init`";

/** Why: routing is tested against one LiteLLM version; another one (or none) in that environment breaks in odd ways. */
export const litellmVersion: Check = {
  id: "litellm.version",
  title: "LiteLLM version",
  async run(ctx) {
    const install = runnableOrSkip(ctx);
    if (isFinding(install)) return install;
    const facts = await ctx.facts();
    if (!facts) return { status: "fail", cause: `${install.python} (LiteLLM's Python) does not run`, fix: reinstall(install) };
    const pin = litellmPin();
    if (facts.litellm === null) return { status: "fail", cause: `LiteLLM is not installed in the environment of ${facts.executable}`, fix: reinstall(install) };
    if (facts.litellm !== pin) return { status: "fail", cause: `LiteLLM ${facts.litellm} in ${facts.executable}; ccproxy pins ${pin}`, fix: reinstall(install) };
    return { status: "ok", cause: `LiteLLM ${pin} (the pin) on Python ${facts.python}` };
  },
};

/** Why: 1.82.7/1.82.8 stole credentials and 1.82.8 left litellm_init.pth behind, which runs on every Python start. The
 * environment is read as files (src/doctor/site-scan.ts): asking its Python would run that .pth first. */
export const supplyChain: Check = {
  id: "litellm.supply_chain",
  title: "LiteLLM supply chain",
  async run(ctx) {
    const install = installOrSkip(ctx);
    if (isFinding(install)) return install;
    const scan = ctx.siteScan();
    if (!scan) return { status: "skip", cause: "LiteLLM is not installed (see litellm.venv)" };
    const known = scan.indicators.filter((i) => i.level === "known").map((i) => i.what);
    if (known.length) return { status: "fail", cause: `${known.join("; ")}: assume your credentials are stolen`, fix: ROTATE };
    const suspicious = scan.indicators.map((i) => i.what);
    if (suspicious.length) {
      return {
        status: "warn",
        cause: `${suspicious.join("; ")}; doctor did not run that Python`,
        fix: "read the file: code that decodes, evaluates or downloads at every Python start is how credential stealers run; if it is not yours, rotate your credentials and delete that environment",
      };
    }
    if (scan.dirs.length === 0) return { status: "warn", cause: `no site-packages folder found for ${install.python}`, fix: reinstall(install) };
    return { status: "ok", cause: `no known-bad release and no indicator in ${scan.dirs.length} site-packages folder${scan.dirs.length === 1 ? "" : "s"} (read as files; nothing run)` };
  },
};

function reinstall(install: LitellmInstallInfo): string {
  return install.managed
    ? `delete the venv and reinstall: rm -rf ${join(install.litellm, "..", "..")} && ccproxy init`
    : `install the pin there (pip install 'litellm[proxy]==${litellmPin()}') or use the managed venv (remove install.json from the config dir, then \`ccproxy init\`)`;
}
