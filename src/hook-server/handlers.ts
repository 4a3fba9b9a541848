// Request handlers for the three endpoints; the server only dispatches to them.
import type { IncomingMessage, ServerResponse } from "node:http";
import { performance } from "node:perf_hooks";
import { estimateTokens, type TokenCount } from "../routing/tokens.js";
import type { NeedText, RouteDecision, RouteSummary } from "../routing/types.js";
import { HttpError } from "./http-error.js";
import type { Logger } from "./logger.js";
import { INLINE_PARSE_BYTES, isOverloaded, type CountPolicy, type SummaryWorker } from "./offload.js";
import { parseJsonBody } from "./parse-json.js";
import { checkContentType, readBody } from "./read-body.js";
import { sendError, sendJson } from "./respond.js";
import { validateServedBatch, type HookStats } from "./stats.js";
import { validateSummary } from "./validate-summary.js";

/** Why: the routing engine as the server sees it, so the server never imports routing code. `counted`: the exact
 * count the worker made of the summary's text (the summary then comes without it). */
export type RouteFn = (summary: RouteSummary, counted?: TokenCount) => RouteDecision | NeedText;

/** Why: what the handlers need from the server, passed once instead of per call. */
export interface HandlerContext {
  route: RouteFn;
  health: () => object;
  maxBodyBytes: number;
  logger: Logger;
  stats: HookStats;
  /** Where the start-up JIT warm-up's requests are counted: same code path, kept out of /v1/stats. */
  warmupStats: HookStats;
  /** Parses big bodies and counts texts off the event loop. */
  worker: SummaryWorker;
  countPolicy: () => CountPolicy;
  /** The `usage` section of /v1/stats, when usage recording is set up. */
  usage?: () => object;
}

/** Why: the one error handler (Hono's onError): every error answer is counted; anything but an HttpError is a bug,
 * logged with its stack and answered as a bare 500. */
export function answerError(ctx: HandlerContext, res: ServerResponse, error: unknown, close = false): void {
  let httpError: HttpError;
  if (error instanceof HttpError) httpError = error;
  else {
    ctx.logger.error(`route failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    httpError = new HttpError(500, "internal error; see the ccproxy log");
  }
  if (sendError(res, httpError, close)) ctx.stats.recordError(httpError.type);
}

/** Why: POST /v1/route, the hot path: read, parse, validate, decide, answer. */
export async function handleRoute(ctx: HandlerContext, req: IncomingMessage, res: ServerResponse, warmup = false): Promise<void> {
  const stats = warmup ? ctx.warmupStats : ctx.stats;
  let bodyRead = false;
  try {
    checkContentType(req);
    const bytes = await readBody(req, ctx.maxBodyBytes);
    bodyRead = true;
    const { summary, counted } = await prepare(ctx, bytes);
    const started = performance.now();
    const answer = ctx.route(summary, counted);
    const micros = (performance.now() - started) * 1000;
    if ("need" in answer) {
      stats.recordNeedText(micros);
      sendJson(res, 200, { v: 1, need: "text" });
      return;
    }
    stats.recordDecision(answer, micros);
    const { label, model, alias, rule, reason } = answer;
    // decide_us: the hook records it per LiteLLM worker (timing.py), beside its own round trip.
    sendJson(res, 200, { v: 1, label, model, alias, rule, reason, decide_us: Math.round(micros * 10) / 10 });
  } catch (error) {
    // An unread (or partly read, too large) body is never drained: close the connection instead.
    answerError(ctx, res, error, !bodyRead);
  }
}

/** Why: the event loop only parses small summaries without text (microseconds); anything bigger, and every exact count,
 * runs on the worker thread under a deadline, so no body's size or shape can stall other requests or /health. */
async function prepare(ctx: HandlerContext, bytes: Buffer): Promise<{ summary: RouteSummary; counted?: TokenCount }> {
  let inline: RouteSummary | undefined;
  if (bytes.length <= INLINE_PARSE_BYTES) {
    inline = validateSummary(parseJsonBody(bytes));
    if (inline.text === undefined) return { summary: inline };
  }
  let answer;
  try {
    answer = await ctx.worker.run(bytes, ctx.countPolicy());
  } catch (error) {
    if (!isOverloaded(error) || !inline) throw error;
    // A small text round the worker cannot take: decide from the estimate rather than fail.
    const { text: _, ...summary } = inline;
    return { summary, counted: { tokens: estimateTokens(summary.bytes), exact: false, note: `not counted: ${error.message}` } };
  }
  if ("invalid" in answer) throw new HttpError(400, answer.invalid);
  if ("failed" in answer) throw new Error(answer.failed);
  return answer.counted ? { summary: answer.summary, counted: answer.counted } : { summary: answer.summary };
}

/** Why: GET /health, what `ccproxy start` and `doctor` poll. */
export function handleHealth(ctx: HandlerContext, res: ServerResponse): void {
  sendJson(res, 200, { status: "ok", ...ctx.health() });
}

/** Why: GET /v1/stats, counters and decision-time percentiles since start (`buckets`: ?buckets=1, for the bench). */
export function handleStats(ctx: HandlerContext, res: ServerResponse, buckets = false): void {
  const snapshot = ctx.stats.snapshot(buckets);
  sendJson(res, 200, ctx.usage ? { ...snapshot, usage: ctx.usage() } : snapshot);
}

/** Why: POST /v1/served, a LiteLLM worker's counts of which target served (fallbacks included), for `status`. */
export async function handleServed(ctx: HandlerContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  let bodyRead = false;
  try {
    checkContentType(req);
    const bytes = await readBody(req, SERVED_MAX_BYTES);
    bodyRead = true;
    ctx.stats.recordServed(validateServedBatch(parseJsonBody(bytes)));
    sendJson(res, 200, { v: 1, ok: true });
  } catch (error) {
    answerError(ctx, res, error, !bodyRead);
  }
}

const SERVED_MAX_BYTES = 64 * 1024;
