// The CLI's error: a message the user can act on, a hint saying how, and the exit code it deserves.
// (The hook server answers with its own HttpError, src/hook-server/http-error.ts.)

/** Why: a CLI command failed for a reason the user can act on; `hint` says how. */
export class CliError extends Error {
  readonly exitCode: number;
  readonly hint: string | undefined;
  constructor(message: string, options: { exitCode?: number; hint?: string } = {}) {
    super(message);
    this.exitCode = options.exitCode ?? 1;
    this.hint = options.hint;
  }
}
