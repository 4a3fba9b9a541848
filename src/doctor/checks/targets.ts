// Each target as LiteLLM will use it: a provider it knows, the env vars its key needs, an api_base that answers.
import type { LoadedConfig } from "../../config/load.js";
import type { Check } from "../types.js";
import { tcpReachable } from "../tcp.js";
import { configOrSkip, isFinding, runnableOrSkip } from "./needs.js";
import { describeLifecycle, retiringTargets } from "../../models/retirements.js";

/** Why: a typo'd provider ("antropic/…") only shows up as an opaque 400 on the first request otherwise. */
export const targetProviders: Check = {
  id: "targets.providers",
  title: "target providers",
  timeoutMs: 65_000,
  async run(ctx) {
    const loaded = await configOrSkip(ctx);
    if (isFinding(loaded)) return loaded;
    const install = runnableOrSkip(ctx);
    if (isFinding(install)) return install;
    const known = await ctx.providers();
    const unknown: string[] = [];
    const bare: string[] = [];
    for (const [label, { model }] of Object.entries(loaded.config.targets)) {
      const slash = model.indexOf("/");
      if (slash < 0) bare.push(`${label} (${model})`);
      else if (!known.has(model.slice(0, slash))) unknown.push(`${label}: "${model.slice(0, slash)}"${suggest(model.slice(0, slash), known)}`);
    }
    if (unknown.length) return { status: "fail", cause: `not a LiteLLM provider: ${unknown.join(", ")}`, fix: "write targets.<label>.model as <provider>/<model>; providers: https://docs.litellm.ai/docs/providers" };
    if (bare.length) return { status: "warn", cause: `no provider prefix, LiteLLM guesses one: ${bare.join(", ")}`, fix: "write targets.<label>.model as <provider>/<model>, e.g. anthropic/claude-sonnet-5-5" };
    return { status: "ok", cause: `every target names one of LiteLLM's ${known.size} providers` };
  },
};

/** Why: a key LiteLLM reads from an unset variable fails each request with a 401 that names no variable. */
export const targetEnv: Check = {
  id: "targets.env",
  title: "environment variables",
  async run(ctx) {
    const loaded = await configOrSkip(ctx);
    if (isFinding(loaded)) return loaded;
    const refs = envReferences(loaded);
    const missing = [...refs].filter(([name]) => !process.env[name]);
    if (missing.length) {
      const cause = missing.map(([name, users]) => `${name} (for ${users.join(", ")})`).join(", ");
      return { status: "fail", cause: `not set: ${cause}`, fix: `export ${missing.map(([name]) => name).join(", ")} in the shell that runs \`ccproxy start\`, then restart it` };
    }
    return { status: "ok", cause: refs.size ? `set: ${[...refs.keys()].join(", ")}` : "ccproxy.yaml references no environment variables" };
  },
};

/** Why: names (never values) of every os.environ/VAR in ccproxy.yaml, with who uses each. */
export function envReferences(loaded: LoadedConfig): Map<string, string[]> {
  const refs = new Map<string, string[]>();
  const add = (ref: string | undefined, user: string) => {
    if (!ref?.startsWith("os.environ/")) return;
    const name = ref.slice("os.environ/".length);
    refs.set(name, [...(refs.get(name) ?? []), user]);
  };
  for (const [label, target] of Object.entries(loaded.config.targets)) add(target.api_key, label);
  add(loaded.config.proxy.master_key, "proxy.master_key");
  return refs;
}

/** Why: a wrong api_base otherwise surfaces as an opaque 500 ("Unexpected token <") from deep inside LiteLLM. */
export const targetApiBase: Check = {
  id: "targets.api_base",
  title: "api_base reachable",
  async run(ctx) {
    const loaded = await configOrSkip(ctx);
    if (isFinding(loaded)) return loaded;
    const bases = Object.entries(loaded.config.targets).filter(([, t]) => t.api_base).map(([label, t]) => [label, t.api_base!] as const);
    if (!bases.length) return { status: "ok", cause: "no api_base set (providers' own endpoints)" };
    const results = await Promise.all(bases.map(async ([label, base]) => ({ label, base, error: await tcpReachable(base) })));
    const down = results.filter((r) => r.error);
    if (down.length) {
      return { status: "warn", cause: down.map((r) => `${r.label}: ${r.base} ${r.error}`).join("; "), fix: "start that server, or correct targets.<label>.api_base in ccproxy.yaml" };
    }
    return { status: "ok", cause: `reachable: ${results.map((r) => r.base).join(", ")}` };
  },
};

function suggest(name: string, known: ReadonlySet<string>): string {
  let best: [string, number] | undefined;
  for (const candidate of known) {
    const d = distance(name, candidate);
    if (d <= 2 && (!best || d < best[1])) best = [candidate, d];
  }
  return best ? ` (did you mean "${best[0]}"?)` : "";
}

function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length]!;
}

/** Why: a retired model fails every request with a provider 404; a deprecated one is a date in the calendar. */
export const targetModels: Check = {
  id: "targets.models",
  title: "target models current",
  async run(ctx) {
    const loaded = await configOrSkip(ctx);
    if (isFinding(loaded)) return loaded;
    const found = retiringTargets(loaded.config.targets);
    const retired = found.filter((f) => f.lifecycle.state === "retired");
    const fix = "set targets.<label>.model in ccproxy.yaml to the replacement named, then `ccproxy restart`";
    if (retired.length) return { status: "fail", cause: found.map((f) => describeLifecycle(f.label, f.lifecycle)).join("; "), fix };
    if (found.length) return { status: "warn", cause: found.map((f) => describeLifecycle(f.label, f.lifecycle)).join("; "), fix };
    return { status: "ok", cause: "no target names a deprecated or retired Claude model" };
  },
};
