// The Python hook as shipped in templates/: the ccproxy_hook.py shim LiteLLM loads, and the package beside it.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { hookPackageName, hookShimName, templatesDir } from "../paths.js";
import type { GeneratedFile } from "./managed-files.js";

/** Why: `init` writes these files and `doctor` compares a config dir with them; names are relative to the config dir. */
export function hookFiles(): { shim: GeneratedFile; modules: GeneratedFile[] } {
  const packageDir = join(templatesDir, hookPackageName);
  const modules = readdirSync(packageDir)
    .filter((name) => name.endsWith(".py")) // never __pycache__, which Python writes beside the sources
    .sort()
    .map((name) => ({ name: `${hookPackageName}/${name}`, content: readFileSync(join(packageDir, name), "utf8") }));
  return { shim: { name: hookShimName, content: readFileSync(join(templatesDir, hookShimName), "utf8") }, modules };
}
