// Brings a config dir in line with its ccproxy.yaml: the routing file, LiteLLM's config, the hook and its settings.
import { copyFileSync, existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { loadConfig, type LoadedConfig } from "../config/load.js";
import { renderHookSettings, renderLitellmConfig } from "../litellm/render-config.js";
import { configFiles, hookPackageName, templatesDir } from "../paths.js";
import { hookFiles } from "./hook-files.js";
import { ensurePrivateDir, writeGenerated, writeGeneratedGroup, writeSecret, type WriteOutcome } from "./managed-files.js";
import { ensureHookSecret } from "./hook-secret.js";
import { ensureMasterKey } from "./master-key.js";

/** Why: `init` prints it and `start` logs it; each entry says what happened to one file. */
export type SyncReport = { file: string; outcome: WriteOutcome }[];

/** Why: the routing template users start from; ccproxy.yaml is the one file they edit. */
export const routingTemplate = join(templatesDir, "ccproxy.yaml");

/** Why: writes ccproxy.yaml once, then regenerates what derives from it; `force` replaces user edits. The loaded
 * config comes back too, so a caller (`start`) need not load it again. */
export async function syncConfigDir(dir: string, options: { force?: boolean } = {}): Promise<{ report: SyncReport; loaded: LoadedConfig }> {
  const files = configFiles(dir);
  const force = options.force ?? false;
  ensurePrivateDir(dir);
  const report: SyncReport = [{ file: files.routing, outcome: writeRoutingFile(files.routing, force) }];
  const loaded = await loadConfig(files.routing);
  if (!loaded.config.proxy.master_key) report.push({ file: files.masterKey, outcome: ensureMasterKey(files.masterKey) });
  report.push({ file: files.hookSecret, outcome: ensureHookSecret(files.hookSecret) });
  const { shim, modules } = hookFiles();
  const hook = writeGeneratedGroup(dir, [shim, ...modules], force, hookPackageName);
  report.push(
    { file: files.litellmConfig, outcome: writeGenerated(files.litellmConfig, renderLitellmConfig(loaded), force) },
    { file: files.hookModule, outcome: hook.get(shim.name) ?? "unchanged" },
    { file: files.hookPackage, outcome: folderOutcome([...hook].filter(([name]) => name !== shim.name).map(([, outcome]) => outcome)) },
    { file: files.hookSettings, outcome: writeGenerated(files.hookSettings, renderHookSettings(loaded), force) },
  );
  return { report, loaded };
}

/** Why: `init` reports the hook's package as one line: what happened to the folder as a whole. */
function folderOutcome(outcomes: WriteOutcome[]): WriteOutcome {
  for (const decisive of ["replaced-user-edits", "kept-user-edits"] as const) if (outcomes.includes(decisive)) return decisive;
  if (outcomes.every((outcome) => outcome === "unchanged")) return "unchanged";
  return outcomes.every((outcome) => outcome === "created") ? "created" : "updated";
}

function writeRoutingFile(path: string, force: boolean): WriteOutcome {
  const template = readFileSync(routingTemplate, "utf8");
  if (!existsSync(path)) {
    writeSecret(path, template);
    return "created";
  }
  if (readFileSync(path, "utf8") === template) return "unchanged";
  if (!force) return "unchanged";
  copyFileSync(path, `${path}.bak`);
  writeSecret(path, template);
  return "replaced-user-edits";
}
