// `ccproxy hook-server`: the routing hook server in the foreground, supervised by `ccproxy start`.
import { Option, InvalidArgumentError, type Command } from "commander";
import { resolve } from "node:path";
import { version } from "../version.js";
import { action } from "../cli/handle-errors.js";
import { withConfigDir, withStateDir } from "../cli/options.js";
import { describeTarget, type ListenTarget } from "../hook-server/server.js";
import { startHookService } from "../hook-server/service.js";
import { appliedView } from "../litellm/applied.js";
import { configFiles, resolveConfigDir, resolveStateDir } from "../paths.js";

interface HookServerFlags {
  configDir?: string;
  stateDir?: string;
  config?: string;
  socket?: string;
  port?: number;
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new InvalidArgumentError(`expected a port number 1-65535, got "${value}"`);
  }
  return port;
}

/** Why: registers `ccproxy hook-server` on the program (see src/cli.ts). */
export function register(program: Command): void {
  withStateDir(withConfigDir(program.command("hook-server")))
    .description("run the routing hook server in the foreground (ccproxy start runs it for you)")
    .option("--config <file>", "routing config (default <config dir>/ccproxy.yaml)")
    .addOption(new Option("--socket <path>", "listen on this Unix socket (default: hook.socket, else <config dir>/hook.sock)").conflicts("port"))
    .addOption(new Option("--port <n>", "listen on 127.0.0.1:<n> instead (default: hook.port)").argParser(parsePort))
    .action(action((flags: HookServerFlags) => runHookServer(flags)));
}

/** Why: the command's body, callable without commander; resolves with exit code 0 after SIGTERM/SIGINT. */
export async function runHookServer(flags: HookServerFlags, out: (line: string) => void = console.log): Promise<number> {
  const configDir = resolveConfigDir(flags.configDir);
  const configPath = flags.config ?? configFiles(configDir).routing;
  const listen: ListenTarget | undefined =
    flags.socket !== undefined ? { socket: resolve(flags.socket) } : flags.port !== undefined ? { host: "127.0.0.1", port: flags.port } : undefined;
  const stateDir = resolveStateDir(configDir, flags.stateDir);
  const service = await startHookService({ configPath, listen, version, stateDir, applied: appliedView });
  out(`hook server listening on ${describeTarget(service.address)}`);
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    const stop = (received: NodeJS.Signals) => {
      process.off("SIGTERM", stop).off("SIGINT", stop); // a second signal kills at once
      resolve(received);
    };
    process.on("SIGTERM", stop).on("SIGINT", stop);
  });
  await service.close();
  process.stderr.write(`hook server stopped (${signal})\n`);
  return 0;
}
