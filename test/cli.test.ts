// The CLI's habits, driven through the real commander program: usage errors exit 2 with the usage line, `run` passes
// everything after the command through, hook-server stays out of the help, NO_COLOR and --no-color turn colour off.
import chalk from "chalk";
import type { Command } from "commander";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createProgram, main } from "../src/cli.js";

function captureStderr(): { text: () => string } {
  const chunks: string[] = [];
  vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => (chunks.push(String(chunk)), true));
  return { text: () => chunks.join("") };
}

/** The program with one command's action replaced by a recorder (parsing is what is under test, not the command). */
function recording(name: string): { program: Command; calls: unknown[][] } {
  const program = createProgram();
  const calls: unknown[][] = [];
  program.commands.find((c) => c.name() === name)!.action((...args: unknown[]) => void calls.push(args.slice(0, -1)));
  return { program, calls };
}

afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

describe("usage errors", () => {
  it.each([
    [["start", "--bogus"], "unknown option '--bogus'", "usage: ccproxy start [options]"],
    [["route"], "missing required argument 'request.json'", "usage: ccproxy route [options] <request.json>"],
    [["start", "--port", "x"], `option '--port <n>' argument 'x' is invalid. expected a whole number 1-65535, got "x"`, "usage: ccproxy start [options]"],
    [["logs", "-n"], "option '-n, --lines <n>' argument missing", "usage: ccproxy logs [options]"],
    [["frobnicate"], "unknown command 'frobnicate'", "usage: ccproxy [options] [command]"],
  ])("ccproxy %j exits 2 with the message and the command's usage line", async (args, message, usage) => {
    const stderr = captureStderr();
    await main(["node", "ccproxy", ...args]);
    expect(process.exitCode).toBe(2);
    expect(stderr.text()).toContain(`error: ${message}`);
    expect(stderr.text()).toContain(`hint: ${usage}`);
    expect(stderr.text().match(/error:/g)).toHaveLength(1); // printed once, in one place
  });

  it("--help and --version are not errors", async () => {
    vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    await main(["node", "ccproxy", "-V"]);
    expect(process.exitCode ?? 0).toBe(0);
    await main(["node", "ccproxy", "status", "--help"]);
    expect(process.exitCode ?? 0).toBe(0);
  });
});

describe("ccproxy run", () => {
  it.each([
    [["run", "claude", "--model", "x", "-p", "hi"], ["claude", ["--model", "x", "-p", "hi"]], {}],
    [["run", "--subscription", "claude", "--help"], ["claude", ["--help"]], { subscription: true }],
    [["run", "--", "claude", "--model", "x"], ["claude", ["--model", "x"]], {}],
    [["run", "claude", "--subscription"], ["claude", ["--subscription"]], {}], // after the command: the command's
    [["run", "-q", "claude", "-q"], ["claude", ["-q"]], { quiet: true }], // ccproxy's -q before the command, claude's after
  ])("%j passes everything after the command through untouched", async (args, [file, rest], flags) => {
    const { program, calls } = recording("run");
    await program.parseAsync(["node", "ccproxy", ...(args as string[])]);
    expect(calls).toHaveLength(1);
    expect(calls[0]![0]).toBe(file);
    expect(calls[0]![1]).toEqual(rest);
    expect(calls[0]![2]).toMatchObject(flags);
    if (!("subscription" in flags)) expect(calls[0]![2]).not.toHaveProperty("subscription");
  });
});

describe("help", () => {
  it("hides the internal hook-server command from the top-level help, but it still runs", () => {
    const program = createProgram();
    expect(program.helpInformation()).not.toContain("hook-server");
    expect(program.helpInformation()).toMatch(/^ {2}completion <shell>/m);
    expect(program.commands.map((c) => c.name())).toContain("hook-server");
  });

  it("restart takes -q and -v like start", async () => {
    const { program, calls } = recording("restart");
    await program.parseAsync(["node", "ccproxy", "restart", "-q", "-v"]);
    expect(calls[0]![0]).toMatchObject({ quiet: true, verbose: true });
  });

  it("-v is --verbose on start and init; -V is the version", async () => {
    const { program, calls } = recording("start");
    await program.parseAsync(["node", "ccproxy", "start", "-v"]);
    expect(calls[0]![0]).toMatchObject({ verbose: true });
    expect(createProgram().helpInformation()).toContain("-V, --version");
  });
});

describe("colour", () => {
  const level = chalk.level;
  afterEach(() => {
    chalk.level = level;
    delete process.env.NO_COLOR;
  });

  it("--no-color after a command turns chalk off", async () => {
    chalk.level = 1;
    const { program } = recording("status");
    await program.parseAsync(["node", "ccproxy", "status", "--no-color"]);
    expect(chalk.level).toBe(0);
  });

  it("NO_COLOR (any non-empty value) turns chalk off; without either it stays on", async () => {
    chalk.level = 1;
    await recording("status").program.parseAsync(["node", "ccproxy", "status"]);
    expect(chalk.level).toBe(1);
    process.env.NO_COLOR = "1";
    await recording("status").program.parseAsync(["node", "ccproxy", "status"]);
    expect(chalk.level).toBe(0);
  });
});
