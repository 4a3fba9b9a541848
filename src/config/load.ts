// Loads ccproxy.yaml: parse (with line numbers), validate, check labels, compile rules. All or nothing.
import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { LineCounter, parseDocument } from "yaml";
import type { CompiledRule } from "../routing/rules/types.js";
import { aliasFor } from "./aliases.js";
import { DEFAULT_HOOK_SOCKET } from "./hook-address.js";
import { compileRules } from "./compile-rules.js";
import { fallbackProblems, hasFallbacks } from "./fallbacks.js";
import { ConfigError, formatPath, fromZod, lineOf, type Issue, type Segment } from "./issues.js";
import { configSchema, LABEL, SECTIONS, type Config } from "./schema.js";
import { apiProblem, globalChatSwitch, type WireTarget } from "../providers/wire-api.js";

/** Why: everything the hook server, `ccproxy route` and the LiteLLM config generator need, checked. */
export interface LoadedConfig {
  /** Absolute path of the YAML file. */
  path: string;
  /** Its folder: relative paths in the file (hook socket, custom modules) resolve against it. */
  dir: string;
  config: Config;
  /** Compiled rules in file order; custom modules already loaded. */
  rules: CompiledRule[];
  /** The target labels. */
  labels: ReadonlySet<string>;
  /** Files this config was built from (the YAML and custom modules), for hot reload. */
  files: string[];
  loadedAt: Date;
  /** The LiteLLM model_list alias of a label. */
  aliasFor(label: string): string;
}

/** Why: the CLI and hook server load by path; a missing or unreadable file is a ConfigError too. */
export async function loadConfig(path: string): Promise<LoadedConfig> {
  const file = resolve(path);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new ConfigError(file, [{ path: "", message: `cannot read the file: ${(error as Error).message}` }]);
  }
  return loadConfigText(text, file);
}

/** Why: the same pipeline from a string, so tests need no files (custom modules resolve against dirname(path)). */
export async function loadConfigText(text: string, path: string): Promise<LoadedConfig> {
  const file = resolve(path);
  const dir = dirname(file);
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter });
  if (doc.errors.length) {
    throw new ConfigError(file, doc.errors.map((e) => ({ path: "", line: e.linePos?.[0].line, message: `YAML syntax: ${e.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "")}` })));
  }
  const issues: Issue[] = [];
  const report = (p: Segment[], message: string) => issues.push({ path: formatPath(p), line: lineOf(doc, counter, p), message });
  const data: unknown = doc.toJS();
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    throw new ConfigError(file, [{ path: "", line: 1, message: "expected a mapping with version, targets, rules, default" }]);
  }
  const raw = data as Record<string, unknown>;
  const parsed = configSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) for (const i of parsed.error.issues) { const p = fromZod(i, [], allowedKeys); report(p.path, p.message); }

  const targets = typeof raw.targets === "object" && raw.targets !== null ? Object.keys(raw.targets) : [];
  const labels = new Set(targets);
  for (const label of targets) if (!LABEL.test(label)) report(["targets", label], `label "${label}" may use letters, digits, "_", "-", "." and must start with a letter or digit`);
  if (raw.targets !== undefined && targets.length === 0) report(["targets"], "define at least one target");
  for (const label of targets) {
    const target = (raw.targets as Record<string, { model?: unknown; forward_oauth?: unknown }>)[label];
    if (target?.forward_oauth === true && typeof target.model === "string" && !target.model.startsWith("anthropic/")) {
      report(["targets", label, "forward_oauth"], "only anthropic/ targets can take a Claude subscription token; remove forward_oauth here");
    }
  }
  const wire = Object.fromEntries(targets.flatMap((label) => {
    const target = wireTarget((raw.targets as Record<string, unknown>)[label]);
    return target ? [[label, target] as const] : [];
  }));
  for (const [label, target] of Object.entries(wire)) {
    const problem = apiProblem(target);
    if (problem) report(["targets", label, "api"], problem);
  }
  const conflict = globalChatSwitch(wire).conflict;
  if (conflict) report(["targets"], conflict);
  if (typeof raw.targets === "object" && raw.targets !== null) {
    for (const p of fallbackProblems(raw.targets as Record<string, unknown>)) report(p.path, p.message);
    const cooldown = (raw.proxy as { cooldown_s?: unknown } | undefined)?.cooldown_s;
    if (typeof cooldown === "number" && cooldown > 0 && !hasFallbacks(raw.targets as Record<string, object>)) {
      report(["proxy", "cooldown_s"], "cooldowns need fallbacks: with one deployment per label a cooled-down target would answer every request 429; name fallbacks on a target, or remove cooldown_s");
    }
  }
  const rawDefault = (raw.default ?? {}) as { label?: unknown };
  const defaultLabel = rawDefault.label ?? "default";
  if (typeof defaultLabel === "string" && !labels.has(defaultLabel)) {
    report(["default", "label"], `"${defaultLabel}" is not a target; defined targets: ${targets.join(", ") || "(none)"}`);
  }
  const hook = raw.hook as Record<string, unknown> | undefined;
  if (hook?.socket !== undefined && hook?.port !== undefined) report(["hook"], "set either socket or port, not both");

  const { rules, problems } = await compileRules(raw.rules, labels, dir);
  for (const p of problems) report(p.path, p.message);
  if (issues.length || !parsed.success) throw new ConfigError(file, issues.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)));

  const { hook: h, ...rest } = parsed.data;
  const config: Config = {
    ...rest,
    hook: { timeout_ms: h.timeout_ms, count_timeout_ms: h.count_timeout_ms, on_failure: h.on_failure, ...(h.port !== undefined ? { port: h.port } : { socket: resolve(dir, h.socket ?? DEFAULT_HOOK_SOCKET) }) },
  };
  const files = [file, ...rules.flatMap((r) => r.files ?? [])];
  return { path: file, dir, config, rules, labels, files, loadedAt: new Date(), aliasFor };
}

/** A target well-formed enough to ask which wire API it uses (zod reports the rest). */
function wireTarget(value: unknown): WireTarget | undefined {
  const t = value as { model?: unknown; api?: unknown; api_base?: unknown } | undefined;
  if (typeof t?.model !== "string" || (t.api !== undefined && t.api !== "chat" && t.api !== "responses")) return undefined;
  return { model: t.model, ...(typeof t.api_base === "string" ? { api_base: t.api_base } : {}), ...(t.api ? { api: t.api } : {}) };
}

function allowedKeys(path: Segment[]): string[] | undefined {
  const [section, key] = path;
  if (path.length === 0) return Object.keys(SECTIONS);
  if (section === "targets" && key !== undefined) return ["model", "api_base", "api_key", "forward_oauth", "api", "fallbacks", "context_window_fallbacks"];
  const schema = SECTIONS[section as keyof typeof SECTIONS] as unknown as { def?: { innerType?: { shape?: object } } };
  const shape = schema.def?.innerType?.shape;
  return shape ? Object.keys(shape) : undefined;
}
