// The lock between ccproxy processes, proven with real processes: two holders never overlap, the second says it
// waits, and a holder killed with SIGKILL (no clean-up at all) leaves a lock that the next process takes over once stale.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../support/temp-dir.js";

const LOCK_MODULE = resolve(import.meta.dirname, "../../dist/process/file-lock.js");

/** A process that takes the lock, records "start <id>", holds it `holdMs` (forever when -1), records "end <id>". */
function holder(dir: string, id: string, holdMs: number, staleMs = 20_000) {
  const script = join(dir, "holder.mjs");
  writeFileSync(
    script,
    `import { appendFileSync } from "node:fs";
const { withFileLock } = await import(${JSON.stringify(LOCK_MODULE)});
const [,, lock, log, id, hold, stale] = process.argv;
await withFileLock(lock, async () => {
  appendFileSync(log, "start " + id + "\\n");
  if (Number(hold) < 0) await new Promise(() => setInterval(() => {}, 1000));
  await new Promise((r) => setTimeout(r, Number(hold)));
  appendFileSync(log, "end " + id + "\\n");
}, { staleMs: Number(stale), onWait: () => console.log("waiting") });
`,
  );
  const child = spawn(process.execPath, [script, join(dir, "venv"), join(dir, "log"), id, String(holdMs), String(staleMs)], { stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  child.stdout!.on("data", (chunk: Buffer) => (out += chunk));
  return { child, exited: once(child, "exit").then(([code]) => code as number), out: () => out };
}

const waitFor = async (check: () => boolean, ms = 10_000) => {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe("withFileLock across processes", () => {
  it("two processes started together take turns, and the second says that it waits", async () => {
    const dir = tempDir("ccp-lock-");
    const a = holder(dir, "a", 800);
    const b = holder(dir, "b", 800);
    expect(await Promise.all([a.exited, b.exited])).toEqual([0, 0]);
    const log = readFileSync(join(dir, "log"), "utf8").trim().split("\n");
    const first = log[0]!.split(" ")[1]!;
    const second = first === "a" ? "b" : "a";
    expect(log).toEqual([`start ${first}`, `end ${first}`, `start ${second}`, `end ${second}`]);
    expect((first === "a" ? b : a).out()).toContain("waiting");
    expect((first === "a" ? a : b).out()).not.toContain("waiting");
  });

  it("a holder killed with SIGKILL does not block the next one for ever: its lock goes stale and is taken over", async () => {
    const dir = tempDir("ccp-lock-");
    const dead = holder(dir, "dead", -1, 2_000);
    await waitFor(() => existsSync(join(dir, "log")) && readFileSync(join(dir, "log"), "utf8").includes("start dead"));
    dead.child.kill("SIGKILL");
    await dead.exited;
    const started = Date.now();
    const next = holder(dir, "next", 0, 2_000);
    expect(await next.exited).toBe(0);
    expect(next.out()).toContain("waiting"); // the dead holder's lock was there
    expect(Date.now() - started).toBeLessThan(8_000);
    expect(readFileSync(join(dir, "log"), "utf8")).toBe("start dead\nstart next\nend next\n");
  }, 15_000);
});
