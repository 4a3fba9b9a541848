// litellm.version, litellm.supply_chain and litellm.validate_config against fake venvs.
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { litellmVersion, supplyChain } from "../../src/doctor/checks/litellm.js";
import { targetProviders } from "../../src/doctor/checks/targets.js";
import { validateConfig } from "../../src/doctor/checks/validate-config.js";
import { litellmPin } from "../../src/litellm/pin.js";
import { check, configDir, fakeVenv } from "./helpers.js";

let dir: string;
beforeEach(async () => {
  dir = await configDir();
});
afterEach(() => vi.unstubAllEnvs());

function venv(fake: Parameters<typeof fakeVenv>[0] = {}): string {
  return fakeVenv(fake).venv;
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
  expect(result.cause).toMatch(new RegExp(`^LiteLLM ${bad.replace(/\./g, "\\.")} is a known-malicious release \\(.*litellm-${bad.replace(/\./g, "\\.")}\\.dist-info\\): assume your credentials are stolen$`));
  expect(result.fix).toMatch(/^rotate every API key and cloud credential/);
});

it("litellm.supply_chain fails on a litellm_init.pth, never runs that Python, and passes once it is gone", async () => {
  const path = venv();
  const site = join(path, "lib", "python3.11", "site-packages");
  const pth = join(site, "litellm_init.pth");
  writeFileSync(pth, "import os\n");
  const found = await check(dir, supplyChain);
  expect(found.status).toBe("fail");
  expect(found.cause).toContain(`${pth} exists (dropped by the malicious 1.82.8; runs on every Python start)`);
  expect(found.fix).toMatch(/rotate/);
  // Every check that would start LiteLLM's Python skips instead: starting it would run the .pth.
  for (const c of [litellmVersion, validateConfig, targetProviders]) {
    expect(await check(dir, c)).toMatchObject({ status: "skip", cause: "not run: LiteLLM's environment shows signs of compromise (see litellm.supply_chain)" });
  }
  expect(existsSync(join(path, "bin", "ran"))).toBe(false);
  rmSync(pth);
  expect(await check(dir, supplyChain)).toMatchObject({ status: "ok", cause: "no known-bad release and no indicator in 1 site-packages folder (read as files; nothing run)" });
});

it("litellm.supply_chain looks at content: startup code that decodes or runs things, and the stealer's hosts", async () => {
  const path = venv();
  const site = join(path, "lib", "python3.11", "site-packages");
  writeFileSync(join(site, "distutils-precedence.pth"), "import os; var = 'SETUPTOOLS_USE_DISTUTILS'; enabled = os.environ.get(var, 'local') == 'local'; enabled and __import__('_distutils_hack').add_shim(); \n");
  writeFileSync(join(site, "paths.pth"), "/opt/lib\n# exec( in a comment is no code\n");
  expect((await check(dir, supplyChain)).status).toBe("ok"); // the .pth files every venv has are fine
  const innocent = join(site, "zz_telemetry.pth");
  writeFileSync(innocent, "import base64; exec(base64.b64decode('cHJpbnQoMSk='))\n");
  const odd = await check(dir, supplyChain);
  expect(odd).toMatchObject({ status: "warn", cause: `${innocent} runs code on every Python start ("base64"); doctor did not run that Python` });
  writeFileSync(innocent, "import os\n");
  mkdirSync(join(site, "litellm", "proxy"), { recursive: true });
  writeFileSync(join(site, "litellm", "proxy", "proxy_server.py"), "x = 1\nURL = 'https://models.litellm.cloud/'\n");
  const ioc = await check(dir, supplyChain);
  expect(ioc.status).toBe("fail");
  expect(ioc.cause).toContain("proxy_server.py names models.litellm.cloud");
  expect(existsSync(join(path, "bin", "ran"))).toBe(false);
});

it("litellm.supply_chain reads the base interpreter's site-packages when the venv includes them, and the user's persistence files", async () => {
  const path = venv();
  const base = join(dir, "base");
  mkdirSync(join(base, "bin"), { recursive: true });
  mkdirSync(join(base, "lib", "python3.11", "site-packages"), { recursive: true });
  writeFileSync(join(path, "pyvenv.cfg"), `home = ${join(base, "bin")}\ninclude-system-site-packages = true\n`);
  const pth = join(base, "lib", "python3.11", "site-packages", "litellm_init.pth");
  writeFileSync(pth, "import os\n");
  const home = join(dir, "home");
  mkdirSync(join(home, ".config", "sysmon"), { recursive: true });
  vi.stubEnv("HOME", home);
  const found = await check(dir, supplyChain);
  expect(found.status).toBe("fail");
  expect(found.cause).toContain(`${pth} exists`);
  rmSync(pth);
  writeFileSync(join(home, ".config", "sysmon", "sysmon.py"), "");
  expect((await check(dir, supplyChain)).cause).toContain(`${join(home, ".config", "sysmon", "sysmon.py")} exists (persistence of the 2026 LiteLLM credential stealer)`);
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
