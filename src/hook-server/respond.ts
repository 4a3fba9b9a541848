// Writing JSON answers: the success path kept lean, every error in the ProxyError wire shape.
import type { ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { STATUS_CODES } from "node:http";
import { ProxyError } from "../errors.js";

/** Why: an unknown path is the client's mistake, said in the shared error shape. */
export class NotFound extends ProxyError {
  constructor(message: string) {
    super(message, 404);
  }
}

/** Why: a known path with the wrong method names the method that would work. */
export class MethodNotAllowed extends ProxyError {
  readonly allow: string;
  constructor(method: string, path: string, allow: string) {
    super(`${method} ${path}: method not allowed; use ${allow}`, 405);
    this.allow = allow;
  }
}

/** Why: one fast writer for every JSON answer; `close` ends the connection after it; false if the client is gone. */
export function sendJson(res: ServerResponse, status: number, body: unknown, close = false): boolean {
  const socket = res.socket; // null while an earlier pipelined response is still being written
  if (res.headersSent || res.destroyed || (socket && !socket.writable)) return false;
  const payload = JSON.stringify(body);
  const headers: string[] = ["content-type", "application/json", "content-length", String(Buffer.byteLength(payload))];
  if (close) headers.push("connection", "close");
  res.writeHead(status, headers);
  res.end(payload);
  return true;
}

/** Why: errors carry their own status and type; a 405 also says which method is allowed. */
export function sendError(res: ServerResponse, error: ProxyError, close = false): boolean {
  if (error instanceof MethodNotAllowed && !res.headersSent) res.setHeader("allow", error.allow);
  return sendJson(res, error.code, error.toJSON(), close);
}

/** Why: errors the HTTP parser finds have no request or response object; answer on the raw socket, then close. */
export function sendErrorOnSocket(socket: Socket, error: ProxyError): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const payload = JSON.stringify(error.toJSON());
  socket.end(
    `HTTP/1.1 ${error.code} ${STATUS_CODES[error.code] ?? ""}\r\n` +
      `content-type: application/json\r\ncontent-length: ${Buffer.byteLength(payload)}\r\nconnection: close\r\n\r\n` +
      payload,
  );
}
