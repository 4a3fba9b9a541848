// doctor against the real managed LiteLLM: --validate_config (which imports our hook) and litellm.provider_list.
import { appendFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { targetProviders } from "../../src/doctor/checks/targets.js";
import { validateConfig } from "../../src/doctor/checks/validate-config.js";
import { managedInstallIsCurrent } from "../../src/litellm/install.js";
import { syncConfigDir } from "../../src/init/sync.js";
import { check, configDir, editRouting } from "./helpers.js";

describe.skipIf(!managedInstallIsCurrent())("with the managed LiteLLM venv", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await configDir();
  });

  it("litellm.validate_config passes on a fresh config, and fails with LiteLLM's message when the hook does not import", async () => {
    expect(await check(dir, validateConfig)).toMatchObject({ status: "ok", cause: "LiteLLM: config OK (6 models)" });
    appendFileSync(join(dir, "ccproxy_hook.py"), "\nthis is not python(\n");
    const broken = await check(dir, validateConfig);
    expect(broken.status).toBe("fail");
    expect(broken.cause).toMatch(/^LiteLLM: config validation failed: '\(' was never closed \(ccproxy_hook\.py, line \d+\)$/);
    await syncConfigDir(dir, { force: true });
  });

  it("targets.providers asks LiteLLM's own provider list", async () => {
    editRouting(dir, (t) => t.replace("model: anthropic/claude-opus-5-5", "model: antropic/claude-opus-5-5"));
    expect(await check(dir, targetProviders)).toMatchObject({ status: "fail", cause: 'not a LiteLLM provider: think: "antropic" (did you mean "anthropic"?)' });
    editRouting(dir, (t) => t.replace("antropic/", "anthropic/"));
    const fixed = await check(dir, targetProviders);
    expect(fixed.status).toBe("ok");
    expect(fixed.cause).toMatch(/^every target names one of LiteLLM's \d{3} providers$/);
  });
});
