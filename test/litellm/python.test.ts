import { chmodSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test, vi } from "vitest";
import { candidateNames, findPython, inRange } from "../../src/litellm/python.js";
import { tempDir } from "../support/temp-dir.js";

/** A stand-in interpreter that reports the given version the way findPython asks for it. */
function fakePython(version: string, name = "python3", dir = tempDir("ccp-py-")): string {
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/sh\necho ${path}\necho ${version}\n`);
  chmodSync(path, 0o755);
  return path;
}

test("accepts a Python inside LiteLLM's range and reports its path and version", async () => {
  const path = fakePython("3.12.4");
  expect(await findPython(path)).toEqual({ path, version: "3.12.4" });
});

test.each(["3.9.18", "3.10.13", "3.14.0"])("refuses a --python %s outside the tested range, with the range and the fix", async (version) => {
  await expect(findPython(fakePython(version))).rejects.toMatchObject({
    message: expect.stringContaining(`is Python ${version}; the pinned LiteLLM needs Python >=3.11,<3.14`),
    hint: expect.stringContaining("--python"),
  });
});

test("a --python that does not run is a clear error", async () => {
  await expect(findPython("/nonexistent/python3")).rejects.toThrow("cannot run Python at /nonexistent/python3");
});

test("tries the versioned names after python3, newest first, and skips one that is too old", async () => {
  expect(candidateNames()).toEqual(["python3", "python3.13", "python3.12", "python3.11", "python"]);
  expect(["3.10.13", "3.11.7", "3.13.0", "3.14.0"].map(inRange)).toEqual([false, true, true, false]);
  const bin = tempDir("ccp-py-bin-");
  const tooOld = fakePython("3.10.13", "python3", bin);
  const good = fakePython("3.12.1", "python3.12", bin);
  vi.stubEnv("PATH", `${bin}:/usr/bin:/bin`);
  vi.stubEnv("CCPROXY_PYTHON", undefined);
  try {
    expect(tooOld).toContain("python3");
    expect(await findPython()).toEqual({ path: good, version: "3.12.1" });
  } finally {
    vi.unstubAllEnvs();
  }
});
