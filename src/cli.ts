// The CLI entry: registers each command from src/commands/ and nothing else.
import { Command } from "commander";
import { version } from "./version.js";
import { register as registerRoute } from "./commands/route.js";
import { register as registerHookServer } from "./commands/hook-server.js";
import { register as registerInit } from "./commands/init.js";
import { register as registerStart } from "./commands/start.js";
import { register as registerStop } from "./commands/stop.js";
import { register as registerRestart } from "./commands/restart.js";
import { register as registerStatus } from "./commands/status.js";
import { register as registerLogs } from "./commands/logs.js";
import { register as registerRun } from "./commands/run.js";
import { register as registerBench } from "./commands/bench.js";
import { register as registerDoctor } from "./commands/doctor.js";
import { register as registerUsage } from "./commands/usage.js";
import { register as registerStatusline } from "./commands/statusline.js";

/** Why: builds the program without running it, so tests can drive it. */
export function createProgram(): Command {
  const program = new Command("ccproxy")
    .description("Route Claude Code (and any Anthropic/OpenAI client) to the right model, via LiteLLM")
    .version(version, "-v, --version")
    .showHelpAfterError();
  for (const register of [registerInit, registerRoute, registerHookServer, registerStart, registerStop, registerRestart, registerStatus, registerUsage, registerStatusline, registerLogs, registerRun, registerBench, registerDoctor]) register(program);
  return program;
}

/** Why: bin/ccproxy calls this with process.argv. */
export async function main(argv: string[]): Promise<void> {
  await createProgram().parseAsync(argv);
}
