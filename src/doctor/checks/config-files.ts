// ccproxy.yaml and the files generated from it: valid, and what LiteLLM reads is what ccproxy.yaml says.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { ConfigError } from "../../config/issues.js";
import { hookFiles } from "../../init/hook-files.js";
import { digest, readManifest, type GeneratedFile } from "../../init/managed-files.js";
import { renderHookSettings, renderLitellmConfig } from "../../litellm/render-config.js";
import type { Check, DoctorContext, Finding } from "../types.js";
import { configOrSkip, isFinding } from "./needs.js";

/** Why: the same loader, and so the same messages, as `ccproxy start`. */
export const configValid: Check = {
  id: "config.valid",
  title: "ccproxy.yaml",
  async run(ctx) {
    if (!existsSync(ctx.files.routing)) return { status: "fail", cause: `${ctx.files.routing} does not exist`, fix: "run `ccproxy init`" };
    try {
      const loaded = await ctx.config();
      return { status: "ok", cause: `valid: ${loaded.labels.size} targets, ${loaded.rules.length} rules` };
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      const [first] = error.issues;
      const where = first ? `${first.line ? `line ${first.line}: ` : ""}${first.path ? `${first.path}: ` : ""}${first.message}` : error.message;
      const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more; \`ccproxy start\` lists them all)` : "";
      return { status: "fail", cause: `${where}${more}`, fix: `edit ${ctx.files.routing}: ${error.hint ?? "fix the line above"}` };
    }
  },
};

/** Why: LiteLLM reads config.yaml and the hook reads ccproxy_hook.json; stale or hand-edited copies route differently. */
export const configSync: Check = {
  id: "config.sync",
  title: "generated config",
  async run(ctx) {
    const loaded = await configOrSkip(ctx);
    if (isFinding(loaded)) return loaded;
    const generated = [
      { name: relative(ctx.dir, ctx.files.litellmConfig), content: renderLitellmConfig(loaded) },
      { name: relative(ctx.dir, ctx.files.hookSettings), content: renderHookSettings(loaded) },
    ];
    return drift(ctx, generated, generated.map((file) => file.name).join(" and "));
  },
};

/** Why: a hook from another ccproxy version (or edited by hand, or with a module missing) may speak another protocol or fail to import. */
export const hookTemplate: Check = {
  id: "hook.template",
  title: "hook module",
  async run(ctx) {
    const { shim, modules } = hookFiles();
    return drift(ctx, [shim, ...modules], `${shim.name} and ${relative(ctx.dir, ctx.files.hookPackage)}/`, { writtenTogether: true });
  },
};

type Drift = "missing" | "stale" | "edited";

/**
 * Why: the manifest tells "we wrote an older version" (start fixes it) from "you edited it" (kept until init --force).
 * Files `writtenTogether` (the hook) are kept as a whole while one is edited, so a missing one then needs --force.
 */
function drift(ctx: DoctorContext, expected: GeneratedFile[], label: string, options: { writtenTogether?: boolean } = {}): Finding {
  const manifest = readManifest(ctx.dir);
  const found = new Map<string, Drift>();
  for (const { name, content } of expected) {
    const path = join(ctx.dir, name);
    const folder = dirname(name);
    if (folder !== "." && !existsSync(join(ctx.dir, folder))) found.set(`${folder}/`, "missing");
    else if (!existsSync(path)) found.set(name, "missing");
    else {
      const current = readFileSync(path, "utf8");
      if (current !== content) found.set(name, manifest[name] === digest(current) ? "stale" : "edited");
    }
  }
  if (!found.size) return { status: "ok", cause: `${label} match what this ccproxy generates` };
  const kinds = new Set(found.values());
  const cause = [...kinds].map((kind) => describe([...found].filter(([, k]) => k === kind).map(([name]) => name), kind)).join("; ");
  if (kinds.has("missing")) {
    const needsForce = options.writtenTogether && kinds.has("edited");
    const fix = needsForce ? "`ccproxy init --force` writes them all (your edited files are saved as .bak)" : "run `ccproxy init`";
    return { status: "fail", cause, fix };
  }
  const restart = ctx.running() ? "`ccproxy restart`" : "`ccproxy start`";
  const fix = kinds.has("edited")
    ? "`ccproxy init --force` regenerates it (your version is saved as .bak); make lasting changes in ccproxy.yaml"
    : `${restart} regenerates it (or \`ccproxy init\` now)`;
  return { status: "warn", cause, fix };
}

const SAYS: Record<Drift, [one: string, many: string]> = {
  missing: ["is missing", "are missing"],
  stale: ["is out of date", "are out of date"],
  edited: ["was edited by hand", "were edited by hand"],
};
const WHY: Record<Drift, string> = {
  missing: "",
  stale: " (written from an older ccproxy.yaml or ccproxy version)",
  edited: " (kept until `ccproxy init --force`)",
};

/** Why: a ccproxy upgrade leaves every hook module out of date at once; one clause per kind keeps the line readable. */
function describe(names: string[], kind: Drift): string {
  const listed = names.length > 3 ? `${names.slice(0, 3).join(", ")} and ${names.length - 3} more` : names.join(", ");
  return `${listed} ${SAYS[kind][names.length === 1 ? 0 : 1]}${WHY[kind]}`;
}
