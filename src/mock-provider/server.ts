// A mock LLM provider on 127.0.0.1 that speaks the Anthropic and OpenAI wire formats, records every
// request and injects faults; used by integration tests, fault tests and `ccproxy bench`.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { anthropicCountTokens, anthropicMessages, anthropicModels } from "./anthropic.js";
import { errorBody, FaultSlot, sendStatusFault } from "./faults.js";
import { readJsonBody, sendJson } from "./http.js";
import { openaiChat, openaiCompletions } from "./openai-chat.js";
import { openaiEmbeddings, openaiModels } from "./openai-misc.js";
import { openaiResponses } from "./openai-responses.js";
import { PromptCache } from "./prompt-cache.js";
import { defaultText, estimateTokens, splitText } from "./reply.js";
import { cut, openSse } from "./sse.js";
import type { Api, Exchange, Fault, MockProviderOptions, RecordedRequest } from "./types.js";

export type { Api, Fault, MockProviderOptions, RecordedRequest } from "./types.js";

/** Why: the handle tests hold: where the mock listens, what it saw, and how to steer and stop it. */
export interface MockProvider {
  url: string;
  port: number;
  requests: RecordedRequest[];
  /** Forgets recorded requests and clears the fault. */
  reset(): void;
  /** Sets (or with undefined clears) the fault for the following requests. */
  setFault(fault: Fault | undefined): void;
  /** Stops the server and ends every open connection, hanging ones included. */
  close(): Promise<void>;
}

const DEFAULT_MODELS = ["claude-mock", "gpt-mock"];
const POST_ROUTES: Record<string, (ex: Exchange) => Promise<void> | void> = {
  "/messages": anthropicMessages,
  "/messages/count_tokens": (ex) => anthropicCountTokens(ex.body, ex.res),
  "/chat/completions": openaiChat,
  "/completions": openaiCompletions,
  "/embeddings": openaiEmbeddings,
  "/responses": openaiResponses,
};

/** Why: one in-process server answers both APIs, so a test can point any target at it. */
export async function createMockProvider(options: MockProviderOptions = {}): Promise<MockProvider> {
  const requests: RecordedRequest[] = [];
  const faults = new FaultSlot();
  const cache = new PromptCache();
  const server = createServer((req, res) => {
    handle(req, res, options, requests, faults, cache).catch(() => {
      if (!res.headersSent) sendJson(res, 500, { error: { message: "mock provider failure", type: "server_error" } });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    reset() {
      requests.length = 0;
      faults.set(undefined);
    },
    setFault: (fault) => faults.set(fault),
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

/** Why: "connection refused" tests need an address where nothing listens (a port reserved, then freed). */
export async function refusingUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  options: MockProviderOptions,
  requests: RecordedRequest[],
  faults: FaultSlot,
  cache: PromptCache,
): Promise<void> {
  const url = new URL(req.url ?? "/", "http://mock");
  const route = url.pathname.replace(/^\/v1(?=\/)/, "").replace(/\/$/, "");
  const api: Api = route.startsWith("/messages") || (route === "/models" && req.headers["anthropic-version"]) ? "anthropic" : "openai";
  res.setHeader("x-mock-provider", api);
  const parsed = await readJsonBody(req);
  const body = (parsed.ok && isObject(parsed.body) ? parsed.body : {}) as Record<string, unknown>;
  const model = typeof body.model === "string" ? body.model : undefined;
  requests.push({
    api,
    method: req.method ?? "GET",
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    model,
    stream: body.stream === true,
    headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(", ") : (v ?? "")])),
    body: parsed.ok ? parsed.body : undefined,
    receivedAt: Date.now(),
  });

  const fault = faults.take(model);
  if (fault?.kind === "hang") return;
  const delay = (options.latencyMs ?? 0) + (fault?.kind === "slow-first-byte" ? fault.ms : 0);
  if (delay > 0) await sleep(delay);
  if (res.destroyed) return;
  if (fault?.kind === "status") return sendStatusFault(api, fault, res);

  if (req.method === "GET" && route === "/models") {
    const models = options.models ?? DEFAULT_MODELS;
    return api === "anthropic" ? anthropicModels(models, res) : openaiModels(models, res);
  }
  const handler = req.method === "POST" ? POST_ROUTES[route] : undefined;
  if (handler === undefined) return sendJson(res, 404, errorBody(api, 404, `mock: no route ${req.method} ${url.pathname}`));
  if (!parsed.ok || model === undefined) {
    return sendJson(res, 400, errorBody(api, 400, parsed.ok ? "mock: `model` is required" : "mock: body is not JSON"));
  }
  const cutAfterEvents = fault?.kind === "cut-stream" ? fault.afterEvents : undefined;
  if (cutAfterEvents !== undefined && body.stream !== true) return cutJson(res);

  const text = options.text ?? defaultText(api, model);
  const inputTokens = estimateTokens(body);
  const input =
    route === "/messages"
      ? cache.anthropic(body, model, inputTokens)
      : route === "/chat/completions" || route === "/responses"
        ? cache.openai(route === "/responses" ? body.input : body.messages, model, inputTokens)
        : { total: inputTokens, cacheRead: 0, cacheWrite: 0 };
  await handler({
    body,
    model,
    text,
    parts: splitText(text, options.chunks ?? 4),
    inputTokens,
    cached: { read: input.cacheRead, write: input.cacheWrite },
    outputTokens: estimateTokens(text),
    res,
    openSse: () => openSse(res, { chunkDelayMs: options.chunkDelayMs ?? 0, cutAfterEvents }),
  });
}

/** A non-streaming answer cut short: headers and half a JSON body, then a dropped connection. */
function cutJson(res: ServerResponse): void {
  res.writeHead(200, { "content-type": "application/json", "content-length": "64" });
  res.write('{"id":"cut', () => cut(res));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
