// The CLI entry: declares each command and its options; an action imports its command module only when it runs, so
// `ccproxy hook-server` (a supervised child) never loads doctor, the supervisor or the bench.
import chalk from "chalk";
import { Command, Option } from "commander";
import { DEFAULT_CONNECTIONS, type RawBenchOptions } from "./bench/options.js";
import { action, exitCodeOf, usageErrors } from "./cli/handle-errors.js";
import { count, parseBy, parsePort, parseSinceOption, positiveInt, withConfigDir, withStateDir, workersOption } from "./cli/options.js";
import type { DoctorFlags } from "./commands/doctor.js";
import type { HookServerFlags } from "./commands/hook-server.js";
import type { InitFlags } from "./commands/init.js";
import type { LogsFlags } from "./commands/logs.js";
import type { RestartFlags } from "./commands/restart.js";
import type { RouteOptions } from "./commands/route.js";
import type { RunFlags } from "./commands/run.js";
import type { StartFlags } from "./commands/start.js";
import type { StatuslineFlags } from "./commands/statusline.js";
import type { UsageFlags } from "./commands/usage.js";
import { DEFAULT_GRACE_MS } from "./process/terminate.js";
import { CALL_TYPES } from "./routing/types.js";
import { GROUP_BY } from "./usage/aggregate.js";
import { DEFAULT_SINCE } from "./usage/since.js";
import { version } from "./version.js";

type DirFlags = { configDir?: string };

/** Why: NO_COLOR (any non-empty value, no-color.org) and --no-color turn chalk's colours off for the whole run. */
function noColor(color: unknown): void {
  if (color === false || process.env.NO_COLOR) chalk.level = 0;
}

