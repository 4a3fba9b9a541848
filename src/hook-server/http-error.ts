// The hook server's one error type, as Hono's HTTPException: a status and a message; the handler answers with it.

/** Why: the wire `type` of each status, as the Python hook and /v1/stats's error counts name them. */
const TYPES: Readonly<Record<number, string>> = { 400: "ValidationError", 401: "Unauthorized", 404: "NotFound", 405: "MethodNotAllowed", 500: "Unknown" };

/** Why: every error the server answers; anything else thrown is a bug, answered as a 500 without its details. */
export class HttpError extends Error {
  /** The wire name clients and /v1/stats key on: the status's (TYPES), or the caller's where one status has several. */
  readonly type: string;
  /** Response headers the status calls for (a 405's Allow). */
  readonly headers: Readonly<Record<string, string>>;

  constructor(readonly status: number, message: string, options: { type?: string; headers?: Record<string, string> } = {}) {
    super(message);
    this.type = options.type ?? TYPES[status] ?? "Unknown";
    this.headers = options.headers ?? {};
  }

  /** Why: one wire shape, {"error": {"type", "message", "code"}}, on every route. */
  toJSON(): { error: { type: string; message: string; code: number } } {
    return { error: { type: this.type, message: this.message, code: this.status } };
  }
}
