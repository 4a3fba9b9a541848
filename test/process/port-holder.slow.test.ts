// Naming a port's holder: /proc on Linux, lsof where /proc is absent (run here for real when lsof is installed).
import { spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { describe, expect, it } from "vitest";
import { findPortHolder, lsofHolder } from "../../src/process/port-holder.js";

const hasLsof = spawnSync("lsof", ["-v"]).error === undefined;

/** A real listener in another process; resolves with its pid and port. */
async function listener() {
  const child = spawn(process.execPath, ["-e", "const s=require('net').createServer().listen(0,'127.0.0.1',()=>console.log(s.address().port))"], { stdio: ["ignore", "pipe", "inherit"] });
  const [chunk] = (await once(child.stdout!, "data")) as [Buffer];
  return { child, pid: child.pid!, port: Number(chunk.toString().trim()) };
}

describe("port holder", () => {
  it.runIf(hasLsof)("lsof names a real listener by pid and command line", async () => {
    const { child, pid, port } = await listener();
    try {
      const holder = lsofHolder(port);
      expect(holder?.pid).toBe(pid);
      expect(holder?.command).toContain("createServer");
      expect(lsofHolder(1)).toEqual({}); // nothing listens there
    } finally {
      child.kill();
    }
  });

  it.runIf(process.platform === "linux")("/proc names the same listener", async () => {
    const { child, pid, port } = await listener();
    try {
      expect(findPortHolder(port)?.pid).toBe(pid);
    } finally {
      child.kill();
    }
  });
});
