// A mock LLM provider on 127.0.0.1 that speaks the Anthropic, OpenAI (chat completions, Responses), Gemini and Ollama
// wire formats, records every request and injects faults; used by integration tests, fault tests and `ccproxy bench`.
// Paths as each provider has them: /v1/… (Anthropic, OpenAI, OpenAI-compatible servers), /anthropic/v1/… (DeepSeek's
// Anthropic endpoint), /api/v1/… (OpenRouter), /v1beta|/v1alpha/models/{model}:{method} (Gemini), /api/… (Ollama).
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { anthropicCountTokens, anthropicMessages, anthropicModels } from "./anthropic.js";
import { errorBody, FaultSlot, sendStatusFault } from "./faults.js";
import { geminiAuthorized, geminiGenerate, geminiModels, googleBody, UNREGISTERED_CALLER } from "./gemini.js";
import { readJsonBody, sendJson } from "./http.js";
import { ollamaChat, ollamaShow, ollamaTags } from "./ollama.js";
import { openaiChat, openaiCompletions } from "./openai-chat.js";
import { openaiEmbeddings, openaiModels } from "./openai-misc.js";
import { openaiResponses } from "./openai-responses.js";
import { defaultText, estimateTokens, newId, splitText } from "./reply.js";
import { planReply, type ToolScript } from "./script.js";
import { PromptCache } from "./prompt-cache.js";
import { cut, openSse } from "./sse.js";
import type { Api, Exchange, Fault, MockProviderOptions, RecordedRequest } from "./types.js";

export type { Api, Fault, MockProviderOptions, RecordedRequest } from "./types.js";
export type { ToolScript } from "./script.js";

/** Why: the handle tests hold: where the mock listens, what it saw, and how to steer and stop it. */
export interface MockProvider {
  url: string;
  port: number;
  requests: RecordedRequest[];
  /** Forgets recorded requests and clears the fault. */
  reset(): void;
  /** Sets (or with undefined clears) the fault for the following requests. */
  setFault(fault: Fault | undefined): void;
  /** Sets (or with undefined clears) the tool the mock calls before it answers; reset() restores the option's. */
  setToolUse(script: ToolScript | undefined): void;
  /** Stops the server and ends every open connection, hanging ones included. */
  close(): Promise<void>;
}

const DEFAULT_MODELS = ["claude-mock", "gpt-mock"];
const POST_ROUTES: Record<string, (ex: Exchange, query: Record<string, string>) => Promise<void> | void> = {
  "/messages": anthropicMessages,
  "/messages/count_tokens": (ex) => anthropicCountTokens(ex.body, ex.res),
  "/chat/completions": openaiChat,
  "/completions": openaiCompletions,
  "/embeddings": openaiEmbeddings,
  "/responses": openaiResponses,
  "/gemini": geminiGenerate,
  "/api/chat": ollamaChat,
  "/api/show": ollamaShow,
};
/** What llama.cpp's server answers for a path it does not serve (the `missing` option). */
const NOT_FOUND = { error: { code: 404, message: "File Not Found", type: "not_found_error" } };

