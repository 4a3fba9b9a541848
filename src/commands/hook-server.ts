// `ccproxy hook-server`: the routing hook server in the foreground, supervised by `ccproxy start`.
import { resolve } from "node:path";
import { version } from "../version.js";
import { describeTarget, type ListenTarget } from "../config/hook-address.js";
import { startHookService } from "../hook-server/service.js";
import { appliedView } from "../litellm/applied.js";
import { configFiles, resolveConfigDir, resolveStateDir } from "../paths.js";

/** Why: typed flags, the same shape commander produces and tests pass. */
export interface HookServerFlags {
  configDir?: string;
  stateDir?: string;
  config?: string;
  socket?: string;
  port?: number;
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
