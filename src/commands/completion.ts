// `ccproxy completion bash|zsh|fish`: prints the shell's completion script, generated from the CLI's own commands.
import type { Command } from "commander";
import { completionScript, SHELLS, type Shell } from "../cli/completion.js";
import { CliError } from "../errors.js";

/** Why: the programmatic form; prints the script on stdout (to be sourced or saved) and returns the exit code. */
export function runCompletion(shell: string, program: Command, write: (text: string) => void = (text) => process.stdout.write(text)): number {
  if (!(SHELLS as readonly string[]).includes(shell)) {
    throw new CliError(`no completion for shell "${shell}"`, { exitCode: 2, hint: `choose one of ${SHELLS.join(", ")}` });
  }
  write(completionScript(shell as Shell, program));
  return 0;
}
