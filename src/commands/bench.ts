// `ccproxy bench`: what routing costs, measured side by side (mock direct, LiteLLM, LiteLLM + hook).
import type { Command } from "commander";
import { action } from "../cli/handle-errors.js";
import { withConfigDir } from "../cli/options.js";
import { CliError } from "../errors.js";
import { locateLitellm } from "../litellm/locate.js";
import { resolveConfigDir } from "../paths.js";
import { DEFAULT_CONNECTIONS, parseBenchOptions, type RawBenchOptions } from "../bench/options.js";

/** Why: registers `ccproxy bench` on the program (see src/cli.ts). */
export function register(program: Command): void {
  withConfigDir(program.command("bench"))
    .description("measure the latency LiteLLM and the ccproxy hook add, against a local mock provider (or any --url)")
    .option("--rps <n>", "fixed request rate (autocannon overallRate)", "100")
    .option("--duration <time>", "measured time per target, split over the rounds (30s, 2m, 500ms)", "30s")
    .option("--connections <n>", "concurrent connections", String(DEFAULT_CONNECTIONS))
    .option("--body <name|file>", "small | claude-code (~76 KB) | large (~600 KB) | a JSON body file", "claude-code")
    .option("--stream", "send stream: true and also report time to first byte")
    .option("--upstream-latency <ms>", "the mock provider's added latency", "0")
    .option("--url <url>", "drive this running proxy instead (one target, no baseline)")
    .option("--model <name>", "with --url: the model to send (default: the body's)")
    .option("--api-key <key>", "with --url: sent as Authorization: Bearer and x-api-key (env CCPROXY_BENCH_API_KEY)")
    .option("--json <file>", "write every figure, the options and the machine to this file")
    .option("--max-p99-overhead-ms <ms>", "fail (exit 1) when the hook's p99 overhead is above this", "2")
    .option("--workers <n>", "LiteLLM worker processes (both LiteLLMs)", "1")
    .option("--rounds <n>", "interleaved rounds per target", "3")
    .option("--find-max-rate", "first step the rate up to the highest the hook's LiteLLM sustains, then measure there")
    .action(action((raw: RawBenchOptions & { configDir?: string }) => bench(raw)));
}

async function bench(raw: RawBenchOptions & { configDir?: string }): Promise<number> {
  const options = parseBenchOptions({ ...raw, apiKey: raw.apiKey ?? process.env.CCPROXY_BENCH_API_KEY });
  const { runBench } = await import("../bench/run.js"); // autocannon & co load only for `bench`
  if (options.url) return runBench(options);
  const located = locateLitellm(resolveConfigDir(raw.configDir));
  if (!located) throw new CliError("LiteLLM is not installed", { hint: "run `ccproxy init` (it installs the pinned LiteLLM), or pass --url to bench a running proxy" });
  return runBench({ ...options, litellm: located.litellm });
}
