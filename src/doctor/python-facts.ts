// Questions doctor asks the Python that LiteLLM runs on: its version, LiteLLM's version, its site-packages, providers.
import { closeSync, openSync, readSync } from "node:fs";
import { dirname, join } from "node:path";
import { execa } from "execa";
import { locateLitellm } from "../litellm/locate.js";

/** Why: the executable doctor checks and the interpreter behind it ("a LiteLLM in a different environment"). */
export interface LitellmInstallInfo {
  litellm: string;
  python: string;
  managed: boolean;
}

/** Why: one fast Python start answers every install question (no `import litellm`, which takes seconds). */
export interface PythonFacts {
  executable: string;
  python: string;
  litellm: string | null;
  sitePackages: string[];
}

const FACTS = `
import importlib.metadata as m, json, site, sys
try:
    v = m.version("litellm")
except m.PackageNotFoundError:
    v = None
dirs = [*site.getsitepackages(), site.getusersitepackages()]
dirs += [p for p in sys.path if p.endswith(("site-packages", "dist-packages"))]
print(json.dumps({"executable": sys.executable, "python": "%d.%d.%d" % sys.version_info[:3], "litellm": v, "site_packages": list(dict.fromkeys(dirs))}))
`;

const PROVIDERS = `
import json, litellm
print(json.dumps(sorted({str(getattr(p, "value", p)) for p in litellm.provider_list})))
`;

/** Why: LiteLLM's own env for a quiet, offline import (no .env from the cwd, no cost-map download). */
export const LITELLM_ENV = { LITELLM_MODE: "PRODUCTION", LITELLM_LOCAL_MODEL_COST_MAP: "True" } as const;

/** Why: the managed venv's python, or the interpreter named by an external `litellm` script's shebang. */
export function litellmInstall(configDir: string): LitellmInstallInfo | undefined {
  const found = locateLitellm(configDir);
  if (!found) return undefined;
  return { ...found, python: found.managed ? join(dirname(found.litellm), "python") : (shebangPython(found.litellm) ?? join(dirname(found.litellm), "python")) };
}

function shebangPython(script: string): string | undefined {
  try {
    const fd = openSync(script, "r");
    const buffer = Buffer.alloc(512);
    const n = readSync(fd, buffer, 0, 512, 0);
    closeSync(fd);
    const first = buffer.subarray(0, n).toString("utf8").split("\n")[0] ?? "";
    const words = first.startsWith("#!") ? first.slice(2).trim().split(/\s+/) : [];
    return words[0]?.endsWith("/env") ? words[1] : words[0];
  } catch {
    return undefined;
  }
}

/** Why: version, LiteLLM version and site-packages in ~50 ms; undefined when the interpreter does not run. */
export async function pythonFacts(python: string): Promise<PythonFacts | undefined> {
  const run = await execa(python, ["-c", FACTS], { reject: false, timeout: 15_000 });
  if (run.exitCode !== 0) return undefined;
  try {
    const raw = JSON.parse(lastLine(run.stdout)) as { executable: string; python: string; litellm: string | null; site_packages: string[] };
    return { executable: raw.executable, python: raw.python, litellm: raw.litellm, sitePackages: raw.site_packages };
  } catch {
    return undefined;
  }
}

/** Why: the providers LiteLLM knows; importing litellm takes 5–15 s, so it is asked once per run. */
export async function providerList(python: string, timeoutMs: number): Promise<ReadonlySet<string>> {
  const run = await execa(python, ["-c", PROVIDERS], { reject: false, timeout: timeoutMs, env: LITELLM_ENV });
  if (run.exitCode !== 0) throw new Error(`${python} could not import litellm: ${lastLine(run.stderr) || `exit ${run.exitCode}`}`);
  return new Set(JSON.parse(lastLine(run.stdout)) as string[]);
}

function lastLine(text: string): string {
  return text.trim().split("\n").at(-1) ?? "";
}
