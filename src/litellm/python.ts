// Finding a Python interpreter LiteLLM can run on, with a clear error when there is none.
import { execa } from "execa";
import { CliError } from "../errors.js";

/** Why: LiteLLM 1.108.x declares Requires-Python >=3.10,<3.15. */
export const PYTHON_RANGE = { min: [3, 10], maxExclusive: [3, 15] } as const;

/** Why: callers need the path and version of the interpreter they will build the venv with. */
export interface PythonInfo {
  path: string;
  version: string;
}

const FIX =
  "install Python 3.10–3.14 (e.g. `apt-get install python3 python3-venv`, or `brew install python@3.12`) " +
  "or point ccproxy at one with --python /path/to/python3";

/** Why: --python beats CCPROXY_PYTHON beats python3 on PATH; checks the version range. */
export async function findPython(flag?: string): Promise<PythonInfo> {
  const candidates = flag ? [flag] : [process.env.CCPROXY_PYTHON, "python3", "python"].filter(Boolean) as string[];
  for (const candidate of candidates) {
    const probe = await execa(candidate, ["-c", "import sys; print(sys.executable); print('%d.%d.%d' % sys.version_info[:3])"], {
      reject: false,
    });
    if (probe.exitCode !== 0 || probe.failed) continue;
    const [path = candidate, version = "0.0.0"] = probe.stdout.trim().split("\n");
    const [major = 0, minor = 0] = version.split(".").map(Number);
    const tooOld = major < PYTHON_RANGE.min[0] || (major === PYTHON_RANGE.min[0] && minor < PYTHON_RANGE.min[1]);
    const tooNew = major > PYTHON_RANGE.maxExclusive[0] || (major === PYTHON_RANGE.maxExclusive[0] && minor >= PYTHON_RANGE.maxExclusive[1]);
    if (tooOld || tooNew) {
      throw new CliError(`${path} is Python ${version}; LiteLLM needs Python >=3.10,<3.15`, { hint: FIX });
    }
    return { path, version };
  }
  throw new CliError(flag ? `cannot run Python at ${flag}` : "no Python interpreter found (tried python3, python)", { hint: FIX });
}
