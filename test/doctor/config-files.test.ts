// config.valid, config.sync and hook.template against broken, stale and hand-edited config dirs.
import { appendFileSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeEach, expect, it } from "vitest";
import { configSync, configValid, hookTemplate } from "../../src/doctor/checks/config-files.js";
import { digest, readManifest } from "../../src/init/managed-files.js";
import { syncConfigDir } from "../../src/init/sync.js";
import { check, configDir, editRouting } from "./helpers.js";

let dir: string;
beforeEach(async () => {
  dir = await configDir();
});

it("config.valid gives start's message for a broken ccproxy.yaml, with its line, and passes when fixed", async () => {
  editRouting(dir, (t) => t.replace("  default:\n    model: anthropic/claude-sonnet-5-5", "  default:\n    modle: anthropic/claude-sonnet-5-5"));
  const broken = await check(dir, configValid);
  expect(broken.status).toBe("fail");
  expect(broken.cause).toMatch(/^line \d+: targets\.default\.model: required \(string\) \(and 1 more; `ccproxy start` lists them all\)$/);
  expect(broken.fix).toBe(`edit ${join(dir, "ccproxy.yaml")}: fix the lines above; \`ccproxy route --explain <request.json>\` shows how a request would be routed`);
  editRouting(dir, (t) => t.replace("modle:", "model:"));
  expect(await check(dir, configValid)).toMatchObject({ status: "ok", cause: "valid: 5 targets, 4 rules" });
});

it("config.valid fails when there is no ccproxy.yaml, and config.sync skips", async () => {
  rmSync(join(dir, "ccproxy.yaml"));
  expect(await check(dir, configValid)).toMatchObject({ status: "fail", cause: `${join(dir, "ccproxy.yaml")} does not exist`, fix: "run `ccproxy init`" });
  expect(await check(dir, configSync)).toMatchObject({ status: "skip", cause: "ccproxy.yaml does not load (see config.valid)" });
});

it("config.sync warns when ccproxy.yaml changed since config.yaml was written, and passes after a sync", async () => {
  editRouting(dir, (t) => t.replace("model: anthropic/claude-haiku-5-5", "model: anthropic/claude-3-5-haiku-latest"));
  const stale = await check(dir, configSync);
  // a target's model is in both: LiteLLM's model_list, and the hook's per-target settings (API, URL, output limit)
  expect(stale).toMatchObject({ status: "warn", cause: "config.yaml, ccproxy_hook.json are out of date (written from an older ccproxy.yaml or ccproxy version)" });
  expect(stale.fix).toMatch(/^`ccproxy start` regenerates/);
  await syncConfigDir(dir);
  expect(await check(dir, configSync)).toMatchObject({ status: "ok", cause: "config.yaml and ccproxy_hook.json match what this ccproxy generates" });
});

it("config.sync tells a hand edit apart from a stale file, and fails on a missing one", async () => {
  appendFileSync(join(dir, "config.yaml"), "# my tweak\n");
  const edited = await check(dir, configSync);
  expect(edited).toMatchObject({ status: "warn", cause: "config.yaml was edited by hand (kept until `ccproxy init --force`)" });
  expect(edited.fix).toMatch(/ccproxy init --force/);
  rmSync(join(dir, "ccproxy_hook.json"));
  const missing = await check(dir, configSync);
  expect(missing).toMatchObject({ status: "fail", fix: "run `ccproxy init`" });
  expect(missing.cause).toContain("ccproxy_hook.json is missing");
});

it("hook.template warns on a hook that differs from this version's template, and passes when restored", async () => {
  const path = join(dir, "ccproxy_hook.py");
  const original = readFileSync(path, "utf8");
  writeFileSync(path, `${original}\nraise ImportError("broken")\n`);
  const edited = await check(dir, hookTemplate);
  expect(edited).toMatchObject({ status: "warn", cause: "ccproxy_hook.py was edited by hand (kept until `ccproxy init --force`)" });
  writeFileSync(path, original);
  expect(await check(dir, hookTemplate)).toMatchObject({ status: "ok", cause: "ccproxy_hook.py and ccproxy_hook_pkg/ match what this ccproxy generates" });
});

it("hook.template names a hand-edited or missing module of the hook's package", async () => {
  const handler = join(dir, "ccproxy_hook_pkg", "handler.py");
  appendFileSync(handler, "# my tweak\n");
  expect(await check(dir, hookTemplate)).toMatchObject({
    status: "warn",
    cause: "ccproxy_hook_pkg/handler.py was edited by hand (kept until `ccproxy init --force`)",
    fix: expect.stringMatching(/^`ccproxy init --force` regenerates it/),
  });
  rmSync(join(dir, "ccproxy_hook_pkg", "summary.py"));
  expect(await check(dir, hookTemplate)).toMatchObject({
    status: "fail",
    cause: "ccproxy_hook_pkg/handler.py was edited by hand (kept until `ccproxy init --force`); ccproxy_hook_pkg/summary.py is missing",
    fix: "`ccproxy init --force` writes them all (your edited files are saved as .bak)",
  });
  await syncConfigDir(dir, { force: true });
  expect((await check(dir, hookTemplate)).status).toBe("ok");
});

it("hook.template fails when the package folder is gone, and says which modules an older ccproxy left", async () => {
  const modules = readdirSync(join(dir, "ccproxy_hook_pkg"));
  rmSync(join(dir, "ccproxy_hook_pkg"), { recursive: true });
  expect(await check(dir, hookTemplate)).toMatchObject({ status: "fail", cause: "ccproxy_hook_pkg/ is missing", fix: "run `ccproxy init`" });
  await syncConfigDir(dir);
  const manifest = readManifest(dir);
  for (const name of modules) {
    writeFileSync(join(dir, "ccproxy_hook_pkg", name), `# ${name} from an older ccproxy\n`);
    manifest[`ccproxy_hook_pkg/${name}`] = digest(`# ${name} from an older ccproxy\n`);
  }
  writeFileSync(join(dir, ".ccproxy-generated.json"), JSON.stringify(manifest));
  const stale = await check(dir, hookTemplate);
  expect(stale).toMatchObject({ status: "warn", fix: "`ccproxy start` regenerates it (or `ccproxy init` now)" });
  const [first, second, third] = [...modules].sort().map((name) => `ccproxy_hook_pkg/${name}`);
  expect(first).toBe("ccproxy_hook_pkg/__init__.py");
  expect(stale.cause).toBe(
    `${first}, ${second}, ${third} and ${modules.length - 3} more are out of date (written from an older ccproxy.yaml or ccproxy version)`,
  );
});
