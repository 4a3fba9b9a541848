// One error model for the hook server and the CLI: the same names and JSON shape as the Python hook.

/** Why: every error a client or user sees carries a type, a message and an HTTP-style code. */
export class ProxyError extends Error {
  readonly code: number;
  constructor(message: string, code = 500) {
    super(message);
    this.code = code;
  }
  /** The error's type is its class name, as in the Python hook. */
  get type(): string {
    return this.constructor.name;
  }
  /** Why: one wire shape, {"error": {"type", "message", "code"}}, on every route. */
  toJSON(): { error: { type: string; message: string; code: number } } {
    return { error: { type: this.type, message: this.message, code: this.code } };
  }
}

/** Why: the request (or a config file) is wrong; the caller must fix it. */
export class ValidationError extends ProxyError {
  constructor(message: string) {
    super(message, 400);
  }
}

/** Why: the provider did not answer within the configured timeout. */
export class UpstreamTimeout extends ProxyError {
  constructor(message: string) {
    super(message, 504);
  }
}

/** Why: the provider refused or reset the connection. */
export class UpstreamUnavailable extends ProxyError {
  constructor(message: string) {
    super(message, 502);
  }
}

/** Why: the provider answered with an error; its status (429, 529, 401, 500…) passes through. */
export class UpstreamError extends ProxyError {
  constructor(message: string, code = 502) {
    super(message, code);
  }
}

/** Why: the hook server could not be reached under the fail_closed policy. */
export class HookUnavailable extends ProxyError {
  constructor(message: string) {
    super(message, 503);
  }
}

/** Why: anything unexpected; its details go to the log, never to the client. */
export class Unknown extends ProxyError {
  constructor(message = "internal error; see the ccproxy log") {
    super(message, 500);
  }
}

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
