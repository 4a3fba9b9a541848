// The install as two first runs see it, with real processes: ensureLitellm in two processes at once installs once
// (the second waits on the lock, then finds the venv current); the progress line counts packages; the installer's
// full output lands in the log file; a failing installer is reported with its last lines and the log's path.
// The Python here is a stand-in script (a real install downloads ~120 wheels and takes minutes), which creates the
// venv and answers `-m pip install` the way pip prints; ccproxy's own code runs unchanged.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../support/temp-dir.js";

const DIST = resolve(import.meta.dirname, "../../dist");

const FAKE_PYTHON = `#!/bin/bash
if [ "$1" = "-c" ]; then echo "$0"; echo "3.11.9"; exit 0; fi
if [ "$1 $2" = "-m venv" ]; then mkdir -p "$3/bin"; cp "$0" "$3/bin/python"; echo "home = /usr/bin" > "$3/pyvenv.cfg"; exit 0; fi
if [ "$1 $2" = "-m pip" ]; then
  echo "pip $$ $*" >> "$FAKE_PIP_CALLS"
  if [ -n "$FAKE_PIP_FAIL" ]; then echo "Collecting a==1.0"; echo "ERROR: THESE PACKAGES DO NOT MATCH THE HASHES"; exit 1; fi
  for p in a b c; do echo "Collecting $p==1.0 (from -r req.txt)"; echo "  Downloading $p-1.0-py3-none-any.whl (1 kB)"; sleep 0.3; done
  echo "Installing collected packages: a, b, c"; sleep 0.3
  venv=$(dirname "$(dirname "$0")"); printf '#!/bin/sh\\n' > "$venv/bin/litellm"; chmod +x "$venv/bin/litellm"
  echo "Successfully installed a-1.0 b-1.0 c-1.0"; exit 0
fi
exit 2
`;

function setUp() {
  const dir = tempDir("ccp-install-");
  const bin = join(dir, "bin");
  mkdirSync(bin);
  writeFileSync(join(bin, "python-fake"), FAKE_PYTHON);
  writeFileSync(join(bin, "uv"), "#!/bin/sh\nexit 1\n"); // this test drives the pip path, uv or not on the machine
  for (const file of ["python-fake", "uv"]) chmodSync(join(bin, file), 0o755);
  const script = join(dir, "install.mjs");
  writeFileSync(
    script,
    `const { ensureLitellm } = await import(${JSON.stringify(join(DIST, "litellm/install.js"))});
const { progressLine } = await import(${JSON.stringify(join(DIST, "process/progress.js"))});
const progress = progressLine({ label: "installing litellm", out: process.stderr, tty: false, plainEveryMs: 0 });
try {
  const result = await ensureLitellm({ progress, logFile: process.argv[2] });
  progress.stop();
  console.log(JSON.stringify(result));
} catch (error) {
  progress.stop();
  console.log(JSON.stringify({ error: error.message }));
}
`,
  );
  const env = { ...process.env, PATH: `${bin}:${process.env.PATH}`, CCPROXY_CACHE_DIR: join(dir, "cache"), CCPROXY_PYTHON: join(bin, "python-fake"), FAKE_PIP_CALLS: join(dir, "pip-calls") };
  const run = (logFile: string, extra: NodeJS.ProcessEnv = {}) => {
    const child = spawn(process.execPath, [script, logFile], { env: { ...env, ...extra }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (c: Buffer) => (stdout += c));
    child.stderr!.on("data", (c: Buffer) => (stderr += c));
    return once(child, "exit").then(() => ({ result: JSON.parse(stdout) as { installed?: boolean; venv?: string; error?: string }, stderr }));
  };
  return { dir, run, pipCalls: () => readFileSync(env.FAKE_PIP_CALLS, "utf8").trim().split("\n") };
}

describe("ensureLitellm in real processes", () => {
  it("two at once install once: the second waits, then finds the venv current", async () => {
    const { dir, run, pipCalls } = setUp();
    const [one, two] = await Promise.all([run(join(dir, "one.log")), run(join(dir, "two.log"))]);
    const installs = [one, two].filter((r) => r.result.installed);
    expect(installs).toHaveLength(1);
    expect([one, two].map((r) => r.result.installed).sort()).toEqual([false, true]);
    const [installer, waiter] = one.result.installed ? [one, two] : [two, one];
    expect(waiter.stderr).toContain("waiting for another ccproxy that is installing litellm");
    // pip ran twice (pip itself, then the lock), both times from one process
    const calls = pipCalls();
    expect(calls).toHaveLength(2);
    expect(new Set(calls.map((c) => c.split(" ")[1])).size).toBe(2); // two pip processes, one install
    expect(installer.stderr).toMatch(/installing litellm: downloading packages 1\/\d+ · \d+ s/);
    expect(installer.stderr).toMatch(/installing litellm: installing \d+ packages · \d+ s/);
    expect(installer.stderr).not.toContain("Downloading"); // pip's own lines go to the log, not the terminal
    const log = readFileSync(join(dir, one.result.installed ? "one.log" : "two.log"), "utf8");
    expect(log).toContain("Collecting a==1.0 (from -r req.txt)");
    expect(log).toContain("  Downloading b-1.0-py3-none-any.whl (1 kB)");
    expect(log).toContain("Successfully installed a-1.0 b-1.0 c-1.0");
    expect((await run(join(dir, "three.log"))).result.installed).toBe(false); // and later runs do nothing
  }, 60_000);

  it("a failing installer: its last lines and the log's path, in one error", async () => {
    const { dir, run } = setUp();
    const { result } = await run(join(dir, "fail.log"), { FAKE_PIP_FAIL: "1" });
    expect(result.error).toMatch(/-m pip install .* failed \(exit 1\); its last lines:\nCollecting a==1.0\nERROR: THESE PACKAGES DO NOT MATCH THE HASHES\nfull output: /);
    expect(result.error).toContain(join(dir, "fail.log"));
    expect(readFileSync(join(dir, "fail.log"), "utf8")).toContain("ERROR: THESE PACKAGES DO NOT MATCH THE HASHES");
  }, 30_000);
});
