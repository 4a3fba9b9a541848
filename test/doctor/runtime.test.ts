// node.version, python.found, litellm.venv against missing and wrong installs.
import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { litellmVenv, nodeVersion, pythonFound } from "../../src/doctor/checks/runtime.js";
import { check, configDir, fakeVenv, writeFakePython } from "./helpers.js";
import { tempDir } from "../support/temp-dir.js";

let dir: string;
beforeEach(async () => {
  dir = await configDir();
});
afterEach(() => vi.unstubAllEnvs());

it("node.version passes on this Node and names the requirement", async () => {
  const result = await check(dir, nodeVersion);
  expect(result).toMatchObject({ status: "ok", cause: `Node.js ${process.versions.node} (needs >=20.19)` });
});

it("python.found fails on a Python LiteLLM does not support, and passes on a supported one", async () => {
  const bin = tempDir("ccpd-py-");
  vi.stubEnv("CCPROXY_PYTHON", writeFakePython(join(bin, "python3"), { version: "3.8.10" }));
  const old = await check(dir, pythonFound);
  expect(old.status).toBe("fail");
  expect(old.cause).toBe(`${join(bin, "python3")} is Python 3.8.10; the pinned LiteLLM needs Python >=3.11,<3.14`);
  expect(old.fix).toMatch(/install Python 3\.11–3\.13/);
  writeFakePython(join(bin, "python3"), { version: "3.12.4" });
  expect(await check(dir, pythonFound)).toMatchObject({ status: "ok", cause: `Python 3.12.4 at ${join(bin, "python3")}` });
});

it("litellm.venv fails without the managed venv and passes once it exists", async () => {
  const { venv } = fakeVenv();
  rmSync(venv, { recursive: true });
  const missing = await check(dir, litellmVenv);
  expect(missing).toMatchObject({ status: "fail", fix: "run `ccproxy init` (installs the pinned LiteLLM)" });
  expect(missing.cause).toContain(`no managed LiteLLM venv at ${venv}`);
  fakeVenv();
  const present = await check(dir, litellmVenv);
  expect(present.status).toBe("ok");
  expect(present.cause).toMatch(/^managed venv \/tmp\/ccpd-cache-/);
});

it("litellm.venv reports a user's own LiteLLM that is not executable", async () => {
  vi.stubEnv("CCPROXY_LITELLM", join(dir, "no-such-litellm"));
  expect(await check(dir, litellmVenv)).toMatchObject({ status: "fail", cause: `${join(dir, "no-such-litellm")} is not an executable file` });
});
