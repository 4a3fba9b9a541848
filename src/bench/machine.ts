// The machine a bench ran on: figures mean little without it.
import { cpus, platform, release, totalmem } from "node:os";

/** Why: --json and the README quote CPU model and core count next to every figure. */
export function machineInfo() {
  const list = cpus();
  return {
    cpu: list[0]?.model.trim() ?? "unknown",
    cores: list.length,
    memory_gb: Math.round(totalmem() / 2 ** 30),
    os: `${platform()} ${release()}`,
    node: process.version,
  };
}
