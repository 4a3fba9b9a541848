// `ccproxy bench`: what routing costs, measured side by side (mock direct, LiteLLM, LiteLLM + hook).
import { parseBenchOptions, type RawBenchOptions } from "../bench/options.js";
import { runBench } from "../bench/run.js";
import { CliError } from "../errors.js";
import { locateLitellm } from "../litellm/locate.js";
import { resolveConfigDir } from "../paths.js";

/** Why: the command's body: checks the flags, finds LiteLLM unless --url, and returns the bench's exit code. */
export async function runBenchCommand(raw: RawBenchOptions & { configDir?: string }): Promise<number> {
  const options = parseBenchOptions({ ...raw, apiKey: raw.apiKey ?? process.env.CCPROXY_BENCH_API_KEY });
  if (options.url) return runBench(options);
  const located = locateLitellm(resolveConfigDir(raw.configDir));
  if (!located) throw new CliError("LiteLLM is not installed", { hint: "run `ccproxy init` (it installs the pinned LiteLLM), or pass --url to bench a running proxy" });
  return runBench({ ...options, litellm: located.litellm });
}
