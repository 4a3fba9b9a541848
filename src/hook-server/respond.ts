// Writing JSON answers: the success path kept lean, every error in the HttpError wire shape.
import type { ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { STATUS_CODES } from "node:http";
import type { HttpError } from "./http-error.js";

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

/** Why: errors carry their own status, type and headers (a 405 says which method is allowed). */
export function sendError(res: ServerResponse, error: HttpError, close = false): boolean {
  if (!res.headersSent) for (const [name, value] of Object.entries(error.headers)) res.setHeader(name, value);
  return sendJson(res, error.status, error.toJSON(), close);
}

/** Why: errors the HTTP parser finds have no request or response object; answer on the raw socket, then close. */
export function sendErrorOnSocket(socket: Socket, error: HttpError): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const payload = JSON.stringify(error.toJSON());
  socket.end(
    `HTTP/1.1 ${error.status} ${STATUS_CODES[error.status] ?? ""}\r\n` +
      `content-type: application/json\r\ncontent-length: ${Buffer.byteLength(payload)}\r\nconnection: close\r\n\r\n` +
      payload,
  );
}
