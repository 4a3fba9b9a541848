import { spawn } from "node:child_process";
import { once } from "node:events";
import { describe, expect, it } from "vitest";
import { groupCpuMs } from "../../src/bench/cpu.js";

describe.runIf(process.platform === "linux")("groupCpuMs", () => {
  it("adds up the CPU time of a process group and is undefined for an unknown group", async () => {
    const child = spawn(process.execPath, ["-e", "const end = Date.now() + 400; while (Date.now() < end); setTimeout(() => {}, 5000)"], { detached: true, stdio: "ignore" });
    try {
      await new Promise((resolve) => setTimeout(resolve, 700));
      const ms = groupCpuMs(child.pid!);
      expect(ms).toBeGreaterThanOrEqual(300);
      expect(ms).toBeLessThan(2_000);
      expect(groupCpuMs(2 ** 22 + 12345)).toBeUndefined();
    } finally {
      child.kill("SIGKILL");
      await once(child, "exit");
    }
  });
});
