import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { findPortHolder, tryBind } from "../../src/process/port-holder.js";
import { spawnSync } from "node:child_process";
import { processStart, startTicks } from "../../src/process/identity.js";
import { isStale, liveChildren, staleReason } from "../../src/state/running.js";
import { lastLines, follower } from "../../src/state/log-files.js";
import type { ProxyState } from "../../src/state/state-file.js";
import { backoffDelay, CrashWindow } from "../../src/supervisor/backoff.js";
import { lineSplitter, Tail } from "../../src/process/lines.js";
import { RotatingLog } from "../../src/supervisor/rotating-log.js";
import { clientEnv } from "../../src/commands/run.js";
import { hasProviderKey } from "../../src/oauth/provider-keys.js";
import { syncConfigDir } from "../../src/init/sync.js";
import { tempDir } from "../support/temp-dir.js";

const tmp = tempDir("ccp-unit-");

describe("backoff and crash window", () => {
  it("doubles from 0.5 s and caps at 10 s", () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => backoffDelay(n))).toEqual([500, 1000, 2000, 4000, 8000, 10_000, 10_000]);
  });

  it("counts only crashes inside the window and is exhausted at maxCrashes", () => {
    const window = new CrashWindow({ baseMs: 1, maxMs: 1, maxCrashes: 3, windowMs: 1000 });
    expect(window.record(0)).toBe(1);
    expect(window.record(500)).toBe(2);
    expect(window.record(1600)).toBe(1); // both earlier ones fell out
    expect(window.exhausted()).toBe(false);
    window.record(1700);
    window.record(1800);
    expect(window.exhausted()).toBe(true);
  });
});

describe("state staleness", () => {
  const probe = (alive: boolean, cmdline?: string, start?: string) => ({ alive: () => alive, cmdline: () => cmdline, start: () => start });
  const state = { pid: 42, pidStart: "linux:boot:1000", children: {} } as unknown as ProxyState;
  const legacy = { pid: 42, children: {} } as unknown as ProxyState;
  it("is stale when the supervisor pid is dead", () => {
    expect(staleReason(state, probe(false))).toBe("supervisor pid 42 is gone");
  });
  it("is stale when the pid was reused, even by a process with ccproxy in its command line", () => {
    const editor = probe(true, "node /opt/ccproxy/bin/ccproxy start --supervise-detached", "linux:boot:2000");
    expect(staleReason(state, editor)).toBe("pid 42 now belongs to another process");
    expect(staleReason(state, probe(true, "vim /home/u/.ccproxy/ccproxy.yaml", undefined))).toBe("pid 42 now belongs to another process");
  });
  it("is live when the pid is alive and started when the state file says", () => {
    expect(isStale(state, probe(true, "node /opt/ccproxy/bin/ccproxy start", "linux:boot:1000"))).toBe(false);
  });
  it("believes a state file without start identity only for a `ccproxy start` command line", () => {
    expect(isStale(legacy, probe(true, "node /opt/ccproxy/bin/ccproxy start --supervise-detached"))).toBe(false);
    for (const other of ["vim /home/u/.ccproxy/ccproxy.yaml", "tail -f /home/u/.ccproxy/logs/ccproxy.log", "sh -c sleep 30 ccproxy-supervisor"]) {
      expect(staleReason(legacy, probe(true, other))).toBe("pid 42 is not a ccproxy supervisor");
    }
  });
  it("signals only children whose start identity still matches", () => {
    const withChildren = { ...state, children: { hook: { pid: 7, restarts: 0, start: "a" }, litellm: { pid: 8, restarts: 0, start: "b" }, old: { pid: 9, restarts: 0 } } } as ProxyState;
    const starts: Record<number, string> = { 7: "a", 8: "reused", 9: "c" };
    expect(liveChildren(withChildren, { alive: () => true, cmdline: () => "litellm", start: (pid) => starts[pid] })).toEqual([7]);
  });
  it("reads the start time from /proc/<pid>/stat even when the command name has spaces and parentheses", () => {
    const line = "123 (a) b (c)) S 1 123 123 0 -1 4194304 100 0 0 0 0 0 0 0 20 0 1 0 305736 3133440 418";
    expect(startTicks(line)).toBe("305736");
  });
  it.runIf(process.platform === "linux")("identifies this process, and nothing for a dead pid", () => {
    expect(processStart(process.pid)).toMatch(/^linux:[0-9a-f-]+:\d+$/);
    expect(processStart(process.pid)).toBe(processStart(process.pid));
    expect(processStart(spawnSync("true").pid!)).toBeUndefined();
  });
});