/** Why: builds the program without running it, so tests can drive it. */
export function createProgram(): Command {
  const program = new Command("ccproxy")
    .description("Route Claude Code (and any Anthropic/OpenAI client) to the right model, via LiteLLM")
    .version(version, "-V, --version")
    .option("--no-color", "no colours in the output (also env NO_COLOR)")
    .enablePositionalOptions() // `ccproxy start -v` is start's --verbose; `ccproxy run claude --model x` reaches claude
    .hook("preAction", (_program, actionCommand) => noColor(actionCommand.opts().color ?? program.opts().color));
  const command = (name: string, options?: { hidden?: boolean }) =>
    withConfigDir(program.command(name, options)).option("--no-color", "no colours in the output (also env NO_COLOR)");
  const withState = (name: string, options?: { hidden?: boolean }) => withStateDir(command(name, options));

  command("init")
    .description("write ccproxy.yaml, LiteLLM's config.yaml and the hook, and install the pinned LiteLLM")
    .option("--force", "replace files you edited (a .bak copy is kept)")
    .option("--python <path>", "Python interpreter for the managed virtualenv (3.10–3.14)")
    .option("--litellm <path>", "use this existing `litellm` executable instead of the managed virtualenv")
    .option("--no-install", "write the files only; do not install LiteLLM")
    .option("--prune", "also remove managed LiteLLM virtualenvs of older pins from the cache dir")
    .option("-q, --quiet", "print only errors and the final line")
    .option("-v, --verbose", "stream the installer's full output (it always goes to a log file)")
    .action(action(async (flags: InitFlags) => (await import("./commands/init.js")).runInit(flags)));
  command("route")
    .description("show how a request body would be routed: label, target model, matched rule and why")
    .argument("<request.json>", "a request body as a client sends it (or a hook summary with v: 1)")
    .option("--config <file>", "routing config (default: <config dir>/ccproxy.yaml, else the built-in template)")
    .option("--call-type <type>", `${CALL_TYPES.join(" | ")} or a LiteLLM name / URL path (default: inferred from the body)`)
    .option("--explain", "print every rule's verdict")
    .option("--json", "print one JSON object")
    .action(action(async (file: string, flags: RouteOptions) => (await import("./commands/route.js")).runRoute(file, flags)));
  withState("hook-server", { hidden: true }) // a supervised child of `start`, not a command people type
    .description("run the routing hook server in the foreground (ccproxy start runs it for you)")
    .option("--config <file>", "routing config (default <config dir>/ccproxy.yaml)")
    .addOption(new Option("--socket <path>", "listen on this Unix socket (default: hook.socket, else <config dir>/hook.sock)").conflicts("port"))
    .addOption(new Option("--port <n>", "listen on 127.0.0.1:<n> instead (default: hook.port)").argParser(parsePort))
    .action(action(async (flags: HookServerFlags) => (await import("./commands/hook-server.js")).runHookServer(flags)));
  command("start")
    .description("start the hook server and LiteLLM, supervised (restarted when they crash)")
    .option("--port <n>", "LiteLLM port (default: proxy.port in ccproxy.yaml, 4000)", positiveInt)
    .option("--host <addr>", "LiteLLM listen address (default: proxy.host in ccproxy.yaml, 127.0.0.1)")
    .option("--workers <n|auto>", "LiteLLM worker processes; auto: one per core, at most 4 (default: 1)", workersOption)
    .option("--grace <s>", "seconds open requests may take to finish on stop, before SIGKILL", positiveInt, DEFAULT_GRACE_MS / 1000)
    .option("--detach", "run in the background (logs in <config dir>/logs, state in state.json)")
    .option("--allow-remote", "allow a listen address reachable from the network (clients must send the master key)")
    .option("-q, --quiet", "print only errors and the ready lines (no install or start-up progress)")
    .option("-v, --verbose", "stream the installer's output and pass LiteLLM's detailed debug log through")
    .addOption(new Option("--supervise-detached").hideHelp())
    .action(action(async (flags: StartFlags) => (await import("./commands/start.js")).runStart(flags)));
  command("stop")
    .description("stop a running ccproxy (graceful, then forced)")
    .action(action(async (flags: DirFlags) => (await import("./commands/stop.js")).runStop(flags)));
  command("restart")
    .description("stop ccproxy and start it again in the background (keeps its host, port and workers)")
    .option("--port <n>", "LiteLLM port (default: the running one's, else ccproxy.yaml's)")
    .option("--host <addr>", "LiteLLM listen address (default: the running one's, else ccproxy.yaml's)")
    .option("--workers <n|auto>", "LiteLLM worker processes (default: the running one's)", workersOption)
    .option("--allow-remote", "allow a listen address reachable from the network (default: kept when the running one listens off loopback)")
    .option("-q, --quiet", "print only errors, warnings and the ready lines")
    .option("-v, --verbose", "pass LiteLLM's detailed debug log through (to its log)")
    .action(action(async (flags: RestartFlags) => (await import("./commands/restart.js")).runRestart(flags)));
  command("status")
    .description("show whether ccproxy runs, its children's health, its routing decisions and usage per label (exit 1 when not running or unhealthy)")
    .option("--json", "machine-readable output")
    .action(action(async (flags: DirFlags & { json?: boolean }) => (await import("./commands/status.js")).runStatus(flags)));
  withState("usage")
    .description("requests, tokens and cost of the recorded requests, per label, model, rule, Claude Code session or day")
    .option("--since <when>", `how far back: 30m, 24h, 7d, 2w, a date (2026-11-01) or an ISO time (default ${DEFAULT_SINCE})`, parseSinceOption)
    .option("--by <key>", `group by ${GROUP_BY.join(" | ")} (default label)`, parseBy)
    .option("--json", "machine-readable output (stable field names and order)")
    .option("--local", "a cluster replica: this replica's own records only, not the totals in Redis")
    .action(action(async (flags: UsageFlags) => (await import("./commands/usage.js")).runUsage(flags)));
  withState("statusline")
    .description("one line for Claude Code's statusLine setting: this session's last label and model, and its cost so far")
    .action(action(async (flags: StatuslineFlags) => (await import("./commands/statusline.js")).runStatusline(flags)));
  command("logs")
    .description("show the logs of a detached ccproxy (supervisor, hook server and LiteLLM)")
    .option("-f, --follow", "keep printing new lines until Ctrl-C")
    .option("-n, --lines <n>", "how many of the last lines to show", count, 50)
    .addOption(new Option("--hook", "only the hook server's log").conflicts("litellm"))
    .option("--litellm", "only LiteLLM's log")
    .action(action(async (flags: LogsFlags) => (await import("./commands/logs.js")).runLogs(flags)));
  command("run")
    .description("run a command (e.g. `claude`) against ccproxy, starting it in the background if needed")
    .usage("[options] <command> [its arguments…]")
    .argument("<command>", "the command to run, e.g. claude")
    .argument("[args...]", "its arguments, passed through untouched (options included: `ccproxy run claude --model x`)")
    .option("--subscription", "keep the client's Claude subscription login: set only ANTHROPIC_BASE_URL (the default when the shell has no provider key ccproxy.yaml references)")
    .option("-q, --quiet", "when ccproxy has to start first: print only errors and warnings")
    .passThroughOptions()
    .action(action(async (file: string, args: string[], flags: RunFlags) => (await import("./commands/run.js")).runCommand([file, ...args], flags)));
  command("bench")
    .description("measure the latency LiteLLM and the ccproxy hook add, against a local mock provider (or any --url)")
    .option("--rps <n>", "fixed request rate (autocannon overallRate)", "100")
    .option("--duration <time>", "measured time per target, split over the rounds (30s, 2m, 500ms)", "30s")
    .option("--connections <n>", "concurrent connections", String(DEFAULT_CONNECTIONS))
    .option("--body <name|file>", "small | claude-code (~76 KB) | large (~600 KB) | a JSON body file", "claude-code")
    .option("--stream", "send stream: true and also report time to first byte")
    .option("--upstream-latency <ms>", "the mock provider's added latency", "0")
    .option("--upstream-chunk-delay <ms>", "with --stream: the mock's pause between stream events (a provider writes them over time)", "0")
    .option("--url <url>", "drive this running proxy instead (one target, no baseline)")
    .option("--model <name>", "with --url: the model to send (default: the body's)")
    .option("--api-key <key>", "with --url: sent as Authorization: Bearer and x-api-key (env CCPROXY_BENCH_API_KEY)")
    .option("--json", "print every figure, the options and the machine as one JSON document on stdout (progress on stderr)")
    .option("--out <file>", "write that JSON document to this file")
    .option("--max-p99-overhead-ms <ms>", "fail (exit 1) when the hook's p99 overhead is above this", "2")
    .option("--workers <n|auto>", "LiteLLM worker processes (every LiteLLM; auto: one per core, at most 4)", "1")
    .option("--no-stock", "leave out the stock LiteLLM baseline (same model_list, LiteLLM's defaults)")
    .option("--max-hook-p99-ms <ms>", "fail (exit 1) when the hook's own p99 (inside LiteLLM, from its histograms) is above this")
    .option("--rounds <n>", "interleaved rounds per target", "3")
    .option("--find-max-rate", "first step the rate up to the highest the hook's LiteLLM sustains, then measure there")
    .action(action(async (flags: RawBenchOptions & DirFlags) => (await import("./commands/bench.js")).runBenchCommand(flags)));
  command("doctor")
    .description("check the install, the config and the running proxy; one line of cause and fix per problem (exit 1 when a check fails)")
    .option("--json", "machine-readable output")
    .option("--live", "also send one tiny real request per label through the running proxy (costs a little money)")
    .action(action(async (flags: DoctorFlags) => (await import("./commands/doctor.js")).runDoctorCommand(flags)));
  program
    .command("completion")
    .description("print a shell completion script: source <(ccproxy completion bash)")
    .argument("<shell>", "bash | zsh | fish")
    .action(action(async (shell: string) => (await import("./commands/completion.js")).runCompletion(shell, program)));
  for (const each of [program, ...program.commands]) each.exitOverride(usageErrors(each)).configureOutput({ outputError: () => {} });
  return program;
}

/** Why: bin/ccproxy calls this with process.argv; parse errors end here, as usage errors (exit 2). */
export async function main(argv: string[]): Promise<void> {
  noColor(undefined);
  try {
    await createProgram().parseAsync(argv);
  } catch (error) {
    process.exitCode = exitCodeOf(error);
  }
}
