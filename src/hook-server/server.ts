// The hook server: node:http over a Unix socket (or 127.0.0.1), answering LiteLLM's hook per docs/hook-protocol.md.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import type { ListenTarget } from "../config/hook-address.js";
import { CliError } from "../errors.js";
import { findPortHolder } from "../process/port-holder.js";
import { nonceOf, OPEN_PATHS, proofFor, requireSecret } from "./auth.js";
import { answerError, handleHealth, handleRoute, handleServed, handleStats, type HandlerContext, type RouteFn } from "./handlers.js";
import { createStderrLogger, type Logger } from "./logger.js";
import { HttpError } from "./http-error.js";
import { SummaryWorker, type CountPolicy } from "./offload.js";
import { sendErrorOnSocket, sendJson } from "./respond.js";
import { listenPrivately, prepareSocketPath, removeSocket } from "./socket-file.js";
import { HookStats } from "./stats.js";
import { handleEvents, handleSession, type UsageEndpoints } from "./usage-handlers.js";
import { WARMUP_QUERY } from "./warmup.js";

const CLOSE_GRACE_MS = 5_000;
const DEFAULT_COUNT_BUDGET_MS = 1_000;
const SESSIONS = "/v1/sessions/";

/** Why: the server is decoupled from routing and config; the caller injects both. */
export interface HookServerOptions {
  route: RouteFn;
  health: () => object;
  /** Largest accepted body; summaries are ~300 bytes, with `text` a few hundred KB. Default 1 MiB. */
  maxBodyBytes?: number;
  logger?: Logger;
  /** Limits of the exact count near a `tokens` threshold (on the worker thread); default: no stop, 1,000 ms. */
  countPolicy?: () => CountPolicy;
  /** Start the worker thread and load the tokenizer when listening (a config with `tokens` rules), not on first need. */
  warmCounter?: boolean;
  /** The per-install hook secret: when set, every request but /health, /v1/stats and /v1/hello must carry it, and
   * GET /v1/hello proves to a client that this server holds it. Required for TCP (no file permissions guard a port). */
  secret?: string;
  /** Keep-alive must outlast the Python client's idle time; header/request limits stop slow clients. */
  timeouts?: { keepAliveMs?: number; headersMs?: number; requestMs?: number };
  /** Usage recording (POST /v1/events, GET /v1/sessions/<id>, the `usage` section of /v1/stats). */
  usage?: UsageEndpoints;
  /** A cluster replica's view of Redis and the live replicas (GET /v1/cluster); absent without a cluster section. */
  cluster?: { view(): Promise<unknown> };
}

/** Why: what callers (the command, tests, the bench) hold on to. */
export interface HookServer {
  listen(target: ListenTarget): Promise<ListenTarget>;
  close(): Promise<void>;
  readonly stats: HookStats;
}

function clientErrorFor(error: NodeJS.ErrnoException & { reason?: string }, requestMs: number): HttpError {
  if (error.code === "ERR_HTTP_REQUEST_TIMEOUT") return new HttpError(400, `request: not completed within ${requestMs} ms`);
  if (error.code === "HPE_HEADER_OVERFLOW") return new HttpError(400, "request: headers too large");
  if (error.code === "HPE_INVALID_EOF_STATE") {
    return new HttpError(400, "request: truncated; the client closed before sending all of it");
  }
  return new HttpError(400, `request: malformed HTTP (${error.reason ?? error.message})`);
}

