// Finding a Python interpreter the pinned LiteLLM runs on, with a clear error when there is none.
import { execa } from "execa";
import { CliError } from "../errors.js";

/** Why: the versions the hash-pinned lock installs on and the tests prove (numpy 2.4 needs ≥ 3.11; 3.14 untested). */
export const PYTHON_RANGE = { min: [3, 11], maxExclusive: [3, 14] } as const;

/** Why: callers need the path and version of the interpreter they will build the venv with. */
export interface PythonInfo {
  path: string;
  version: string;
}

const RANGE_TEXT = `>=${PYTHON_RANGE.min.join(".")},<${PYTHON_RANGE.maxExclusive.join(".")}`;
const FIX =
  "install Python 3.11–3.13 (e.g. `apt-get install python3 python3-venv`, `brew install python@3.12`, or `uv python install 3.12`) " +
  "or point ccproxy at one with --python /path/to/python3";

/** Why: the names an interpreter goes by, python3 first, then the versioned names newest first. */
export function candidateNames(): string[] {
  const versioned: string[] = [];
  for (let minor = PYTHON_RANGE.maxExclusive[1] - 1; minor >= PYTHON_RANGE.min[1]; minor--) versioned.push(`python3.${minor}`);
  return ["python3", ...versioned, "python"];
}

/** Why: true when `version` ("3.12.1") is one the lock supports. */
export function inRange(version: string): boolean {
  const [major = 0, minor = 0] = version.split(".").map(Number);
  const atLeast = major > PYTHON_RANGE.min[0] || (major === PYTHON_RANGE.min[0] && minor >= PYTHON_RANGE.min[1]);
  const below = major < PYTHON_RANGE.maxExclusive[0] || (major === PYTHON_RANGE.maxExclusive[0] && minor < PYTHON_RANGE.maxExclusive[1]);
  return atLeast && below;
}

/** Why: --python (else CCPROXY_PYTHON) must fit, being the user's choice; otherwise python3, python3.13 … python3.11,
 * python — the first that fits — and when none does, a Python uv already has (`uv python find`). */
export async function findPython(flag: string | undefined = process.env.CCPROXY_PYTHON || undefined): Promise<PythonInfo> {
  if (flag) {
    const found = await probe(flag);
    if (!found) throw new CliError(`cannot run Python at ${flag}`, { hint: FIX });
    if (!inRange(found.version)) throw new CliError(`${found.path} is Python ${found.version}; the pinned LiteLLM needs Python ${RANGE_TEXT}`, { hint: FIX });
    return found;
  }
  const unsuitable: string[] = [];
  for (const candidate of candidateNames()) {
    const found = await probe(candidate);
    if (found && inRange(found.version)) return found;
    if (found) unsuitable.push(`${found.path} (${found.version})`);
  }
  const fromUv = await execa("uv", ["python", "find", RANGE_TEXT], { reject: false });
  if (fromUv.exitCode === 0 && !fromUv.failed) {
    const found = await probe(fromUv.stdout.trim());
    if (found && inRange(found.version)) return found;
  }
  const tried = unsuitable.length ? `found only ${unsuitable.join(", ")}` : "tried python3, python3.13 … python3.11, python and uv";
  throw new CliError(`no Python ${RANGE_TEXT} found (${tried})`, { hint: FIX });
}

async function probe(candidate: string): Promise<PythonInfo | undefined> {
  const result = await execa(candidate, ["-c", "import sys; print(sys.executable); print('%d.%d.%d' % sys.version_info[:3])"], { reject: false });
  if (result.exitCode !== 0 || result.failed) return undefined;
  const [path = candidate, version = "0.0.0"] = result.stdout.trim().split("\n");
  return { path, version };
}
