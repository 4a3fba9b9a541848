// The hook server: node:http over a Unix socket (or 127.0.0.1), answering LiteLLM's hook per docs/hook-protocol.md.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { CliError, ValidationError } from "../errors.js";
import { findPortHolder } from "../process/port-holder.js";
import { answerError, handleHealth, handleRoute, handleStats, type HandlerContext, type RouteFn } from "./handlers.js";
import { createStderrLogger, type Logger } from "./logger.js";
import { MethodNotAllowed, NotFound, sendErrorOnSocket } from "./respond.js";
import { prepareSocketPath, removeSocket, restrictSocket } from "./socket-file.js";
import { HookStats } from "./stats.js";
import { handleEvents, handleSession, type UsageEndpoints } from "./usage-handlers.js";
import { WARMUP_QUERY } from "./warmup.js";

const CLOSE_GRACE_MS = 5_000;
const SESSIONS = "/v1/sessions/";

/** Why: where the server listens; TCP is loopback only because the server has no auth. */
export type ListenTarget = { socket: string } | { host: "127.0.0.1"; port: number };

/** Why: the server is decoupled from routing and config; the caller injects both. */
export interface HookServerOptions {
  route: RouteFn;
  health: () => object;
  /** Largest accepted body; summaries are ~300 bytes, with `text` a few hundred KB. Default 1 MiB. */
  maxBodyBytes?: number;
  logger?: Logger;
  /** Keep-alive must outlast the Python client's idle time; header/request limits stop slow clients. */
  timeouts?: { keepAliveMs?: number; headersMs?: number; requestMs?: number };
  /** Usage recording (POST /v1/events, GET /v1/sessions/<id>, the `usage` section of /v1/stats). */
  usage?: UsageEndpoints;
}

/** Why: what callers (the command, tests, the bench) hold on to. */
export interface HookServer {
  listen(target: ListenTarget): Promise<ListenTarget>;
  close(): Promise<void>;
  readonly stats: HookStats;
}

/** Why: the readiness line and logs print addresses one way. */
export function describeTarget(target: ListenTarget): string {
  return "socket" in target ? target.socket : `http://${target.host}:${target.port}`;
}

function clientErrorFor(error: NodeJS.ErrnoException & { reason?: string }, requestMs: number): ValidationError {
  if (error.code === "ERR_HTTP_REQUEST_TIMEOUT") return new ValidationError(`request: not completed within ${requestMs} ms`);
  if (error.code === "HPE_HEADER_OVERFLOW") return new ValidationError("request: headers too large");
  if (error.code === "HPE_INVALID_EOF_STATE") {
    return new ValidationError("request: truncated; the client closed before sending all of it");
  }
  return new ValidationError(`request: malformed HTTP (${error.reason ?? error.message})`);
}

function portBusy(port: number): CliError {
  const holder = findPortHolder(port);
  const by = holder?.pid ? `, held by PID ${holder.pid}${holder.command ? ` (${holder.command})` : ""}` : "";
  return new CliError(`127.0.0.1:${port} is already in use${by}`, {
    hint: "stop that process, or choose another port with --port / hook.port (or use the Unix socket)",
  });
}

/** Why: one factory for the command, the tests and the bench; nothing listens until listen(). */
export function createHookServer(options: HookServerOptions): HookServer {
  const stats = new HookStats();
  const ctx: HandlerContext = {
    route: options.route,
    health: options.health,
    maxBodyBytes: options.maxBodyBytes ?? 1024 * 1024,
    logger: options.logger ?? createStderrLogger(),
    stats,
    warmupStats: new HookStats(),
    usage: options.usage ? () => options.usage!.snapshot() : undefined,
  };
  const { keepAliveMs = 65_000, headersMs = 10_000, requestMs = 15_000 } = options.timeouts ?? {};

  const dispatch = (req: IncomingMessage, res: ServerResponse): void => {
    const url = req.url ?? "/";
    const query = url.indexOf("?");
    const path = query === -1 ? url : url.slice(0, query);
    try {
      if (path === "/v1/route") {
        if (req.method === "POST") return void handleRoute(ctx, req, res, query !== -1 && url.endsWith(WARMUP_QUERY));
        throw new MethodNotAllowed(req.method ?? "?", path, "POST");
      }
      if (path === "/v1/events") {
        if (req.method === "POST") return void handleEvents(ctx, options.usage, req, res);
        throw new MethodNotAllowed(req.method ?? "?", path, "POST");
      }
      if (path === "/health" || path === "/v1/stats" || path.startsWith(SESSIONS)) {
        if (req.method !== "GET") throw new MethodNotAllowed(req.method ?? "?", path, "GET");
        if (path === "/health") return handleHealth(ctx, res);
        if (path === "/v1/stats") return handleStats(ctx, res);
        return handleSession(ctx, options.usage, path.slice(SESSIONS.length), res);
      }
      throw new NotFound(`${path}: no such endpoint; try POST /v1/route, POST /v1/events, GET /health, GET /v1/stats or GET /v1/sessions/<id>`);
    } catch (error) {
      answerError(ctx, res, error, req.method !== "GET");
    }
  };

  const server = createServer(
    { keepAliveTimeout: keepAliveMs, headersTimeout: headersMs, requestTimeout: requestMs, noDelay: true,
      connectionsCheckingInterval: Math.min(1000, headersMs / 2) },
    dispatch,
  );
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Socket) => {
    const pending = (socket as Socket & { _httpMessage?: ServerResponse })._httpMessage;
    if (error.code === "ECONNRESET" || !socket.writable || pending?.headersSent) return void socket.destroy();
    stats.recordError("ValidationError");
    sendErrorOnSocket(socket, clientErrorFor(error, requestMs));
  });

  let socketPath: string | undefined;
  return {
    stats,
    async listen(target) {
      if ("socket" in target) await prepareSocketPath(target.socket);
      else if (target.host !== "127.0.0.1") throw new Error(`refusing to listen on ${target.host}: loopback only`);
      await new Promise<void>((resolve, reject) => {
        server.once("error", (error: NodeJS.ErrnoException) => {
          reject(error.code === "EADDRINUSE" && !("socket" in target) ? portBusy(target.port) : error);
        });
        const done = () => (server.removeAllListeners("error"), resolve());
        if ("socket" in target) server.listen(target.socket, done);
        else server.listen(target.port, target.host, done);
      });
      if (!("socket" in target)) {
        const address = server.address();
        return { host: "127.0.0.1", port: typeof address === "object" && address ? address.port : target.port };
      }
      socketPath = target.socket;
      await restrictSocket(socketPath);
      return { socket: socketPath };
    },
    async close() {
      if (!server.listening) return;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections(); // busy ones finish their request first, within a bounded time
      const force = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
      await closed;
      clearTimeout(force);
      if (socketPath) await removeSocket(socketPath);
    },
  };
}
