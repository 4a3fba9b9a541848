import { chmodSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeEach, describe, expect, test } from "vitest";
import { parse } from "yaml";
import { runInit } from "../../src/commands/init.js";
import { syncConfigDir } from "../../src/init/sync.js";
import { digest, readManifest } from "../../src/init/managed-files.js";
import { configFiles, templatesDir } from "../../src/paths.js";
import { tempDir } from "../support/temp-dir.js";

let dir: string;
beforeEach(() => {
  dir = join(tempDir("ccp-init-"), "cfg");
});

const outcomes = (report: { file: string; outcome: string }[]) =>
  Object.fromEntries(report.map(({ file, outcome }) => [file.slice(dir.length + 1), outcome]));

describe("syncConfigDir", () => {
  test("a fresh dir gets every file, private", async () => {
    const { report } = await syncConfigDir(dir);
    expect(outcomes(report)).toEqual({
      "ccproxy.yaml": "created",
      "master.key": "created",
      "hook.secret": "created",
      "config.yaml": "created",
      "ccproxy_hook.py": "created",
      "ccproxy_hook_pkg": "created",
      "ccproxy_hook.json": "created",
    });
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    for (const { file } of report) expect(statSync(file).mode & 0o777, file).toBe(statSync(file).isDirectory() ? 0o700 : 0o600);
    expect(readFileSync(configFiles(dir).masterKey, "utf8")).toMatch(/^sk-[0-9a-f]{64}\n$/);
    expect(readFileSync(configFiles(dir).hookSecret, "utf8")).toMatch(/^[0-9a-f]{64}\n$/);
    expect(readFileSync(configFiles(dir).hookModule, "utf8")).toBe(readFileSync(join(templatesDir, "ccproxy_hook.py"), "utf8"));
    const modules = readdirSync(join(templatesDir, "ccproxy_hook_pkg")).filter((name) => name.endsWith(".py"));
    expect(readdirSync(configFiles(dir).hookPackage).sort()).toEqual(modules.sort());
    for (const name of modules) {
      const path = join(configFiles(dir).hookPackage, name);
      expect(readFileSync(path, "utf8"), name).toBe(readFileSync(join(templatesDir, "ccproxy_hook_pkg", name), "utf8"));
      expect(statSync(path).mode & 0o777, name).toBe(0o600);
    }
  });

  test("a second run changes nothing, and tightens loose permissions of the dir", async () => {
    await syncConfigDir(dir);
    const key = readFileSync(configFiles(dir).masterKey, "utf8");
    chmodSync(dir, 0o755);
    const { report } = await syncConfigDir(dir);
    expect(new Set(report.map((r) => r.outcome))).toEqual(new Set(["unchanged"]));
    expect(readFileSync(configFiles(dir).masterKey, "utf8")).toBe(key);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
  });

  test("LiteLLM's config follows ccproxy.yaml: one alias per label, keys as env references, our callback", async () => {
    await syncConfigDir(dir);
    const routing = configFiles(dir).routing;
    writeFileSync(routing, readFileSync(routing, "utf8").replace("anthropic/claude-haiku-5-5", "openai/gpt-5-mini"));
    const { report } = await syncConfigDir(dir);
    expect(outcomes(report)["config.yaml"]).toBe("updated");
    const litellm = parse(readFileSync(configFiles(dir).litellmConfig, "utf8"));
    const byName = Object.fromEntries(litellm.model_list.map((m: any) => [m.model_name, m.litellm_params]));
    expect(byName["ccproxy-background"]).toEqual({ model: "openai/gpt-5-mini", api_key: "os.environ/ANTHROPIC_API_KEY", api_base: "https://api.openai.com/v1" });
    expect(Object.keys(byName)).toEqual(
      expect.arrayContaining(["ccproxy-default", "ccproxy-think", "ccproxy-long_context", "ccproxy-web_search", "claude-*"]),
    );
    expect(byName["claude-*"].model).toBe("anthropic/claude-*");
    expect(litellm.litellm_settings.callbacks).toEqual(["ccproxy_hook.handler"]);
    expect(litellm.general_settings.master_key).toBe("os.environ/LITELLM_MASTER_KEY");
    const hook = JSON.parse(readFileSync(configFiles(dir).hookSettings, "utf8"));
    expect(hook).toMatchObject({ protocol: 1, socket: join(dir, "hook.sock"), on_failure: "fail_open", default_alias: "ccproxy-default" });
  });

  test("no catch-all entry: Claude ids resolve through default's provider, and every Anthropic/OpenAI target names its endpoint", async () => {
    await syncConfigDir(dir);
    const models = parse(readFileSync(configFiles(dir).litellmConfig, "utf8")).model_list as { model_name: string; litellm_params: Record<string, string> }[];
    expect(models.map((m) => m.model_name)).not.toContain("*");
    expect(models.find((m) => m.model_name === "claude-*")?.litellm_params).toEqual({ model: "anthropic/claude-*", api_key: "os.environ/ANTHROPIC_API_KEY", api_base: "https://api.anthropic.com" });
    for (const m of models) expect(m.litellm_params.api_base, m.model_name).toBe("https://api.anthropic.com");
    const routing = configFiles(dir).routing;
    writeFileSync(routing, readFileSync(routing, "utf8").replace("model: anthropic/claude-haiku-5-5", "model: openai/gpt-5-mini"));
    await syncConfigDir(dir);
    const after = parse(readFileSync(configFiles(dir).litellmConfig, "utf8")).model_list as { model_name: string; litellm_params: Record<string, string> }[];
    expect(after.find((m) => m.model_name === "ccproxy-background")?.litellm_params.api_base).toBe("https://api.openai.com/v1");
  });

  test("hand edits of a generated file are kept, and replaced (with a .bak) only with force", async () => {
    await syncConfigDir(dir);
    const generated = configFiles(dir).litellmConfig;
    writeFileSync(generated, `${readFileSync(generated, "utf8")}# my note\n`);
    expect(outcomes((await syncConfigDir(dir)).report)["config.yaml"]).toBe("kept-user-edits");
    expect(readFileSync(generated, "utf8")).toContain("# my note");
    expect(outcomes((await syncConfigDir(dir, { force: true })).report)["config.yaml"]).toBe("replaced-user-edits");
    expect(readFileSync(generated, "utf8")).not.toContain("# my note");
    expect(readFileSync(`${generated}.bak`, "utf8")).toContain("# my note");
  });

  test("the hook (shim and package) is one unit: an older version is updated, a hand edit to one module keeps all of it", async () => {
    await syncConfigDir(dir);
    const handler = join(configFiles(dir).hookPackage, "handler.py");
    const settings = join(configFiles(dir).hookPackage, "settings.py");
    const shipped = readFileSync(handler, "utf8");
    olderVersionWritten(dir, "ccproxy_hook_pkg/settings.py", "# an older release\n");
    expect(outcomes((await syncConfigDir(dir)).report)["ccproxy_hook_pkg"]).toBe("updated");
    expect(readFileSync(settings, "utf8")).not.toContain("an older release");
    olderVersionWritten(dir, "ccproxy_hook_pkg/settings.py", "# an older release\n");
    writeFileSync(handler, `${shipped}# my tweak\n`);
    const kept = outcomes((await syncConfigDir(dir)).report);
    expect([kept["ccproxy_hook_pkg"], kept["ccproxy_hook.py"]]).toEqual(["kept-user-edits", "unchanged"]);
    expect(readFileSync(settings, "utf8")).toContain("an older release"); // not mixed with this version's modules
    expect(outcomes((await syncConfigDir(dir, { force: true })).report)["ccproxy_hook_pkg"]).toBe("replaced-user-edits");
    expect(readFileSync(handler, "utf8")).toBe(shipped);
    expect(readFileSync(`${handler}.bak`, "utf8")).toContain("# my tweak");
  });

  test("a module this version no longer ships is removed, and one the user added is left alone", async () => {
    await syncConfigDir(dir);
    olderVersionWritten(dir, "ccproxy_hook_pkg/retired.py", "# gone in this release\n");
    writeFileSync(join(configFiles(dir).hookPackage, "mine.py"), "# the user's own\n");
    expect(outcomes((await syncConfigDir(dir)).report)["ccproxy_hook_pkg"]).toBe("updated");
    expect(existsSync(join(configFiles(dir).hookPackage, "retired.py"))).toBe(false);
    expect(readManifest(dir)).not.toHaveProperty("ccproxy_hook_pkg/retired.py");
    expect(existsSync(join(configFiles(dir).hookPackage, "mine.py"))).toBe(true);
  });

  test("an invalid ccproxy.yaml stops the sync before any generated file is written", async () => {
    await syncConfigDir(dir);
    const before = readFileSync(configFiles(dir).litellmConfig, "utf8");
    writeFileSync(configFiles(dir).routing, "version: 1\ntargets: {}\nrules: [{name: x, kind: nope, to: y}]\n");
    await expect(syncConfigDir(dir)).rejects.toThrow(/rules\[0\]/);
    expect(readFileSync(configFiles(dir).litellmConfig, "utf8")).toBe(before);
  });

  test("a master key named in ccproxy.yaml means no generated key file", async () => {
    await syncConfigDir(dir);
    rmSync(configFiles(dir).masterKey);
    const routing = configFiles(dir).routing;
    writeFileSync(routing, readFileSync(routing, "utf8").replace("# master_key: os.environ/LITELLM_MASTER_KEY", "master_key: os.environ/MY_KEY"));
    await syncConfigDir(dir);
    expect(existsSync(configFiles(dir).masterKey)).toBe(false);
    expect(parse(readFileSync(configFiles(dir).litellmConfig, "utf8")).general_settings.master_key).toBe("os.environ/MY_KEY");
  });
});

/** A file as an older ccproxy would have left it: written by us, so recorded in the manifest. */
function olderVersionWritten(dir: string, name: string, content: string): void {
  writeFileSync(join(dir, name), content);
  writeFileSync(join(dir, ".ccproxy-generated.json"), JSON.stringify({ ...readManifest(dir), [name]: digest(content) }));
}

describe("ccproxy init", () => {
  test("says so when a second run has nothing to do", async () => {
    const lines: string[] = [];
    await runInit({ configDir: dir, install: false }, (line) => lines.push(line));
    expect(lines.at(-1)).toContain("ready");
    lines.length = 0;
    await runInit({ configDir: dir, install: false }, (line) => lines.push(line));
    expect(lines.at(-1)).toBe("nothing to do: everything is up to date");
  });

  test("--litellm PATH must be an executable", async () => {
    await expect(runInit({ configDir: dir, install: false, litellm: "/nonexistent/litellm" }, () => {})).rejects.toThrow(
      /not an executable file/,
    );
  });
});
