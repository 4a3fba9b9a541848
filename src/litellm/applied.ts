// What LiteLLM runs, as opposed to what ccproxy.yaml says now. The hook server reloads rules on every save, but
// LiteLLM reads its model list (and the hook its settings) only when it starts: a rule routing to a target LiteLLM
// does not know yet would answer every matching request 400 "Invalid model name". So target changes wait for
// `ccproxy restart`: until then the hook server keeps the targets LiteLLM runs, turns off the rules that route to
// new ones, logs it, and its /health says a restart is due (`ccproxy status` shows it).
import { existsSync, readFileSync } from "node:fs";
import type { LoadedConfig } from "../config/load.js";
import { configFiles } from "../paths.js";
import { renderHookSettings, type HookTarget } from "./render-config.js";
import type { CompiledRule } from "../routing/rules/types.js";

/** Why: the generated hook settings LiteLLM's hook was started with: its text, and the targets and default in it. */
export interface Applied {
  text: string;
  targets: Record<string, HookTarget>;
  defaultLabel: string;
}

/** Why: the settings file `ccproxy start` wrote beside ccproxy.yaml before LiteLLM started (sync.ts). */
export function hookSettingsPath(loaded: Pick<LoadedConfig, "dir">): string {
  return configFiles(loaded.dir).hookSettings;
}

/**
 * Why: the baseline is the generated settings file when there is one (so a hook server restarted after an edit
 * still knows what LiteLLM runs), else what this config would generate (a hook server run on its own).
 */
export function readApplied(loaded: LoadedConfig, path = hookSettingsPath(loaded)): Applied {
  if (existsSync(path)) {
    try {
      return parseApplied(readFileSync(path, "utf8"));
    } catch {
      // unreadable or from an older ccproxy: fall through to this config's own
    }
  }
  return parseApplied(renderHookSettings(loaded));
}

function parseApplied(text: string): Applied {
  const json = JSON.parse(text) as { targets?: Record<string, HookTarget>; default_label?: string };
  if (typeof json.targets !== "object" || json.targets === null || typeof json.default_label !== "string") throw new Error("no targets");
  return { text, targets: json.targets, defaultLabel: json.default_label };
}

/** Why: one line per change that waits for a restart; empty when LiteLLM runs exactly what the config says. */
export function pendingChanges(applied: Applied, loaded: LoadedConfig): string[] {
  const wanted = renderHookSettings(loaded);
  if (wanted === applied.text) return [];
  const next = (JSON.parse(wanted) as { targets: Record<string, HookTarget> }).targets;
  const reasons: string[] = [];
  const added = Object.keys(next).filter((label) => !applied.targets[label]);
  const removed = Object.keys(applied.targets).filter((label) => !next[label]);
  const changed = Object.keys(next).filter((label) => applied.targets[label] && JSON.stringify(applied.targets[label]) !== JSON.stringify(next[label]));
  if (added.length) reasons.push(`new target${added.length > 1 ? "s" : ""} ${added.join(", ")}`);
  if (removed.length) reasons.push(`removed target${removed.length > 1 ? "s" : ""} ${removed.join(", ")}`);
  if (changed.length) reasons.push(`changed target${changed.length > 1 ? "s" : ""} ${changed.join(", ")} (model, api_base, api_key, forward_oauth or fallbacks)`);
  if (loaded.config.default.label !== applied.defaultLabel) reasons.push(`default.label ${applied.defaultLabel} → ${loaded.config.default.label}`);
  if (!reasons.length) reasons.push("proxy or hook settings changed");
  return reasons;
}

/**
 * Why: the config the hook server routes with until the restart: the new rules, but only the targets LiteLLM
 * runs (with the models it runs them with), the default it runs, and the rules to other targets turned off.
 */
export function restrictToApplied(loaded: LoadedConfig, applied: Applied): LoadedConfig {
  const running = new Set(Object.keys(applied.targets));
  const live = new Set([...loaded.labels].filter((label) => running.has(label)));
  const targets = Object.fromEntries(Object.entries(applied.targets).map(([label, t]) => [label, { model: t.model }]));
  const defaultLabel = applied.defaultLabel; // LiteLLM's claude-* entry and the hook's fail_open alias are bound to it
  return {
    ...loaded,
    labels: live,
    rules: loaded.rules.map((rule) => (rule.to !== null && !running.has(rule.to) ? waiting(rule) : rule)),
    config: { ...loaded.config, targets, default: { ...loaded.config.default, label: defaultLabel } },
  };
}

/** Why: a rule to a target LiteLLM does not run yet never matches; `route --explain` and /v1/stats stay truthful. */
function waiting(rule: CompiledRule): CompiledRule {
  const reason = `target ${rule.to} is not running yet: it takes effect after \`ccproxy restart\``;
  return { ...rule, test: () => ({ matched: false, reason }) };
}

/** Why: what `ccproxy hook-server` gives the service: the baseline read once, at the service's start. */
export function appliedView(first: LoadedConfig): { pending(loaded: LoadedConfig): string[]; restrict(loaded: LoadedConfig): LoadedConfig } {
  const applied = readApplied(first);
  return { pending: (loaded) => pendingChanges(applied, loaded), restrict: (loaded) => restrictToApplied(loaded, applied) };
}
