// Completion scripts come from the real command tree: every visible command and its options appear, hidden ones do not,
// and each script is valid for its shell (bash -n always; zsh -n and fish -n where those shells are installed).
import { execFileSync, spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createProgram } from "../../src/cli.js";
import { completionScript, SHELLS } from "../../src/cli/completion.js";
import { runCompletion } from "../../src/commands/completion.js";
import { tempDir } from "../support/temp-dir.js";

const program = createProgram();
const visible = program.commands.filter((c) => c.name() !== "hook-server").map((c) => c.name());
const has = (shell: string) => spawnSync(shell, ["-c", "true"]).status === 0;

describe.each(SHELLS)("ccproxy completion %s", (shell) => {
  const script = completionScript(shell, program);

  it("names every visible command and its options, never hook-server", () => {
    expect(visible).toEqual(expect.arrayContaining(["init", "start", "run", "bench", "doctor", "completion"]));
    for (const name of visible) expect(script).toMatch(new RegExp(`\\b${name}\\b`));
    for (const option of ["--allow-remote", "--find-max-rate", "--subscription", "--prune"]) expect(script).toContain(shell === "fish" ? `-l ${option.slice(2)}` : option);
    expect(script).not.toContain("hook-server");
    expect(script).not.toContain("supervise-detached");
  });

  it.runIf(has(shell))("parses in the shell itself (-n)", () => {
    const file = join(tempDir("ccp-completion-"), `ccproxy.${shell}`);
    writeFileSync(file, script);
    expect(() => execFileSync(shell, ["-n", file], { stdio: ["ignore", "pipe", "pipe"] })).not.toThrow();
  });
});

describe("bash completion, run in bash", () => {
  it("completes command names and a command's options", () => {
    const complete = (line: string) => {
      const words = line.split(" ");
      const driver = `${completionScript("bash", program)}\nCOMP_WORDS=(${words.map((w) => `'${w}'`).join(" ")}); COMP_CWORD=${words.length - 1}; _ccproxy; printf '%s\\n' "\${COMPREPLY[@]}"`;
      return execFileSync("bash", ["-c", driver], { encoding: "utf8" }).trim().split("\n");
    };
    expect(complete("ccproxy st")).toEqual(["start", "stop", "status", "statusline"]);
    expect(complete("ccproxy start --al")).toEqual(["--allow-remote"]);
    expect(complete("ccproxy bench --fi")).toEqual(["--find-max-rate"]);
  });
});

describe("runCompletion", () => {
  it("prints the script, and refuses an unknown shell with a usage error", () => {
    let printed = "";
    expect(runCompletion("bash", program, (text) => (printed = text))).toBe(0);
    expect(printed).toContain("complete -o default -F _ccproxy ccproxy");
    expect(() => runCompletion("ksh", program)).toThrow(expect.objectContaining({ exitCode: 2, message: 'no completion for shell "ksh"' }));
  });
});