// A known path with the wrong method names the method that would work.
function methodNotAllowed(req: IncomingMessage, path: string, allow: string): HttpError {
  return new HttpError(405, `${req.method ?? "?"} ${path}: method not allowed; use ${allow}`, { headers: { allow } });
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
  const logger = options.logger ?? createStderrLogger();
  const worker = new SummaryWorker(logger);
  const ctx: HandlerContext = {
    route: options.route,
    health: options.health,
    maxBodyBytes: options.maxBodyBytes ?? 1024 * 1024,
    logger,
    stats,
    warmupStats: new HookStats(),
    worker,
    countPolicy: options.countPolicy ?? (() => ({ budgetMs: DEFAULT_COUNT_BUDGET_MS })),
    usage: options.usage ? () => options.usage!.snapshot() : undefined,
  };
  const { keepAliveMs = 65_000, headersMs = 10_000, requestMs = 15_000 } = options.timeouts ?? {};
  const secret = options.secret;
  const secretBytes = secret === undefined ? undefined : Buffer.from(secret);

  const dispatch = (req: IncomingMessage, res: ServerResponse): void => {
    const url = req.url ?? "/";
    const query = url.indexOf("?");
    const path = query === -1 ? url : url.slice(0, query);
    try {
      if (secretBytes !== undefined && !OPEN_PATHS.has(path)) requireSecret(req, secretBytes);
      if (path === "/v1/route") {
        if (req.method === "POST") return void handleRoute(ctx, req, res, query !== -1 && url.endsWith(WARMUP_QUERY));
        throw methodNotAllowed(req, path, "POST");
      }
      if (path === "/v1/served") {
        if (req.method === "POST") return void handleServed(ctx, req, res);
        throw methodNotAllowed(req, path, "POST");
      }
      if (path === "/v1/hello") {
        if (req.method !== "GET") throw methodNotAllowed(req, path, "GET");
        const nonce = nonceOf(query === -1 ? "" : url.slice(query + 1));
        if (secret === undefined) throw new HttpError(404, "/v1/hello: this hook server has no hook secret");
        if (nonce === undefined) throw new HttpError(400, "/v1/hello: ?nonce= must be 32-128 lowercase hex characters");
        return void sendJson(res, 200, { v: 1, proof: proofFor(secret, nonce) });
      }
      if (path === "/v1/events") {
        if (req.method === "POST") return void handleEvents(ctx, options.usage, req, res);
        throw methodNotAllowed(req, path, "POST");
      }
      if (path === "/v1/cluster") {
        if (req.method !== "GET") throw methodNotAllowed(req, path, "GET");
        if (!options.cluster) throw new HttpError(404, "/v1/cluster: this replica has no cluster section in ccproxy.yaml");
        return void options.cluster.view().then((view) => sendJson(res, 200, view), (error) => answerError(ctx, res, error));
      }
      if (path === "/health" || path === "/v1/stats" || path.startsWith(SESSIONS)) {
        if (req.method !== "GET") throw methodNotAllowed(req, path, "GET");
        if (path === "/health") return handleHealth(ctx, res);
        if (path === "/v1/stats") return handleStats(ctx, res, query !== -1 && url.slice(query + 1) === "buckets=1");
        return handleSession(ctx, options.usage, path.slice(SESSIONS.length), res);
      }
      throw new HttpError(404, `${path}: no such endpoint; try POST /v1/route, POST /v1/events, POST /v1/served, GET /health, GET /v1/stats or GET /v1/sessions/<id>`);
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
    const answer = clientErrorFor(error, requestMs);
    stats.recordError(answer.type);
    sendErrorOnSocket(socket, answer);
  });

  let socketPath: string | undefined;
  return {
    stats,
    async listen(target) {
      if ("socket" in target) await prepareSocketPath(target.socket);
      else if (target.host !== "127.0.0.1") throw new Error(`refusing to listen on ${target.host}: loopback only`);
      else if (secret === undefined) throw new CliError("refusing to listen on a TCP port without the hook secret", { hint: "run `ccproxy init` (it writes hook.secret), or use the Unix socket" });
      await new Promise<void>((resolve, reject) => {
        server.once("error", (error: NodeJS.ErrnoException) => {
          reject(error.code === "EADDRINUSE" && !("socket" in target) ? portBusy(target.port) : error);
        });
        const done = () => (server.removeAllListeners("error"), resolve());
        if ("socket" in target) listenPrivately(() => server.listen(target.socket, done));
        else server.listen(target.port, target.host, done);
      });
      if (!("socket" in target)) {
        if (options.warmCounter) worker.warm();
        const address = server.address();
        return { host: "127.0.0.1", port: typeof address === "object" && address ? address.port : target.port };
      }
      if (options.warmCounter) worker.warm();
      socketPath = target.socket;
      return { socket: socketPath };
    },
    async close() {
      if (server.listening) {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections(); // busy ones (a count on the worker too) finish first, within a bounded time
        const force = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
        await closed;
        clearTimeout(force);
        if (socketPath) await removeSocket(socketPath);
      }
      await worker.close();
    },
  };
}
