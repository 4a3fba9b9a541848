// `ccproxy route <request.json>`: which label, model and rule a request would get, and why.
import chalk from "chalk";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { EXIT } from "../cli/handle-errors.js";
import { chainsFor, type Chains } from "../config/fallbacks.js";
import { forwardsOAuth } from "../oauth/forward.js";
import { loadConfig, type LoadedConfig } from "../config/load.js";
import { CliError } from "../errors.js";
import { configFiles, resolveConfigDir, templatesDir } from "../paths.js";
import { normalizeCallType } from "../routing/call-type.js";
import { explain, type RuleVerdict } from "../routing/decide.js";
import { decideInTwoSteps } from "../routing/two-step.js";
import { inferCallType } from "../routing/infer.js";
import { summarize } from "../routing/summary.js";
import { estimateTokens } from "../routing/tokens.js";
import { CALL_TYPES, type CallType, type NeedText, type RouteDecision, type RouteSummary } from "../routing/types.js";

/** Why: typed options, so tests call runRoute() directly with the same shape commander produces. */
export interface RouteOptions {
  config?: string;
  configDir?: string;
  callType?: string;
  explain?: boolean;
  json?: boolean;
}

type Io = { out: (s: string) => void; err: (s: string) => void };
const stdio: Io = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) };

/** Why: the programmatic form of `ccproxy route`; returns the exit code. */
export async function runRoute(file: string, options: RouteOptions, io: Io = stdio): Promise<number> {
  const body = await readJson(file);
  const loaded = await resolveConfig(options, io);
  let verdicts: RuleVerdict[] = [];
  const ask = (asked: RouteSummary) => {
    const explained = explain(asked, loaded);
    verdicts = explained.verdicts; // the last round's, as printed
    return explained.decision;
  };
  const { decision, summary } = await decideInTwoSteps((text) => toSummary(body, options.callType, text), ask);
  const chains = "need" in decision ? undefined : chainsFor(loaded.config.targets, decision.label, forwardsOAuth);
  if (options.json) {
    const result = "need" in decision ? { need: "text" } : { ...decision };
    io.out(JSON.stringify(options.explain ? { ...result, ...(chains ? { chains } : {}), call_type: summary.call_type, verdicts } : result) + "\n");
    return EXIT.ok;
  }
  if (options.explain) io.out(explainText(summary, verdicts));
  io.out(decisionText(decision));
  if (chains && (options.explain || chains.fallbacks.length || chains.context_window_fallbacks.length)) io.out(chainText(chains));
  return EXIT.ok;
}

async function readJson(file: string): Promise<unknown> {
  const hint = "pass a JSON request body as a client POSTs it, e.g. to /v1/messages";
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { hint });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliError(`${file} is not valid JSON: ${(error as Error).message}`, { hint });
  }
}

async function resolveConfig(options: RouteOptions, io: Io): Promise<LoadedConfig> {
  const inDir = configFiles(resolveConfigDir(options.configDir)).routing;
  const [path, source] = options.config
    ? [options.config, "--config"]
    : existsSync(inDir)
      ? [inDir, "config dir"]
      : [join(templatesDir, "ccproxy.yaml"), "built-in template; run `ccproxy init` to get your own"];
  const loaded = await loadConfig(path);
  io.err(chalk.dim(`config: ${loaded.path} (${source})\n`));
  return loaded;
}

function toSummary(body: unknown, flag: string | undefined, text: boolean): RouteSummary {
  const b = body as Partial<RouteSummary> | null;
  if (!flag && b && b.v === 1 && typeof b.bytes === "object" && typeof b.call_type === "string") return b as RouteSummary;
  const callType = flag ? (CALL_TYPES.includes(flag as CallType) ? (flag as CallType) : normalizeCallType(flag)) : inferCallType(body);
  if (flag && callType === "other" && flag !== "other") {
    throw new CliError(`unknown call type "${flag}"`, { exitCode: EXIT.usage, hint: `use one of ${CALL_TYPES.join(", ")}, a LiteLLM name (acompletion, …) or a path (/v1/messages)` });
  }
  return summarize(body, callType, { text });
}

const MARK: Record<RuleVerdict["verdict"], string> = {
  matched: chalk.green("✓"), "not matched": chalk.red("✗"), skipped: chalk.dim("–"), "needs text": chalk.yellow("?"), "not reached": chalk.dim("·"),
};

function explainText(summary: RouteSummary, verdicts: RuleVerdict[]): string {
  const tokens = `~${estimateTokens(summary.bytes).toLocaleString("en-US")} estimated tokens`;
  const lines = [`call type ${summary.call_type}, model ${summary.model || "(none)"}, ${tokens}`, "rules (first match wins):"];
  if (!verdicts.length) lines.push("  (no rules)");
  const target = (v: RuleVerdict) => `${v.kind}${v.to ? ` → ${v.to}` : ""}`;
  const width = Math.max(0, ...verdicts.map((v) => v.rule.length));
  const width2 = Math.max(0, ...verdicts.map((v) => target(v).length));
  for (const v of verdicts) lines.push(`  ${MARK[v.verdict]} ${v.rule.padEnd(width)}  ${chalk.dim(target(v).padEnd(width2))}  ${v.verdict}: ${v.reason}`);
  return lines.join("\n") + "\n\n";
}

function decisionText(d: RouteDecision | NeedText): string {
  if ("need" in d) return `${chalk.yellow("needs text")}: the token estimate is too close to a threshold; pass the request body, not a summary\n`;
  return [
    `label   ${chalk.bold(d.label)}`,
    `model   ${d.model} ${chalk.dim(`(alias ${d.alias})`)}`,
    `rule    ${d.rule ?? chalk.dim("(none: default)")}`,
    `reason  ${d.reason}`,
  ].join("\n") + "\n";
}

/** Why: the targets that serve the request, in order, if its own fails; OAuth requests skip targets without forward_oauth. */
function chainText(chains: Chains): string {
  const list = (labels: string[]) => (labels.length ? labels.join(" → ") : chalk.dim("(none: the error goes to the client)"));
  const lines = [`fallback ${list(chains.fallbacks)}`];
  if (chains.context_window_fallbacks.join() !== chains.fallbacks.join()) lines.push(`  prompt too long for the model: ${list(chains.context_window_fallbacks)}`);
  if (chains.oauth_fallbacks.join() !== chains.fallbacks.join()) lines.push(`  Claude subscription (OAuth) requests: ${list(chains.oauth_fallbacks)}`);
  return lines.join("\n") + "\n";
}
