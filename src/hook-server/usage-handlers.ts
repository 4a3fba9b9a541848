// POST /v1/events (usage records and step times from the LiteLLM workers) and GET /v1/sessions/<id> (the status line's view).
import type { IncomingMessage, ServerResponse } from "node:http";
import type { SessionView } from "../usage/session.js";
import { answerError, type HandlerContext } from "./handlers.js";
import { validateTiming, type TimingBatch } from "./hook-times.js";
import { HttpError } from "./http-error.js";
import { parseJsonBody } from "./parse-json.js";
import { checkContentType, readBody } from "./read-body.js";
import { sendError, sendJson } from "./respond.js";
import type { IngestResult, UsageSnapshot } from "./usage.js";

/** Why: what the server needs from the usage service; absent, the two endpoints answer 404. */
export interface UsageEndpoints {
  ingest(events: unknown[]): Promise<IngestResult>;
  snapshot(): UsageSnapshot;
  session(id: string): SessionView | undefined;
}

/** Why: POST /v1/events: {"v": 1, "events": [record, …], "timing"?: {worker, steps}} → {"v": 1, accepted, rejected,
 * duplicates}. Step times are counted whether usage recording is set up or not. */
export async function handleEvents(ctx: HandlerContext, usage: UsageEndpoints | undefined, req: IncomingMessage, res: ServerResponse): Promise<void> {
  let bodyRead = false;
  try {
    checkContentType(req);
    const bytes = await readBody(req, ctx.maxBodyBytes);
    bodyRead = true;
    const { events, timing } = envelopeOf(parseJsonBody(bytes));
    if (timing) ctx.stats.recordHookTimes(timing);
    if (events.length === 0) return void sendJson(res, 200, { v: 1, accepted: 0, rejected: 0, duplicates: 0 });
    if (!usage) throw new HttpError(404, "/v1/events: usage recording is not set up in this server");
    let result: IngestResult;
    try {
      result = await usage.ingest(events);
    } catch (error) {
      // The server's trouble, not the worker's: 503 UsageWriteFailed tells it to keep the batch and resend.
      throw new HttpError(503, `usage records not written: ${(error as Error).message}`, { type: "UsageWriteFailed" });
    }
    sendJson(res, 200, { v: 1, ...result });
  } catch (error) {
    answerError(ctx, res, error, !bodyRead);
  }
}

/** Why: GET /v1/sessions/<id>: one Claude Code session's requests, cost and last decision; 404 when unknown. */
export function handleSession(ctx: HandlerContext, usage: UsageEndpoints | undefined, id: string, res: ServerResponse): void {
  let session: SessionView | undefined;
  try {
    session = usage?.session(decodeURIComponent(id));
  } catch {
    return answerError(ctx, res, new HttpError(400, "session id: invalid percent-encoding"));
  }
  // Not counted as an error: a status line asks about a new session until its first request is recorded.
  if (!session) return void sendError(res, new HttpError(404, `session ${id}: no usage recorded`));
  sendJson(res, 200, session);
}

function envelopeOf(body: unknown): { events: unknown[]; timing?: TimingBatch } {
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw new HttpError(400, "body: expected {\"v\": 1, \"events\": [...]}");
  const { v, events, timing } = body as { v?: unknown; events?: unknown; timing?: unknown };
  if (v !== 1) throw new HttpError(400, `v: unsupported protocol version ${JSON.stringify(v) ?? "(missing)"}; supported versions: 1`);
  if (!Array.isArray(events)) throw new HttpError(400, "events: expected an array of usage records");
  return timing === undefined ? { events } : { events, timing: validateTiming(timing) };
}
