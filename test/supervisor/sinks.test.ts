// The supervisor's sinks: redaction of every line, and a full disk (/dev/full answers every write with ENOSPC) never kills it.
import { existsSync, mkdirSync, readFileSync, symlinkSync, unlinkSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { stateWriter, readState, type ProxyState } from "../../src/state/state-file.js";
import { lineSplitter } from "../../src/process/lines.js";
import { RotatingLog } from "../../src/supervisor/rotating-log.js";
import { Redactor } from "../../src/secrets/redact.js";
import chalk from "chalk";
import { consoleSink, fileSink, stripAnsi } from "../../src/supervisor/sinks.js";
import { tempDir } from "../support/temp-dir.js";

const tmp = tempDir("ccp-disk-");
const linux = process.platform === "linux" && existsSync("/dev/full");

describe.runIf(linux)("log writes on a full disk", () => {
  it("are dropped and counted, reported once, and the count is written when the file accepts lines again", () => {
    const path = join(tmp, "a.log");
    symlinkSync("/dev/full", path);
    const trouble: string[] = [];
    const log = new RotatingLog(path, { maxBytes: 1_000_000, keep: 2 }, (message) => trouble.push(message));
    for (let i = 0; i < 100; i++) expect(() => log.write(`line ${i}`)).not.toThrow();
    expect(trouble).toEqual([`cannot write ${path} (ENOSPC: no space left on device); dropping its lines until it can`]);
    unlinkSync(path); // space again: the next write reopens a real file
    log.write("after");
    log.close();
    const lines = readFileSync(path, "utf8").trim().split("\n");
    expect(lines[0]).toMatch(/^\S+Z \[ccproxy\] 100 log lines were dropped \(ENOSPC: no space left on device\)$/);
    expect(lines[1]).toBe("after");
    expect(trouble[1]).toBe(`${path} accepts lines again (after ENOSPC: no space left on device)`);
  });

  it("a child's log on a full disk is reported once in ccproxy.log; the sink never throws", () => {
    const logs = join(tmp, "logs");
    mkdirSync(logs);
    symlinkSync("/dev/full", join(logs, "litellm.log"));
    const sink = fileSink(logs);
    for (let i = 0; i < 50; i++) expect(() => sink.child("litellm", "stderr", `Traceback line ${i}`)).not.toThrow();
    sink.supervisor("still supervising");
    sink.close();
    const own = readFileSync(join(logs, "ccproxy.log"), "utf8").trim().split("\n");
    expect(own).toHaveLength(2);
    expect(own[0]).toMatch(/warning: cannot write .*litellm\.log \(ENOSPC/);
    expect(own[1]).toMatch(/still supervising$/);
  });

  it("ccproxy.log itself on a full disk: its own report is dropped too, without recursion", () => {
    const logs = join(tmp, "logs-own");
    mkdirSync(logs);
    symlinkSync("/dev/full", join(logs, "ccproxy.log"));
    const sink = fileSink(logs);
    for (let i = 0; i < 20; i++) expect(() => sink.supervisor(`line ${i}`)).not.toThrow();
    sink.close();
  });
});

describe("the state file on a failing disk", () => {
  it("is reported once per streak and never throws", () => {
    const dir = join(tmp, "state-dir");
    const path = join(dir, "state.json"); // the folder is missing: every write fails (ENOENT) until it exists
    const said: string[] = [];
    const write = stateWriter(path, (line) => said.push(line));
    const state = { pid: 1, children: {} } as unknown as ProxyState;
    for (let i = 0; i < 5; i++) expect(() => write(state)).not.toThrow();
    expect(said).toEqual([`warning: cannot write ${path} (ENOENT); \`status\` and \`stop\` see the previous state until it can`]);
    mkdirSync(dir);
    write(state);
    expect(readState(path)?.pid).toBe(1);
    expect(said[1]).toBe(`${path} is written again (after ENOENT)`);
  });
});

describe("ccproxy.log rotates like the others", () => {
  it("the supervisor's own lines are capped and rotated", () => {
    const logs = join(tmp, "rot");
    const sink = fileSink(logs, { limits: { maxBytes: 200, keep: 2 } });
    for (let i = 0; i < 30; i++) sink.supervisor(`supervisor line ${String(i).padStart(2, "0")}`);
    sink.close();
    expect(readFileSync(join(logs, "ccproxy.log"), "utf8").length).toBeLessThanOrEqual(200);
    expect(readFileSync(join(logs, "ccproxy.log"), "utf8")).toContain("supervisor line 29");
    expect(existsSync(join(logs, "ccproxy.log.1")) && existsSync(join(logs, "ccproxy.log.2"))).toBe(true);
    expect(existsSync(join(logs, "ccproxy.log.3"))).toBe(false);
  });
});

describe("a child line without a newline", () => {
  it("is cut at the bound (at a token boundary nearby), the rest of it dropped until its newline", () => {
    const seen: string[] = [];
    const split = lineSplitter((line) => seen.push(line), 100);
    const words = Array.from({ length: 40 }, (_, i) => `w${i}`).join(" "); // 149 characters
    split.push(words.slice(0, 60));
    split.push(words.slice(60));
    for (let i = 0; i < 1000; i++) split.push("x".repeat(100)); // 100 KB more of the same line
    split.push(" tail\nnext line\npartial");
    split.flush();
    expect(seen).toHaveLength(3);
    expect(seen[0]).toMatch(/^w0 w1 .* w\d+ \[… line cut at \d+ characters\]$/);
    expect(seen[0]!.length).toBeLessThan(140);
    expect(seen.slice(1)).toEqual(["next line", "partial"]);
  });

  it("never holds more than the bound in memory while the line goes on", () => {
    let held = 0;
    const split = lineSplitter(() => held++, 1000);
    for (let i = 0; i < 10_000; i++) split.push("y".repeat(1000)); // 10 MB without a newline
    expect(held).toBe(1);
  });
});

describe("every relayed line is redacted", () => {
  it("in the log files and on the console: known values and key shapes", () => {
    const canary = "canary-5e1f0a9d7c3b2468";
    const redactor = new Redactor().addLiterals([canary]);
    const logs = join(tmp, "redacted");
    const sink = fileSink(logs, { redactor });
    sink.child("litellm", "stderr", `litellm.AuthenticationError: invalid x-api-key ${canary}`);
    sink.child("hook", "stdout", "Authorization: Bearer sk-ant-oat01-abcdefghijklmnop0123456789");
    sink.supervisor(`crash tail: ${canary}`);
    sink.close();
    const written = ["litellm", "hook", "ccproxy"].map((name) => readFileSync(join(logs, `${name}.log`), "utf8")).join("");
    expect(written).not.toContain(canary);
    expect(written).not.toContain("sk-ant-oat01");
    expect(written.match(/\[redacted\]/g)).toHaveLength(3);
    let console = "";
    const out = { write: (text: string) => ((console += text), true) } as unknown as NodeJS.WritableStream;
    const terminal = consoleSink(out, redactor);
    terminal.child("litellm", "stderr", `echo ${canary}`);
    terminal.supervisor(`and ${canary}`);
    expect(console).not.toContain(canary);
  });
});

describe("colour off (NO_COLOR, --no-color, not a terminal)", () => {
  it("the console sink removes the escape codes LiteLLM writes itself", () => {
    const level = chalk.level;
    chalk.level = 0;
    try {
      const written: string[] = [];
      consoleSink({ write: (t: string) => written.push(t) } as unknown as NodeJS.WritableStream).child("litellm", "stdout", "\x1b[32mLiteLLM: Proxy initialized\x1b[0m");
      expect(written).toEqual(["[litellm] LiteLLM: Proxy initialized\n"]);
    } finally {
      chalk.level = level;
    }
    expect(stripAnsi("\x1b[1;37m#---#\x1b[0m plain")).toBe("#---# plain");
  });
});

describe("the supervisor's own health probes", () => {
  it("stay out of the log files (one every 2 s would be most of litellm.log); other requests and failed probes stay", () => {
    const dir = tempDir("ccp-probe-");
    const sink = fileSink(dir);
    sink.child("litellm", "stderr", 'INFO:     127.0.0.1:33934 - "GET /health/liveliness HTTP/1.1" 200 OK');
    sink.child("litellm", "stderr", 'INFO:     127.0.0.1:33934 - "GET /health/readiness HTTP/1.1" 503 Service Unavailable');
    sink.child("litellm", "stderr", 'INFO:     127.0.0.1:33934 - "POST /v1/messages HTTP/1.1" 200 OK');
    sink.close();
    const lines = readFileSync(join(dir, "litellm.log"), "utf8").trim().split("\n").map((l) => l.replace(/^\S+ /, ""));
    expect(lines).toEqual(['! INFO:     127.0.0.1:33934 - "GET /health/readiness HTTP/1.1" 503 Service Unavailable', '! INFO:     127.0.0.1:33934 - "POST /v1/messages HTTP/1.1" 200 OK']);
  });
});
