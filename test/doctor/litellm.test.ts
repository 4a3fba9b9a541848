// litellm.version, litellm.supply_chain and litellm.validate_config against fake venvs.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { litellmVersion, supplyChain } from "../../src/doctor/checks/litellm.js";
import { validateConfig } from "../../src/doctor/checks/validate-config.js";
import { litellmPin } from "../../src/litellm/pin.js";
import { check, cleanup, configDir, fakeVenv, type FakePython } from "./helpers.js";

let dir: string;
const temps: string[] = [];
beforeEach(async () => {
  dir = await configDir();
});
afterEach(() => {
  vi.unstubAllEnvs();
  cleanup(dir, ...temps.splice(0));
});

function venv(fake: Parameters<typeof fakeVenv>[0] = {}): string {
  const made = fakeVenv(fake);
  temps.push(made.cache);
  return made.venv;
}

it("litellm.version fails on another version and names both, and passes on the pin", async () => {
  const path = venv({ litellm: "1.90.0" });
  const other = await check(dir, litellmVersion);
  expect(other.status).toBe("fail");
  expect(other.cause).toBe(`LiteLLM 1.90.0 in ${join(path, "bin", "python")}; ccproxy pins ${litellmPin()}`);
  expect(other.fix).toBe(`delete the venv and reinstall: rm -rf ${path} && ccproxy init`);
  venv();
  expect(await check(dir, litellmVersion)).toMatchObject({ status: "ok", cause: `LiteLLM ${litellmPin()} (the pin) on Python 3.11.7` });
});

it("litellm.version fails when that Python has no LiteLLM at all", async () => {
  const path = venv({ litellm: null });
  expect(await check(dir, litellmVersion)).toMatchObject({ status: "fail", cause: `LiteLLM is not installed in the environment of ${join(path, "bin", "python")}` });
});

it.each(["1.82.7", "1.82.8", "1.107.0"])("litellm.supply_chain fails on the known-bad %s and says to rotate credentials", async (bad) => {
  venv({ litellm: bad });
  const result = await check(dir, supplyChain);
  expect(result.status).toBe("fail");
  expect(result.cause).toBe(`LiteLLM ${bad} is a known-malicious release: assume your credentials are stolen`);
  expect(result.fix).toMatch(/^rotate every API key and cloud credential/);
});

it("litellm.supply_chain fails on a litellm_init.pth in any site-packages, and passes once it is gone", async () => {
  const sitePackages = [join(dir, "sp-a"), join(dir, "sp-b")];
  for (const sp of sitePackages) mkdirSync(sp);
  const pth = join(sitePackages[1]!, "litellm_init.pth");
  writeFileSync(pth, "import os\n");
  venv({ sitePackages } satisfies FakePython);
  const found = await check(dir, supplyChain);
  expect(found.status).toBe("fail");
  expect(found.cause).toContain(`${pth} exists (dropped by the malicious 1.82.8; runs on every Python start)`);
  expect(found.fix).toMatch(/rotate/);
  rmSync(pth);
  expect(await check(dir, supplyChain)).toMatchObject({ status: "ok", cause: "no known-bad release, no litellm_init.pth in 2 site-packages folders" });
});

it("litellm.validate_config reports LiteLLM's own error line, and passes when LiteLLM accepts the config", async () => {
  venv({ validate: { exitCode: 1, say: "LiteLLM: config validation failed: '(' was never closed (ccproxy_hook.py, line 555)" } });
  const broken = await check(dir, validateConfig);
  expect(broken).toMatchObject({ status: "fail", cause: "LiteLLM: config validation failed: '(' was never closed (ccproxy_hook.py, line 555)" });
  expect(broken.fix).toMatch(/ccproxy init --force/);
  venv();
  expect(await check(dir, validateConfig)).toMatchObject({ status: "ok", cause: "LiteLLM: config OK (6 models)" });
});

it("checks that need LiteLLM skip, naming litellm.venv, when it is not installed", async () => {
  rmSync(venv(), { recursive: true });
  for (const c of [litellmVersion, supplyChain, validateConfig]) {
    expect(await check(dir, c)).toMatchObject({ status: "skip", cause: "LiteLLM is not installed (see litellm.venv)" });
  }
});