describe("RotatingLog", () => {
  it("caps the file size and keeps `keep` numbered copies", () => {
    const path = join(tmp, "rot", "hook.log");
    const log = new RotatingLog(path, { maxBytes: 100, keep: 2 });
    for (let i = 0; i < 20; i++) log.write(`line ${String(i).padStart(2, "0")} ${"x".repeat(30)}`); // 40 bytes each
    log.close();
    expect(readFileSync(path, "utf8").length).toBeLessThanOrEqual(100);
    expect(readFileSync(path, "utf8")).toContain("line 19");
    expect(readFileSync(`${path}.1`, "utf8")).toContain("line 17");
    expect(existsSync(`${path}.2`)).toBe(true);
    expect(existsSync(`${path}.3`)).toBe(false);
  });
});

describe("lines", () => {
  it("joins chunks into lines and holds the partial tail until flush", () => {
    const seen: string[] = [];
    const split = lineSplitter((line) => seen.push(line));
    split.push("a\r\nb");
    split.push("c\nd");
    expect(seen).toEqual(["a", "bc"]);
    split.flush();
    expect(seen).toEqual(["a", "bc", "d"]);
  });

  it("Tail keeps the last n lines", () => {
    const tail = new Tail(2);
    ["1", "2", "3"].forEach((line) => tail.push(line));
    expect(tail.lines()).toEqual(["2", "3"]);
  });
});

describe("log files", () => {
  it("merges the last lines of several files in timestamp order", () => {
    const a = join(tmp, "a.log");
    const b = join(tmp, "b.log");
    writeFileSync(a, "2026-01-01T00:00:01.000Z a1\n2026-01-01T00:00:03.000Z a3\n");
    writeFileSync(b, "2026-01-01T00:00:02.000Z b2\n");
    expect(lastLines({ a, b }, 2)).toEqual(["[b] 2026-01-01T00:00:02.000Z b2", "[a] 2026-01-01T00:00:03.000Z a3"]);
  });

  it("follows appended lines and restarts from 0 after a rotation", () => {
    const path = join(tmp, "f.log");
    writeFileSync(path, "old\n");
    const seen: string[] = [];
    const read = follower(path, 4, (line) => seen.push(line));
    writeFileSync(path, "old\nnew\n");
    read();
    writeFileSync(path, "r\n"); // rotated: smaller than the position
    read();
    expect(seen).toEqual(["new", "r"]);
  });
});

describe("port holder", () => {
  it("names this process as the holder of a real listening socket", async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as { port: number }).port;
    expect(await tryBind("127.0.0.1", port)).toBe("in-use");
    const holder = findPortHolder(port);
    expect(holder?.pid).toBe(process.pid);
    expect(holder?.command).toContain("node");
    await new Promise((resolve) => server.close(resolve));
    expect(await tryBind("127.0.0.1", port)).toBe("free");
    expect(findPortHolder(port)).toBeUndefined();
  });
});

describe("run's client env", () => {
  it("points both SDKs at the proxy with the master key and drops the provider key", () => {
    const env = clientEnv({ ANTHROPIC_API_KEY: "sk-ant-real", PATH: "/bin" }, "http://127.0.0.1:4000", "sk-master");
    expect(env).toEqual({
      PATH: "/bin",
      ANTHROPIC_BASE_URL: "http://127.0.0.1:4000",
      OPENAI_BASE_URL: "http://127.0.0.1:4000/v1",
      ANTHROPIC_AUTH_TOKEN: "sk-master",
      OPENAI_API_KEY: "sk-master",
    });
  });

  it("keeps a subscription login: only the base URL changes, no master key replaces the client's token", () => {
    const env = clientEnv({ CLAUDE_CODE_OAUTH_TOKEN: "sk-ant-oat01-x", PATH: "/bin" }, "http://127.0.0.1:4000", "sk-master", true);
    expect(env).toEqual({ CLAUDE_CODE_OAUTH_TOKEN: "sk-ant-oat01-x", PATH: "/bin", ANTHROPIC_BASE_URL: "http://127.0.0.1:4000" });
  });
});

describe("run's subscription default", () => {
  it("is an API-key user when the shell has a provider key ccproxy.yaml references, else a subscription user", async () => {
    const dir = tempDir("ccp-run-");
    await syncConfigDir(dir);
    expect(await hasProviderKey(dir, { ANTHROPIC_API_KEY: "sk-ant-real" })).toBe(true);
    expect(await hasProviderKey(dir, { ANTHROPIC_API_KEY: "" })).toBe(false);
    expect(await hasProviderKey(dir, { OPENAI_API_KEY: "sk-unreferenced" })).toBe(false);
  });
});