/** Why: one in-process server answers both APIs, so a test can point any target at it. */
export async function createMockProvider(options: MockProviderOptions = {}): Promise<MockProvider> {
  const requests: RecordedRequest[] = [];
  const faults = new FaultSlot();
  const script: { current: ToolScript | undefined } = { current: options.toolUse };
  const cache = new PromptCache();
  const server = createServer((req, res) => {
    handle(req, res, options, requests, faults, script, cache).catch(() => {
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
      script.current = options.toolUse;
    },
    setFault: (fault) => faults.set(fault),
    setToolUse: (toolUse) => {
      script.current = toolUse;
    },
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
  script: { current: ToolScript | undefined },
  cache: PromptCache,
): Promise<void> {
  const url = new URL(req.url ?? "/", "http://mock");
  const where = routeOf(url.pathname, req.headers["anthropic-version"] !== undefined);
  const { api, route } = where;
  res.setHeader("x-mock-provider", api);
  const parsed = await readJsonBody(req);
  const body = (parsed.ok && isObject(parsed.body) ? parsed.body : {}) as Record<string, unknown>;
  const model = where.model ?? (typeof body.model === "string" ? body.model : undefined);
  const query = Object.fromEntries(url.searchParams);
  const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(", ") : (v ?? "")]));
  requests.push({
    api,
    method: req.method ?? "GET",
    path: url.pathname,
    query,
    model,
    stream: api === "ollama" ? route === "/api/chat" && body.stream !== false : body.stream === true || where.method === "streamGenerateContent",
    headers,
    body: parsed.ok ? parsed.body : undefined,
    receivedAt: Date.now(),
  });

  const fault = faults.take(model);
  if (fault?.kind === "hang") return;
  const delay = (options.latencyMs ?? 0) + (fault?.kind === "slow-first-byte" ? fault.ms : 0);
  if (delay > 0) await sleep(delay);
  if (res.destroyed) return;
  if (fault?.kind === "status") return sendStatusFault(api, fault, res);
  if (options.missing?.includes(route)) return sendJson(res, 404, NOT_FOUND);
  if (api === "gemini" && !geminiAuthorized(headers, query)) return sendJson(res, 403, googleBody(403, UNREGISTERED_CALLER));

  const models = options.models ?? DEFAULT_MODELS;
  if (req.method === "GET" && route === "/models") {
    if (api === "gemini") return geminiModels(models, res);
    return api === "anthropic" ? anthropicModels(models, res) : openaiModels(models, res);
  }
  if (req.method === "GET" && route === "/api/tags") return ollamaTags(models, res);
  if (req.method === "GET" && route === "/api/version") return sendJson(res, 200, { version: "0.13.0" });
  const handler = req.method === "POST" ? POST_ROUTES[route] : undefined;
  if (handler === undefined) return noRoute(api, req.method ?? "GET", url.pathname, res);
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
  await handler(
    {
      body,
      model,
      text,
      parts: splitText(text, options.chunks ?? 4),
      inputTokens,
      cached: { read: input.cacheRead, write: input.cacheWrite },
      outputTokens: estimateTokens(text),
      res,
      options,
      ...(where.method ? { pathModel: where.model, pathMethod: where.method } : {}),
      plan: (conversation) => planReply(text, script.current, conversation, newId(api === "anthropic" ? "toolu_" : "call_")),
      openSse: (framing) => openSse(res, { chunkDelayMs: options.chunkDelayMs ?? 0, cutAfterEvents }, framing),
    },
    query,
  );
}

/** Which API a path belongs to, the route inside it, and (Gemini) the model and method named in the path. */
function routeOf(pathname: string, anthropicVersion: boolean): { api: Api; route: string; model?: string; method?: string } {
  const gemini = /^\/v1(?:beta|alpha)?\/models(?:\/([^/:]+)(?::(\w+))?)?\/?$/.exec(pathname);
  if (gemini && (pathname.startsWith("/v1beta") || pathname.startsWith("/v1alpha") || gemini[2])) {
    return gemini[2] ? { api: "gemini", route: "/gemini", model: gemini[1], method: gemini[2] } : { api: "gemini", route: "/models" };
  }
  if (/^\/api\/(?!v1\/)/.test(pathname)) return { api: "ollama", route: pathname.replace(/\/$/, "") };
  const route = pathname.replace(/^\/(?:anthropic|api)(?=\/v1\/)/, "").replace(/^\/v1(?=\/)/, "").replace(/\/$/, "");
  const api: Api = route.startsWith("/messages") || (route === "/models" && anthropicVersion) ? "anthropic" : "openai";
  return { api, route };
}

/** A path the provider does not serve, answered in its own words (a URL 404, not a model 404). */
function noRoute(api: Api, method: string, path: string, res: ServerResponse): void {
  if (api === "openai") {
    return sendJson(res, 404, { error: { message: `Invalid URL (${method} ${path})`, type: "invalid_request_error", param: null, code: null } });
  }
  if (api === "anthropic") return sendJson(res, 404, { type: "error", error: { type: "not_found_error", message: "Not Found" } });
  if (api === "ollama") return sendJson(res, 404, "404 page not found");
  const html = "<!DOCTYPE html>\n<html lang=en>\n  <title>Error 404 (Not Found)!!1</title>\n  <p><b>404.</b> <ins>That’s an error.</ins>\n  <p>The requested URL <code>" + path + "</code> was not found on this server.  <ins>That’s all we know.</ins>\n";
  res.writeHead(404, { "content-type": "text/html; charset=UTF-8", "content-length": String(Buffer.byteLength(html)) });
  res.end(html);
}

/** A non-streaming answer cut short: headers and half a JSON body, then a dropped connection. */
function cutJson(res: ServerResponse): void {
  res.writeHead(200, { "content-type": "application/json", "content-length": "64" });
  res.write('{"id":"cut', () => cut(res));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
