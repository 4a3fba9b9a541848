import { spawn } from "node:child_process";
import { once } from "node:events";
import { describe, expect, it } from "vitest";
import { groupCpuMs } from "../../src/bench/cpu.js";

describe.runIf(process.platform === "linux")("groupCpuMs", () => {
  it("adds up the CPU time of a process group and is undefined for an unknown group", async () => {
    // the child burns until its own clock says 400 ms of CPU, then reports; no wall-clock timing involved
    const burn = "while (process.cpuUsage().user < 400e3); console.log('burnt'); setTimeout(() => {}, 30000)";
    const child = spawn(process.execPath, ["-e", burn], { detached: true, stdio: ["ignore", "pipe", "ignore"] });
    try {
      await once(child.stdout!, "data");
      const ms = groupCpuMs(child.pid!);
      expect(ms).toBeGreaterThanOrEqual(400);
      expect(ms).toBeLessThan(5_000);
      expect(groupCpuMs(2 ** 22 + 12345)).toBeUndefined();
    } finally {
      child.kill("SIGKILL");
      await once(child, "exit");
    }
  }, 60_000); // 400 ms of CPU can take many seconds of wall time on a loaded 2-core machine
});
