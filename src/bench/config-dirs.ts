// The bench's LiteLLM config dirs: one generated with our hook, one identical but without the callback, and a stock one.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { parse, stringify } from "yaml";
import { syncConfigDir } from "../init/sync.js";
import { configFiles, templatesDir } from "../paths.js";

/** Why: LiteLLM reads the mock's key from the environment, as it would a real provider key. */
export const BENCH_KEY_ENV = "CCPROXY_BENCH_KEY";

/** Why: the alias the bench sends; it exists in both configs, so the body is byte-identical for all targets. */
export const BENCH_MODEL = "ccproxy-default";

/** Why: the shipped template (its real rules) with every target pointed at the bench's mock provider. */
export function benchRoutingYaml(mockUrl: string, port: number): string {
  const doc = parse(readFileSync(`${templatesDir}/ccproxy.yaml`, "utf8")) as Record<string, any>;
  doc.proxy = { ...doc.proxy, port };
  for (const target of Object.values(doc.targets as Record<string, Record<string, string>>)) {
    target.api_base = mockUrl;
    target.api_key = `os.environ/${BENCH_KEY_ENV}`;
  }
  return stringify(doc);
}

/** Why: the baseline is LiteLLM exactly as configured for ccproxy, minus `callbacks`, so the difference is the hook. */
export function withoutHook(litellmConfigYaml: string): string {
  const doc = parse(litellmConfigYaml) as { litellm_settings?: Record<string, unknown> };
  delete doc.litellm_settings?.callbacks;
  return stringify(doc, { lineWidth: 0 });
}

/** Why: the stock baseline: the same model_list and master key, and nothing else of ccproxy's: LiteLLM's defaults. */
export function stockConfig(litellmConfigYaml: string): string {
  const doc = parse(litellmConfigYaml) as { model_list: unknown; general_settings: { master_key: unknown } };
  return stringify({ model_list: doc.model_list, general_settings: { master_key: doc.general_settings.master_key } }, { lineWidth: 0 });
}

/** Why: short /tmp paths keep the hook's Unix socket path under the 108-byte limit. */
export async function makeConfigDirs(mockUrl: string, hookPort: number): Promise<{ hookDir: string; plainDir: string; stockDir: string; remove(): void }> {
  const [hookDir, plainDir, stockDir] = [mkdtempSync("/tmp/ccpb-"), mkdtempSync("/tmp/ccpb-"), mkdtempSync("/tmp/ccpb-")];
  const remove = () => [hookDir, plainDir, stockDir].forEach((dir) => rmSync(dir, { recursive: true, force: true }));
  try {
    writeFileSync(configFiles(hookDir).routing, benchRoutingYaml(mockUrl, hookPort), { mode: 0o600 });
    await syncConfigDir(hookDir);
    const generated = readFileSync(configFiles(hookDir).litellmConfig, "utf8");
    writeFileSync(configFiles(plainDir).litellmConfig, withoutHook(generated), { mode: 0o600 });
    writeFileSync(configFiles(stockDir).litellmConfig, stockConfig(generated), { mode: 0o600 });
  } catch (error) {
    remove();
    throw error;
  }
  return { hookDir, plainDir, stockDir, remove };
}
