import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, expect, test } from "vitest";
import { findPython } from "../../src/litellm/python.js";

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A stand-in interpreter that reports the given version the way findPython asks for it. */
function fakePython(version: string): string {
  const dir = mkdtempSync("/tmp/ccp-py-");
  dirs.push(dir);
  const path = join(dir, "python3");
  writeFileSync(path, `#!/bin/sh\necho ${path}\necho ${version}\n`);
  chmodSync(path, 0o755);
  return path;
}

test("accepts a Python inside LiteLLM's range and reports its path and version", async () => {
  const path = fakePython("3.12.4");
  expect(await findPython(path)).toEqual({ path, version: "3.12.4" });
});

test.each(["3.9.18", "3.15.0"])("refuses Python %s with the range and the fix", async (version) => {
  await expect(findPython(fakePython(version))).rejects.toMatchObject({
    message: expect.stringContaining(`is Python ${version}; LiteLLM needs Python >=3.10,<3.15`),
    hint: expect.stringContaining("--python"),
  });
});

test("a --python that does not run is a clear error", async () => {
  await expect(findPython("/nonexistent/python3")).rejects.toThrow("cannot run Python at /nonexistent/python3");
});
