// ccproxy.yaml and the files generated from it: valid, and what LiteLLM reads is what ccproxy.yaml says.
import { existsSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { ConfigError } from "../../config/issues.js";
import { digest, readManifest } from "../../init/managed-files.js";
import { renderHookSettings, renderLitellmConfig } from "../../litellm/render-config.js";
import { templatesDir } from "../../paths.js";
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
    return drift(ctx, [
      [ctx.files.litellmConfig, renderLitellmConfig(loaded)],
      [ctx.files.hookSettings, renderHookSettings(loaded)],
    ]);
  },
};

/** Why: a hook from another ccproxy version (or edited by hand) may speak another protocol or fail to import. */
export const hookTemplate: Check = {
  id: "hook.template",
  title: "hook module",
  async run(ctx) {
    return drift(ctx, [[ctx.files.hookModule, readFileSync(join(templatesDir, "ccproxy_hook.py"), "utf8")]]);
  },
};

type Drift = "missing" | "stale" | "edited";

/** Why: the manifest tells "we wrote an older version" (start fixes it) from "you edited it" (kept until init --force). */
function drift(ctx: DoctorContext, expected: [path: string, content: string][]): Finding {
  const manifest = readManifest(ctx.dir);
  const found: [string, Drift][] = [];
  for (const [path, content] of expected) {
    if (!existsSync(path)) found.push([basename(path), "missing"]);
    else {
      const current = readFileSync(path, "utf8");
      if (current !== content) found.push([basename(path), manifest[basename(path)] === digest(current) ? "stale" : "edited"]);
    }
  }
  const names = expected.map(([path]) => basename(path)).join(" and ");
  if (!found.length) return { status: "ok", cause: `${names} match${expected.length === 1 ? "es" : ""} what this ccproxy generates` };
  const says: Record<Drift, string> = { missing: "is missing", stale: "is out of date (written from an older ccproxy.yaml or ccproxy version)", edited: "was edited by hand (kept until `ccproxy init --force`)" };
  const cause = found.map(([name, kind]) => `${name} ${says[kind]}`).join("; ");
  const kinds = new Set(found.map(([, kind]) => kind));
  if (kinds.has("missing")) return { status: "fail", cause, fix: "run `ccproxy init`" };
  const restart = ctx.running() ? "`ccproxy restart`" : "`ccproxy start`";
  const fix = kinds.has("edited")
    ? "`ccproxy init --force` regenerates it (your version is saved as .bak); make lasting changes in ccproxy.yaml"
    : `${restart} regenerates it (or \`ccproxy init\` now)`;
  return { status: "warn", cause, fix };
}
